"""``humas reindex``: rebuild the search index from the database (the source of truth), or
check that the two agree and repair what does not."""

from __future__ import annotations

from contextlib import contextmanager

import click

from humas.errors import HumasError


class Disagree(HumasError):
    """The index and the database disagree (exit code 1 after the report)."""


BUSY = ("the index is being written by another process (a crawl?); "
        "try again when it has finished")


@contextmanager
def _not_busy():
    """Another writer holding the index past the wait: one line, no traceback."""
    from search.indexer import LockError  # Whoosh's: the CLI does not import the engine

    try:
        yield
    except LockError:
        raise HumasError(BUSY) from None


@click.command("reindex", epilog="""\b
Examples:
  humas reindex                   # rebuild the whole index
  humas reindex --check           # one line per problem, then a summary; exit 1 if any
  humas reindex --check --repair  # fix what the check found (only those articles)
""")
@click.option("--check", is_flag=True,
              help="Compare the index with the database (missing, stale, extra, duplicate "
                   "documents) instead of rebuilding; exit 1 if they disagree.")
@click.option("--repair", is_flag=True,
              help="With --check: re-index what disagrees, then check again.")
@click.option("--procs", type=click.IntRange(1, 16), default=None,
              help="Indexing processes for a rebuild (default: the cores, up to 4).")
def command(check: bool, repair: bool, procs: int | None) -> None:
    """Rebuild the whole search index from the archive database."""
    from archive import config
    from humas.access import open_store

    store = open_store()  # one line, no traceback, when there is no (readable) archive
    if repair and not check:
        check = True  # --repair alone means check and repair
    if check:
        _check(config.index_dir(), store, repair)
        return
    _rebuild(config.index_dir(), store, procs)


def _rebuild(index_dir, store, procs: int | None) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from search.indexer import rebuild

    total = store.count()
    with _not_busy(), Progress("[progress.description]{task.description}", BarColumn(),
                               MofNCompleteColumn(), TimeElapsedColumn(),
                               transient=True) as progress:
        task = progress.add_task("indexing", total=total)
        n = rebuild(index_dir, store, procs=procs,
                    progress=lambda i: progress.update(task, completed=i))
    click.echo(f"Indexed {n} articles into {index_dir}", err=True)


def _check(index_dir, store, repair: bool) -> None:
    from search.check import check
    from search.check import repair as fix

    rep = check(index_dir, store)
    for line in rep.lines():
        click.echo(line)
    click.echo(rep.summary())
    if rep.ok:
        return
    if not repair:
        raise Disagree("run `humas reindex --check --repair` to re-index what disagrees "
                       "(or `humas reindex` to rebuild)")
    with _not_busy():
        n = fix(index_dir, store, rep)
    after = check(index_dir, store)
    click.echo(f"repaired: {n} documents re-indexed or removed; {after.summary()}")
    if not after.ok:
        for line in after.lines():
            click.echo(line)
        raise Disagree("the index still disagrees after repair; run `humas reindex`")
