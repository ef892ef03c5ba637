"""``humas crawl``: run the news spider over the sites file, then print a per-site summary."""

from __future__ import annotations

import functools
import re
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
  humas crawl --sites new-sites.yaml --since 2024-01   # a new site's last years only
""" + EXIT_CODES)
@click.option("--sites", "sites_file", metavar="FILE",
              help="Sites YAML (default: $HUMAS_SITES or settings/sites.yaml).")
@click.option("--site", "only", multiple=True, metavar="NAME",
              help="Crawl only this site from the file; repeatable.")
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy/humas setting for this run.")
@click.option("--log-level", default="WARNING", show_default=True,
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
              help="Scrapy log level on stderr.")
@click.option("--no-progress", is_flag=True, help="No live progress line.")
@click.option("--revisit-all", is_flag=True,
              help="Re-check every stored article now (conditionally), not only those due.")
@click.option("--since", metavar="DATE",
              help="Archive only articles published from DATE on (YYYY, YYYY-MM or "
                   "YYYY-MM-DD); discovery stops where a site's sitemap, feed, URLs or "
                   "listing pages show only older ones.")
def command(sites_file, only, overrides, log_level, no_progress, revisit_all, since) -> int:
    """Crawl the sites, store new and changed articles, update the index."""
    from archive.sites import SitesError, load_sites

    # Everything the user gave is checked before the lock, the database or the network.
    from humas.options import parse_date

    bound = parse_date(since, "--since")
    try:
        sites = load_sites(sites_file, only=list(only) or None)
    except SitesError as exc:
        raise HumasError(str(exc)) from None
    values = _overrides(overrides)
    run_key = uuid.uuid4().hex
    values["HUMAS_RUN_KEY"] = run_key
    if revisit_all:
        values["HUMAS_REVISIT_ALL"] = "True"
    if bound is not None:
        values["HUMAS_SINCE"] = bound.isoformat()
    from archive import config
    from archive.runlock import EXIT_LOCKED, Locked, RunLock

    data = config.data_dir()
    if data.exists() and not data.is_dir():
        raise HumasError(f"HUMAS_DATA_DIR {data} is a file, not a directory: point it at a "
                         "folder for archive.db")
    try:
        lock = RunLock(data / "crawl.lock").acquire()
    except Locked as exc:
        click.echo(f"Error: {exc}", err=True)
        return EXIT_LOCKED
    except OSError as exc:
        raise HumasError(f"cannot use the data directory {data}: {exc.strerror}") from None
    try:
        from crawler.run import crawl_settings, prestart_workers, run_news, stop_prestarted_workers

        settings = crawl_settings(values, log_level.upper(), not no_progress)
        prestart_workers(settings)  # they warm up while the database is checked
        try:
            _check_database()
        except HumasError:
            stop_prestarted_workers()
            raise
        run_news(settings, sites_file, list(only))
        _print_summary(run_key, len(sites))
    finally:
        lock.release()
    _exit_without_teardown(0)
    return 0  # not reached


def _exit_without_teardown(code: int) -> None:
    """End the process once the crawl is stored, summarised and unlocked, without freeing
    its heap object by object (as mypy's --fast-exit does): that took a 2,000-article
    crawl 0.25 s after its last line. Every batch is committed already; SQLite's log is
    folded into archive.db (so a copy of that file alone holds the crawl), output flushed
    and logging shut down first."""
    import logging
    import os
    import sys

    from archive.db import checkpoint

    try:
        checkpoint()
    except Exception:  # noqa: BLE001 - the crawl is stored; SQLite folds the log later itself
        logging.getLogger(__name__).debug("WAL checkpoint failed", exc_info=True)
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


def _overrides(items) -> dict[str, str]:
    """``-s NAME=VALUE`` options as a mapping, each checked (see :func:`check_setting`)."""
    values = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            _bad_setting(f"{_cut(item)!r}: expected NAME=VALUE, e.g. -s DOWNLOAD_DELAY=1.0")
        name = name.strip()
        if problem := check_setting(name, value):
            _bad_setting(problem)
        if name not in _known_settings():
            click.echo(f"Warning: {name} is not a setting of humas or Scrapy; passed on as "
                       "given (an extension such as scrapy-redis may read it)", err=True)
        values[name] = value
    return values


def _bad_setting(message: str) -> None:
    raise click.BadParameter(message, ctx=click.get_current_context(silent=True),
                             param_hint="'-s'")


# Settings whose value must be above zero (a zero would stall or disable the crawl silently).
POSITIVE = {"CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "DOWNLOAD_TIMEOUT",
            "AUTOTHROTTLE_TARGET_CONCURRENCY", "HUMAS_SITE_MAX_REQUESTS", "HUMAS_STORE_BATCH",
            "HUMAS_TRAP_PATIENCE", "HUMAS_TRAP_PATIENCE_MAPPED", "HUMAS_PROGRESS_INTERVAL"}
MAY_BE_NEGATIVE = {"HUMAS_EXTRACT_WORKERS"}  # -1: one worker per core
BOOLEANS = ("True", "False", "true", "false", "1", "0")  # what Scrapy's getbool accepts
SETTING_NAME = re.compile(r"[A-Z][A-Z0-9_]*")


def check_setting(name: str, value: str) -> str | None:
    """What is wrong with ``-s NAME=VALUE``, or None. Names must be known (our table,
    Scrapy's defaults, or read somewhere in crawler/); values must fit the default's type."""
    import difflib
    import json
    import math

    defaults = _known_settings()
    if name not in defaults:
        # A near miss of a known name is a typo; another UPPER_CASE name may belong to an
        # extension (scrapy-redis: REDIS_URL, SCHEDULER_PERSIST) and is passed on, with a
        # warning from the caller.
        close = difflib.get_close_matches(name.upper(), list(defaults), n=1, cutoff=0.75)
        if close:
            return f"unknown setting {_cut(name)!r}; did you mean {close[0]}?"
        if not SETTING_NAME.fullmatch(name):
            return (f"unknown setting {_cut(name)!r}: setting names are UPPER_CASE (see "
                    "crawler/settings.py for the crawler's settings)")
        return None
    default = defaults[name]
    shown = f"{name}={_cut(value)}"
    if name == "HUMAS_REVISIT_POLICY" or name == "HUMAS_PAGE_REVISIT":
        from archive.revisit import parse_duration, parse_policy

        try:
            (parse_policy if name == "HUMAS_REVISIT_POLICY" else parse_duration)(value)
        except ValueError as exc:
            return f"{name}: {exc}"
        return None
    if isinstance(default, bool):
        if value.strip() not in BOOLEANS:
            return f"{shown}: expected True or False"
    elif isinstance(default, int | float):
        try:
            number = float(value)
        except ValueError:
            return f"{shown}: expected a number"
        if not math.isfinite(number):
            return f"{shown}: expected a finite number"
        if isinstance(default, int) and not isinstance(default, bool) and \
                not number.is_integer() and name not in _FLOATISH:
            return f"{shown}: expected a whole number"
        if name in POSITIVE and number <= 0:
            return f"{shown}: must be greater than 0"
        if number < 0 and name not in MAY_BE_NEGATIVE and name in _own_settings():
            return f"{shown}: must not be negative"
    elif isinstance(default, dict):
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            return f"{shown}: expected a JSON object, e.g. '{{\"name\": 100}}'"
    return None


# Integer defaults that Scrapy reads as floats (a fractional value is fine).
_FLOATISH = {"DOWNLOAD_TIMEOUT", "DOWNLOAD_DELAY", "CLOSESPIDER_TIMEOUT",
             "AUTOTHROTTLE_START_DELAY", "AUTOTHROTTLE_MAX_DELAY", "METAREFRESH_MAXDELAY"}


def _own_settings() -> dict[str, object]:
    import crawler.settings as ours

    return {n: getattr(ours, n) for n in dir(ours) if n.isupper()}


@functools.cache
def _known_settings() -> dict[str, object]:
    """Setting name -> default: Scrapy's, ours, and any upper-case name crawler/ reads (a
    middleware may read a setting that has no line in the table; its default is unknown)."""
    import re
    from pathlib import Path

    from scrapy.settings import default_settings

    known: dict[str, object] = {n: getattr(default_settings, n) for n in dir(default_settings)
                                if n.isupper()}
    root = Path(__file__).resolve().parents[2] / "crawler"
    for path in root.rglob("*.py"):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        for found in re.findall(r"[\"']([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)[\"']", text):
            known.setdefault(found, None)
    known.update(_own_settings())
    return known


def _cut(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _check_database() -> None:
    from archive.store import ArchiveStore
    from humas.access import db_error

    try:
        ArchiveStore()
    except Exception as exc:
        raise HumasError(f"cannot open the archive database: {db_error(exc)}") from None


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
