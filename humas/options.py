"""Options shared by every command that filters or prints data (sqlite-utils style)."""

from __future__ import annotations

import contextlib
import functools
import re
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import IO

import click

from humas.errors import HumasError

WIB = timezone(timedelta(hours=7))
DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def output_options(formats: tuple[str, ...] = ("table", "json", "csv"), default: str = "table"):
    """``--format`` and ``-o/--output`` for commands that print data."""

    def decorator(f):
        @click.option("--format", "fmt", type=click.Choice(formats), default=default,
                      show_default=True, help="Output format.")
        @click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True,
                                                        path_type=Path),
                      help="Write to FILE instead of standard output.")
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            return f(*args, **kwargs)

        return wrapper

    return decorator


def filter_options(f):
    """The filters shared by search, export (and stats): one implementation for all."""

    @click.option("--program", "programs", multiple=True, metavar="NAME",
                  help="Program (alias-aware, case-insensitive); repeat to require several.")
    @click.option("--region", metavar="NAME",
                  help="Polda, Polres or kabupaten/kota, or an alias (Jatim, Jember...).")
    @click.option("--site", "sites", multiple=True, metavar="NAME", help="Site name; repeatable.")
    @click.option("--since", metavar="DATE", help="From this date on (YYYY, YYYY-MM or YYYY-MM-DD).")
    @click.option("--until", metavar="DATE", help="Up to and including this date (same forms).")
    @click.option("--status", type=click.Choice(["live", "deleted", "all"]), default="live",
                  show_default=True, help="Article status.")
    @click.option("--person", metavar="NAME", help="Official named in the article.")
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)

    return wrapper


def parse_date(value: str | None, option: str, end: bool = False) -> datetime | None:
    """A date bound in WIB: the start of the day/month/year, or just after its end."""
    if value is None:
        return None
    m = DATE.match(value.strip())
    if not m:
        raise HumasError(f"{option} {value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        start = datetime(y, mo, d, tzinfo=WIB)
    except ValueError as exc:
        raise HumasError(f"{option} {value!r} is not a valid date ({exc})") from None
    if not end:
        return start
    if m.group(3):
        return start + timedelta(days=1)
    if m.group(2):
        return start.replace(year=y + (mo == 12), month=mo % 12 + 1)
    return start.replace(year=y + 1)


def build_filters(programs, region, sites, since, until, status, person):
    """Resolve names with the taxonomy and return ``search.query.Filters``."""
    from search.query import Filters

    start, stop = parse_date(since, "--since"), parse_date(until, "--until", end=True)
    if start and stop and start >= stop:
        raise HumasError(f"--since {since} is after --until {until}")
    filters = Filters(sites=list(sites), since=start, until=stop, status=status, person=person)
    if programs or region:
        tax = load_taxonomy()
        filters.programs = [_resolve(tax.resolve_program, p) for p in programs]
        if region:
            r = _resolve(tax.resolve_region, region)
            if r.get("kind") == "polda":
                filters.polda = [r["polda"]]
            else:
                filters.polres = list(r.get("polres") or [])
    return filters


def _resolve(fn, name):
    from archive.enrich import TaxonomyError

    try:
        return fn(name)
    except TaxonomyError as exc:
        raise HumasError(str(exc)) from None


def load_taxonomy():
    from archive import config
    from archive.enrich import TaxonomyError
    from archive.enrich import load_taxonomy as load

    try:
        return load(programs_path=str(config.programs_path()),
                    regions_path=str(config.regions_path()))
    except TaxonomyError as exc:
        raise HumasError(str(exc)) from None
    except FileNotFoundError as exc:
        raise HumasError(f"{exc.filename}: no such file (set HUMAS_SETTINGS_DIR)") from None


@contextlib.contextmanager
def open_output(path: Path | str | None) -> Iterator[IO[str]]:
    """The file to write to: ``path`` (UTF-8, newlines as written) or standard output."""
    if path is None:
        yield sys.stdout
        return
    try:
        fh = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise HumasError(f"cannot write {path}: {exc.strerror}") from None
    with fh:
        yield fh
