"""``humas search``: find articles by words, program, region and date."""

from __future__ import annotations

import csv
import json
import sys

import click

from humas.errors import HumasError
from humas.options import build_filters, filter_options, open_output, output_options

HELP = """Search the archive. QUERY words must all match (``--any`` for any);
"exact phrases", -word to exclude, title:word and author:name fields. Words are stemmed
(Indonesian), so "diamankan" also finds "mengamankan". An empty QUERY with filters lists every
matching article.
"""


@click.command("search", help=HELP, epilog="""\b
Examples:
  humas search "jumat curhat" --region Jatim
  humas search "" --program "Cooling System" --since 2024-09 --until 2024-11 --sort newest
  humas search 'title:patroli -narkoba' --format json --limit 50
""")
@click.argument("query", required=False, default="")
@filter_options
@click.option("--any", "any_words", is_flag=True, help="Match any of the words, not all.")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]),
              default="relevance", show_default=True)
@click.option("--limit", type=click.IntRange(0, 10000), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@output_options()
def command(query, programs, region, sites, since, until, status, person, any_words, sort,
            limit, offset, fmt, output) -> None:
    from archive import config
    from search.query import QueryError, run_search

    filters = build_filters(programs, region, sites, since, until, status, person)
    store = _store()
    try:
        result = run_search(config.index_dir(), query, filters, sort=sort, limit=limit,
                            offset=offset, any_words=any_words, texts=store.texts_of)
    except QueryError as exc:
        raise HumasError(str(exc)) from None
    with open_output(output) as out:
        if fmt == "json":
            json.dump(result.to_dict(), out, ensure_ascii=False, indent=2)
            out.write("\n")
        elif fmt == "csv":
            _csv(result, out)
        else:
            _table(result, query, out)


def _store():
    from archive.store import ArchiveStore

    try:
        return ArchiveStore(create=False)
    except Exception as exc:
        raise HumasError(f"cannot open the archive database: {exc}") from None


def _csv(result, out) -> None:
    cols = ["published", "site", "polda", "polres", "programs", "title", "url", "score",
            "snippet"]
    w = csv.writer(out)
    w.writerow(cols)
    for h in result.to_dict()["hits"]:
        w.writerow([json.dumps(h[c], ensure_ascii=False) if isinstance(h[c], list) else h[c]
                    for c in cols])


def _table(result, query: str, out) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, width=None if out is sys.stdout else 120)
    table = Table(show_lines=True, title=f"{result.total} matching articles",
                  title_justify="left", expand=False)
    table.add_column("date", no_wrap=True)
    table.add_column("polres / programs", max_width=20)
    table.add_column("article", ratio=1)
    for h in result.hits:
        date = h.published.strftime("%Y-%m-%d") if h.published else "?"
        where = Text(h.polres or h.polda or "-", style="cyan")
        if h.programs:
            where.append("\n" + ", ".join(h.programs), style="green")
        body = Text(h.title, style="bold")
        body.append("\n")
        body.append_text(Text.from_markup(_markup(h.snippet)))
        body.append("\n" + h.url, style="blue underline")
        table.add_row(date, where, body)
    console.print(table)


def _markup(snippet: str) -> str:
    from rich.markup import escape

    return escape(snippet).replace("&lt;b&gt;", "[bold yellow]").replace(
        "&lt;/b&gt;", "[/bold yellow]").replace("<b>", "[bold yellow]").replace(
        "</b>", "[/bold yellow]")
