"""``humas runs``: the crawl-run records, newest first, one row per run and site."""

from __future__ import annotations

import csv
import json
import sys

import click

from humas.access import open_store
from humas.errors import HumasError
from humas.options import open_output, output_options

COLUMNS = ("run", "site", "started", "finished", "duration", "requests", "new", "updated",
           "unchanged", "deleted", "errors")
NUMBERS = ("requests", "new", "updated", "unchanged", "deleted", "errors")


@click.command("runs", epilog="""\b
Examples:
  humas runs
  humas runs --limit 3 --site polres-jember
  humas runs --format csv -o runs.csv
""")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="Show the N newest runs (every site of each).")
@click.option("--site", metavar="NAME", help="Only this site's part of each run.")
@output_options()
def command(limit: int, site: str | None, fmt: str, output) -> None:
    """List crawl runs, newest first: what each site's crawl cost and found.

    Times are UTC; the run key is shortened to 8 characters in the table (json and csv give
    it whole). The table adds a total row for each run of several sites.
    """
    from archive.history import list_runs, site_names

    store = open_store()
    with store.Session() as s:
        if site is not None and site not in (names := site_names(s)):
            known = ", ".join(sorted(names)) or "none yet"
            raise HumasError(f"no site named {site!r} in the archive (known: {known})")
        rows = list_runs(s, limit=limit, site=site)
    with open_output(output) as out:
        if fmt == "json":
            json.dump([r.to_dict() for r in rows], out, ensure_ascii=False, indent=2)
            out.write("\n")
        elif fmt == "csv":
            w = csv.writer(out, lineterminator="\n")
            w.writerow(["run_key", "site", "started_at", "finished_at", "duration_s", "requests",
                        "pages", *NUMBERS[1:]])
            for r in rows:
                d = r.to_dict()
                w.writerow([d["run_key"], d["site"], d["started_at"], d["finished_at"] or "",
                            "" if r.duration is None else f"{r.duration:.1f}", r.requests,
                            r.pages, *(d[c] for c in NUMBERS[1:])])
        elif not rows:
            click.echo("no crawl runs recorded yet (run: humas crawl)", file=out)
        else:
            _table(rows, out)


def _table(rows, out) -> None:
    from itertools import groupby

    from rich.table import Table

    from archive.history import run_totals

    table = Table(title="Crawl runs (UTC)", title_justify="left")
    for c in COLUMNS:
        table.add_column(c, justify="right" if c in (*NUMBERS, "duration") else "left")
    groups = [list(g) for _, g in groupby(rows, key=lambda r: r.run_key)]
    for i, group in enumerate(groups):
        for j, r in enumerate(group):
            table.add_row(*_cells(r), end_section=len(group) == 1 and j == len(group) - 1
                          and i < len(groups) - 1)
        if len(group) > 1:
            table.add_row(*_cells(run_totals(group)), style="bold", end_section=True)
    console(out).print(table)


def console(out):
    """A rich console on ``out``: the terminal's width, or wide enough when piped."""
    from rich.console import Console

    tty = out is sys.stdout and sys.stdout.isatty()
    return Console(file=out, width=None if tty else 200)


def _cells(r) -> list[str]:
    return [r.run_key[:8], r.site, _when(r.started_at), _when(r.finished_at),
            _duration(r.duration), *(str(getattr(r, c)) for c in NUMBERS)]


def _when(t) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S") if t else "-"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "unfinished"
    seconds = round(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h{m:02d}m{s:02d}s" if h else f"{m}m{s:02d}s" if m else f"{s}s"
