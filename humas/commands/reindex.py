"""``humas reindex``: rebuild the search index from the database (the source of truth)."""

from __future__ import annotations

import click

from humas.errors import HumasError


@click.command("reindex", epilog="""\b
Example:
  humas reindex
""")
def command() -> None:
    """Rebuild the whole search index from the archive database."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from archive import config
    from archive.store import ArchiveStore
    from search.indexer import rebuild

    try:
        store = ArchiveStore(create=False)
    except Exception as exc:
        raise HumasError(f"cannot open the archive database: {exc}") from None
    total = store.count()
    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), transient=True) as progress:
        task = progress.add_task("indexing", total=total)
        n = rebuild(config.index_dir(), store,
                    progress=lambda i: progress.update(task, completed=i))
    click.echo(f"Indexed {n} articles into {config.index_dir()}", err=True)
