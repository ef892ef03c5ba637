"""``humas crawl``: run the news spider over the sites file, then print a per-site summary."""

from __future__ import annotations

import uuid

import click

from humas.errors import HumasError

EXIT_CODES = """\b
Exit codes: 0 the crawl ran (pages that failed are recorded and summarised);
1 it could not run (bad sites file, unusable database); 2 bad usage;
75 another crawl of the same archive is still running (try again later)."""


@click.command("crawl", epilog="""\b
Examples:
  humas crawl
  humas crawl --sites my-sites.yaml --site polres-jember
  humas crawl -s DOWNLOAD_DELAY=1.0 -s HUMAS_SITE_MAX_REQUESTS=500
""" + EXIT_CODES)
@click.option("--sites", "sites_file", metavar="FILE",
              help="Sites YAML (default: $HUMAS_SITES or settings/sites.yaml).")
@click.option("--site", "only", multiple=True, metavar="NAME",
              help="Crawl only this site from the file; repeatable.")
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy/humas setting for this run.")
@click.option("--log-level", default="WARNING", show_default=True,
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
              help="Scrapy log level on stderr.")
@click.option("--no-progress", is_flag=True, help="No live progress line.")
@click.option("--revisit-all", is_flag=True,
              help="Re-check every stored article now (conditionally), not only those due.")
def command(sites_file, only, overrides, log_level, no_progress, revisit_all) -> int:
    """Crawl the sites, store new and changed articles, update the index."""
    from archive.sites import SitesError, load_sites

    try:
        sites = load_sites(sites_file, only=list(only) or None)
    except SitesError as exc:
        raise HumasError(str(exc)) from None
    values = _overrides(overrides)
    run_key = uuid.uuid4().hex
    values["HUMAS_RUN_KEY"] = run_key
    if revisit_all:
        values["HUMAS_REVISIT_ALL"] = "True"
    from archive import config
    from archive.runlock import EXIT_LOCKED, Locked, RunLock

    try:
        lock = RunLock(config.data_dir() / "crawl.lock").acquire()
    except Locked as exc:
        click.echo(f"Error: {exc}", err=True)
        return EXIT_LOCKED
    try:
        _check_database()
        from crawler.run import crawl_settings, run_news

        run_news(crawl_settings(values, log_level, not no_progress), sites_file, list(only))
        _print_summary(run_key, len(sites))
    finally:
        lock.release()
    return 0


def _overrides(items) -> dict[str, str]:
    """``-s NAME=VALUE`` options as a mapping."""
    values = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise HumasError(f"-s {item!r}: expected NAME=VALUE")
        values[name.strip()] = value
    return values


def _check_database() -> None:
    from archive.store import ArchiveStore

    try:
        ArchiveStore()
    except Exception as exc:
        raise HumasError(f"cannot open the archive database: {exc}") from None


def _print_summary(run_key: str, n_sites: int) -> None:
    from rich.console import Console
    from rich.table import Table
    from sqlalchemy import select

    from archive.models import CrawlRun, Site
    from archive.store import ArchiveStore

    store = ArchiveStore()
    with store.Session() as s:
        rows = s.execute(select(Site.name, CrawlRun).join(CrawlRun, CrawlRun.site_id == Site.id)
                         .where(CrawlRun.run_key == run_key).order_by(Site.name)).all()
    table = Table(title=f"Crawl summary ({n_sites} sites)")
    cols = ("requests", "pages", "new", "updated", "unchanged", "deleted", "errors")
    table.add_column("site")
    for c in cols:
        table.add_column(c, justify="right")
    totals = dict.fromkeys(cols, 0)
    for name, run in rows:
        table.add_row(name, *(str(getattr(run, c)) for c in cols))
        for c in cols:
            totals[c] += getattr(run, c)
    table.add_row("[b]total[/b]", *(f"[b]{totals[c]}[/b]" for c in cols))
    console = Console(stderr=True)
    console.print(table)
    for name, run in rows:  # what went wrong, per site: the faults the middlewares counted
        faults = (run.stats or {}).get("faults") or {}
        if faults:
            met = ", ".join(f"{k}={v}" for k, v in sorted(faults.items(), key=lambda kv: -kv[1]))
            console.print(f"Faults met on {name}: {met}", soft_wrap=True, markup=False,
                          highlight=False)
