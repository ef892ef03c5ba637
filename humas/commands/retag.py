"""``humas retag``: re-apply settings/programs.yaml and regions.yaml to every stored article."""

from __future__ import annotations

import json
import sys

import click

from humas.errors import HumasError
from humas.options import load_taxonomy, open_output, output_options

PROGRESS_MIN = 200  # articles: below this a progress bar only flickers


@click.command("retag", epilog="""\b
Examples:
  humas retag --dry-run          # what would change after editing settings/programs.yaml
  humas retag                    # apply: update the database and the search index
  humas retag --format json -o retag.json

\b
The site's `region` hint comes from the sites file (--sites, default $HUMAS_SITES or
settings/sites.yaml), as in the crawl. A settings file with an error stops the command
before anything is read or written: "Error: settings/programs.yaml:12: ...".
""")
@click.option("--dry-run", is_flag=True, help="Only report what would change; write nothing.")
@click.option("--sites", "sites_file", metavar="FILE",
              help="Sites YAML with the `region` hints (default: $HUMAS_SITES or settings/sites.yaml).")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@output_options(formats=("table", "json"))
def command(dry_run: bool, sites_file: str | None, no_progress: bool, fmt: str, output) -> None:
    """Tag every stored article again with the current programs and regions files and print
    what changed (articles that gained or lost each program, Polda and Polres)."""
    from archive import config
    from archive.enrich.retag import retag
    from humas.access import db_error, open_store

    # Every input is checked before anything is touched: the settings, the sites file, the
    # archive (never created here), and -o (by output_options, before this body runs).
    tax = load_taxonomy()
    hints = _region_hints(sites_file)
    store = open_store()
    try:
        total = store.count()
    except Exception as exc:
        raise HumasError(f"cannot read the archive database: {db_error(exc)}") from None
    with _progress(total, no_progress) as tick:
        report = retag(store, tax, hints, dry_run=dry_run, progress=tick)
    if report.changed_ids and not dry_run:
        from search.indexer import update

        update(config.index_dir(), store, report.changed_ids)
    with open_output(output) as fh:
        if fmt == "json":
            fh.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            _print_table(report, fh)


def _region_hints(sites_file: str | None) -> dict[str, str | None]:
    from archive.sites import SitesError, default_sites_path, load_sites

    if sites_file is None and not default_sites_path().is_file():
        return {}  # no sites file here: tag without site hints
    try:
        return {s.name: s.region for s in load_sites(sites_file)}
    except SitesError as exc:
        raise HumasError(str(exc)) from None


class _progress:
    """A rich progress bar on stderr for long runs on a terminal; otherwise a no-op."""

    def __init__(self, total: int, disabled: bool) -> None:
        self.total = total
        self.bar = None
        if not disabled and total >= PROGRESS_MIN and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

            self.bar = Progress("[progress.description]{task.description}", BarColumn(),
                                MofNCompleteColumn(), TimeElapsedColumn(),
                                console=Console(stderr=True), transient=True)

    def __enter__(self):
        if self.bar is None:
            return None
        self.bar.start()
        task = self.bar.add_task("retagging", total=self.total)
        return lambda n: self.bar.update(task, completed=n)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _print_table(report, fh) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=fh, soft_wrap=True)
    verb = "would change" if report.dry_run else "changed"
    console.print(f"{report.checked} articles retagged; {len(report.changed_ids)} {verb}.")
    rows = report.rows()
    if rows:
        table = Table(title="Articles that gained (+) or lost (-) a tag", title_justify="left")
        for col, justify in (("kind", "left"), ("value", "left"), ("+", "right"), ("-", "right")):
            table.add_column(col, justify=justify)
        for kind, value, plus, minus in rows:
            table.add_row(kind, value, str(plus), str(minus))
        console.print(table)
    if report.fields:
        console.print("Fields changed: " + ", ".join(f"{k} {v}" for k, v in sorted(report.fields.items())))
    if report.dry_run and report.changed_ids:
        console.print("Dry run: nothing was written. Run again without --dry-run to apply.")
