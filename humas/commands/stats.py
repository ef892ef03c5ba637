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
from humas.options import build_filters, filter_options, open_output, output_options

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


def _table(stats, out) -> None:
    from rich.console import Console
    from rich.table import Table

    from archive.stats import ALL

    console = Console(file=out, width=None if out is sys.stdout else 160)
    dup = "" if stats.count_duplicates else f", {stats.duplicates_skipped} syndicated copies " \
        "not counted"
    console.print(f"{stats.total} articles{dup}", soft_wrap=True)
    table = Table()
    if len(stats.by) == 1:
        table.add_column(stats.by[0])
        table.add_column("articles", justify="right")
        for r in stats.records():
            value = r[stats.by[0]]
            table.add_row("total" if value == ALL else value, str(r["articles"]),
                          style="bold" if value == ALL else None, end_section=value == ALL)
    else:
        _pivot(stats, table)
    console.print(table)


def _pivot(stats, table) -> None:
    """Rows: first dimension; columns: the second; a total column and a total row."""
    cols = stats.values(1)
    table.add_column(f"{stats.by[0]} \\ {stats.by[1]}")
    for c in cols:
        table.add_column(c, justify="right")
    table.add_column("total", justify="right", style="bold")
    for v in stats.values(0):
        table.add_row(v, *[str(stats.cells.get((v, c), "")) for c in cols],
                      str(stats.margins[0][v]))
    table.add_section()
    table.add_row("total", *[str(stats.margins[1][c]) for c in cols], str(stats.total),
                  style="bold")
