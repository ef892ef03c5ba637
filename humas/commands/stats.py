"""``humas stats``: article counts by program, region, site, month or year (with a chart)."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click

from humas.access import open_store
from humas.commands.export import matching_ids
from humas.errors import HumasError
from humas.options import (
    build_filters,
    filter_options,
    open_output,
    output_options,
    output_problem,
)

HELP = """Count matching articles by one or two dimensions, with totals.

An article with several programs counts under each of them (the totals count each article
once). Syndicated copies (re-posts of an article already selected) count once unless
--count-duplicates. Months and years are in the article's local time (WIB/WITA/WIT).
"""


@click.command("stats", help=HELP, epilog="""\b
Examples:
  humas stats --by program
  humas stats --by program --by month --since 2024-01 --chart programs.png
  humas stats "pilkada" --by polres --region Jatim --format csv -o pilkada-jatim.csv
  humas stats --by polda --by year --format json
""")
@click.argument("query", required=False, default="")
@filter_options
@click.option("--by", "by", multiple=True, metavar="DIM", default=("program",),
              show_default=True,
              help="program, polda, polres, site, month or year; give one or two.")
@click.option("--count-duplicates", is_flag=True,
              help="Count every syndicated copy, not each story once.")
@click.option("--chart", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              metavar="FILE.png", help="Also draw the counts as a PNG figure.")
@output_options()
def command(query, programs, region, sites, since, until, status, person, by,
            count_duplicates, chart, fmt, output) -> None:
    from archive.stats import check_dimensions, count, draw_chart

    try:
        by = check_dimensions(by)
    except ValueError as exc:
        raise HumasError(str(exc)) from None
    if chart is not None and chart.suffix.lower() != ".png":
        raise HumasError(f"--chart {chart}: the figure is a PNG, name it FILE.png")
    if chart is not None and (problem := output_problem(chart)):
        raise HumasError(f"--chart {chart}: {problem}")  # before the counts are printed
    filters = build_filters(programs, region, sites, since, until, status, person)
    store = open_store()
    stats = count(store.Session, matching_ids(query, filters), by, count_duplicates)
    with open_output(output) as out:
        if fmt == "json":
            json.dump(stats.to_dict(), out, ensure_ascii=False, indent=2)
            out.write("\n")
        elif fmt == "csv":
            w = csv.DictWriter(out, fieldnames=[*by, "articles"], lineterminator="\n")
            w.writeheader()
            w.writerows(stats.records())
        else:
            _table(stats, out)
    if chart is not None:
        try:
            draw_chart(stats, chart, title=_title(query, by, programs, region, sites, since,
                                                  until))
        except OSError as exc:
            raise HumasError(f"cannot write {chart}: {exc.strerror}") from None
        click.echo(f"chart written to {chart}", err=True)


def _title(query, by, programs, region, sites, since, until) -> str:
    from archive.stats import LABELS

    parts = []
    if query:
        parts.append(f'"{query}"')
    parts += list(programs)
    if region:
        parts.append(region)
    parts += list(sites)
    if since or until:
        parts.append(f"{since or '…'} to {until or '…'}")
    what = "Articles by " + " and ".join(LABELS[d].lower() for d in by)
    if "month" in by or "year" in by:
        other = [d for d in by if d not in ("month", "year")]
        period = "month" if "month" in by else "year"
        what = f"Articles per {period}" + (f" by {other[0]}" if other else "")
    return what + (f" ({', '.join(parts)})" if parts else "")


TABLE_WIDTH = 80  # a table written to a file fits a standard terminal too
LABEL_MAX = 22  # row labels (Polres names) wrap beyond this
WORD_MAX = 11  # a value column is at most this wide ("Bhayangkara"); longer words fold
MIN_PIVOT_COLUMNS = 3  # fewer value columns than this fit: print long rows instead


def _table(stats, out) -> None:
    from rich.console import Console
    from rich.table import Table

    from archive.stats import ALL

    # stdout: the terminal's width (80 when it is not a terminal)
    console = Console(file=out, width=None if out is sys.stdout else TABLE_WIDTH)
    dup = "" if stats.count_duplicates else f", {stats.duplicates_skipped} syndicated copies " \
        "not counted"
    console.print(f"{stats.total} articles{dup}", soft_wrap=True)
    if len(stats.by) == 1:
        table = Table()
        table.add_column(stats.by[0], max_width=max(LABEL_MAX, console.width - 14))
        table.add_column("articles", justify="right")
        for r in stats.records():
            value = r[stats.by[0]]
            table.add_row("total" if value == ALL else value, str(r["articles"]),
                          style="bold" if value == ALL else None, end_section=value == ALL)
        console.print(table)
        return
    _pivot(stats, console)


def _pivot(stats, console) -> None:
    """A cross table that fits the console: the dimension with more values runs down the
    rows, the other across as many columns as fit, largest first,
    with a total column and a total row (distinct articles). What does not fit is named
    below the table; when not even a few columns fit, one line per cell instead."""
    from rich.table import Table

    r = _row_dimension(stats)
    c = 1 - r
    rows, cols = stats.values(r), stats.values(c)

    def cell(rv: str, cv: str) -> int:
        return stats.cells.get((rv, cv) if r == 0 else (cv, rv), 0)

    label_w = min(LABEL_MAX, max(len(v) for v in [*rows, "total", stats.by[r]]))
    total_w = max(5, len(str(stats.total)))
    room = console.width - 1 - (label_w + 3) - (total_w + 3)  # borders and padding: 3 each
    shown, widths = [], []
    for v in cols:
        digits = len(str(stats.margins[c][v]))
        # headers wrap at spaces ("Cooling / System"), so a column is as wide as its
        # longest word ("Kalimantan") or its largest count; longer words are folded
        w = max(digits, min(WORD_MAX, max(len(word) for word in v.split() or [v])), 4)
        if room < w + 3:
            break
        shown.append(v)
        widths.append(w)
        room -= w + 3
    if len(shown) < min(MIN_PIVOT_COLUMNS, len(cols)):
        _long(stats, console, r, c, cell)
        return
    corner = f"{stats.by[r]} \u00d7 {stats.by[c]}"  # "month × program"
    table = Table()
    table.add_column(corner if len(corner) <= label_w else stats.by[r], width=label_w,
                     overflow="fold")
    for v, w in zip(shown, widths, strict=True):
        table.add_column(v, justify="right", width=w, overflow="fold")
    table.add_column("total", justify="right", width=total_w, style="bold")
    for v in rows:
        table.add_row(v, *[str(cell(v, cv) or "") for cv in shown], str(stats.margins[r][v]))
    table.add_section()
    table.add_row("total", *[str(stats.margins[c][cv]) for cv in shown], str(stats.total),
                  style="bold")
    console.print(table)
    hidden = cols[len(shown):]
    if hidden:
        console.print(f"not shown: {len(hidden)} smaller {stats.by[c]} columns "
                      f"({', '.join(hidden[:3])}{', ...' if len(hidden) > 3 else ''}); "
                      "--format csv lists every cell", soft_wrap=False)


def _row_dimension(stats) -> int:
    """The dimension with more values runs down the rows (a table grows downwards);
    on a tie, the time dimension."""
    from archive.stats import TIME_DIMENSIONS

    n0, n1 = len(stats.margins[0]), len(stats.margins[1])
    if n0 != n1:
        return 0 if n0 > n1 else 1
    return 1 if stats.by[1] in TIME_DIMENSIONS else 0


def _long(stats, console, r: int, c: int, cell) -> None:
    """One row per non-empty cell (``dimension | dimension | articles``), then totals."""
    from rich.table import Table

    table = Table()
    table.add_column(stats.by[r], max_width=LABEL_MAX, overflow="fold")
    table.add_column(stats.by[c], max_width=max(LABEL_MAX, console.width - LABEL_MAX - 16),
                     overflow="fold")
    table.add_column("articles", justify="right")
    for rv in stats.values(r):
        values = [(cv, cell(rv, cv)) for cv in stats.values(c) if cell(rv, cv)]
        for k, (cv, n) in enumerate(values):
            table.add_row(rv if k == 0 else "", cv, str(n))
        table.add_row("", "total", str(stats.margins[r][rv]), style="bold", end_section=True)
    table.add_row("total", "", str(stats.total), style="bold")
    console.print(table)
