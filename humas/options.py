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
DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$", re.ASCII)
MIN_YEAR, MAX_YEAR = 1900, 2999


def output_options(formats: tuple[str, ...] = ("table", "json", "csv"), default: str = "table"):
    """``--format`` and ``-o/--output`` for commands that print data."""

    def decorator(f):
        @click.option("--format", "fmt", type=click.Choice(formats), default=default,
                      show_default=True, help="Output format.")
        @click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True,
                                                        path_type=Path),
                      callback=check_output, help="Write to FILE instead of standard output.")
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
    """A date bound in WIB: the start of the day/month/year, or just after its end.

    Years are kept to MIN_YEAR..MAX_YEAR: outside them the bound (or its conversion to UTC
    in the index) overflows Python's datetime, and no humas article is dated there anyway."""
    if value is None:
        return None
    shown = _cut(value)
    m = DATE.match(value.strip())
    if not m:
        raise HumasError(f"{option} {shown!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD "
                         "(e.g. 2024, 2024-11 or 2024-11-08)")
    y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise HumasError(f"{option} {shown!r}: the year must be between {MIN_YEAR} and "
                         f"{MAX_YEAR}")
    if not 1 <= mo <= 12:
        raise HumasError(f"{option} {shown!r}: there is no month {mo} (months are 01-12)")
    try:
        start = datetime(y, mo, d, tzinfo=WIB)
    except ValueError:
        raise HumasError(f"{option} {shown!r}: {y}-{mo:02d} has no day {d}") from None
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
        raise HumasError(f"--since {since} is after --until {until}: swap them")
    if sites:
        check_site_names(sites)
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

    if not name.strip():
        what = "program" if "program" in getattr(fn, "__name__", "") else "region"
        raise HumasError(f"--{what} is empty: give a name (e.g. --program \"Jumat Curhat\", "
                         "--region Jatim)")
    try:
        return fn(name)
    except TaxonomyError as exc:
        raise HumasError(_cut(str(exc), 300)) from None


def check_site_names(sites) -> None:
    """Every ``--site`` must be a site of the archive: a misspelt one would match nothing."""
    import difflib

    from humas.access import site_names

    names = site_names()
    if names is None:  # no archive here: the command says so itself
        return
    for site in sites:
        if site not in names:
            close = difflib.get_close_matches(site, sorted(names), n=1)
            hint = (f"; did you mean {close[0]!r}?" if close
                    else f" (known: {_cut(', '.join(sorted(names)) or 'none yet', 200)})")
            raise HumasError(f"no site named {_cut(site)!r} in the archive{hint}")


def check_output(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """``-o FILE`` checked before any work: its folder exists and it is not the archive."""
    if value is None:
        return None
    problem = output_problem(value)
    if problem:
        raise click.BadParameter(problem, ctx=ctx, param=param)
    return value


def output_problem(path: Path | str) -> str | None:
    """Why ``path`` cannot be written as an output file, or None."""
    import os

    text = str(path)
    if not text.strip():
        return "give a file name"
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        return f"{_cut(text)} is a directory; give a file name"
    if not parent.is_dir():
        return f"folder {_cut(str(parent))} does not exist; create it first"
    if not os.access(parent, os.W_OK):
        return f"folder {_cut(str(parent))} is not writable"
    if what := _protected(path):
        return f"{_cut(text)} is {what}; writing there would destroy it, choose another file"
    return None


def _protected(path: Path) -> str | None:
    """What of the archive or its settings ``path`` is, if any."""
    from archive import config
    from archive.sites import default_sites_path

    target = path.resolve()
    db = config.db_url()
    if db.startswith("sqlite:///"):
        file = Path(db.removeprefix("sqlite:///")).resolve()
        if target in (file, Path(f"{file}-wal"), Path(f"{file}-shm")):
            return "the archive database"
    index = config.index_dir().resolve()
    if target == index or index in target.parents:
        return "inside the search index"
    for what, p in (("the sites file", default_sites_path()),
                    ("the programs file", config.programs_path()),
                    ("the regions file", config.regions_path())):
        if target == p.resolve():
            return what
    return None


def _cut(text: str, limit: int = 80) -> str:
    """User input quoted in a message stays short, so the message fits on one line."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "..."


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
    if problem := output_problem(path):
        raise HumasError(f"cannot write {_cut(str(path))}: {problem}")
    try:
        fh = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise HumasError(f"cannot write {path}: {exc.strerror}") from None
    with fh:
        yield fh
