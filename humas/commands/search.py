"""``humas search``: find articles by words, program, region and date."""

from __future__ import annotations

import csv
import json
import sys

import click

from humas.errors import HumasError
from humas.options import build_filters, filter_options, open_output, output_options

HELP = """Search the archive: the best matches first, matched words in bold, a link back.

\b
Query language:
  pasar aman            all the words must match (--any: at least one)
  "jumat curhat"        an exact phrase
  patroli -narkoba      -word excludes articles with that word
  title:curhat          a word in the title; author:humas in the byline
  title:"cooling system"  a phrase in the title

Words are analysed the Indonesian way in the index and in the query: lower case, accents
folded (Café = cafe), stopwords dropped (dan, di, yang...), Sastrawi stems, so "diamankan"
also finds "mengamankan". --fuzzy also accepts words one or two letters off (typos). An empty
QUERY with filters lists every matching article, newest first. A query that cannot be parsed
is refused with the column of the problem.

Ranking: BM25F over title and text, the title boosted; equal scores put the newer article
first. Syndicated copies are folded under their original ("+N copies"); --show-duplicates
lists them. Facets (--format json) count the whole matching set, not just the page.
"""


@click.command("search", help=HELP, epilog="""\b
Examples:
  humas search "jumat curhat" --region Jatim
  humas search "" --program "Cooling System" --since 2024-09 --until 2024-11 --sort newest
  humas search 'title:patroli -narkoba' --format json --limit 50
  humas search "penganiyaan" --fuzzy --region Jember
""")
@click.argument("query", required=False, default="")
@filter_options
@click.option("--any", "any_words", is_flag=True, help="Match any of the words, not all.")
@click.option("--fuzzy", is_flag=True, help="Tolerate typos (1 edit in short words, 2 in long).")
@click.option("--show-duplicates", is_flag=True,
              help="List syndicated copies too, instead of folding them under the original.")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]),
              default="relevance", show_default=True)
@click.option("--limit", type=click.IntRange(0, 10000), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@output_options()
def command(query, programs, region, sites, since, until, status, person, any_words, fuzzy,
            show_duplicates, sort, limit, offset, fmt, output) -> None:
    from archive import config
    from archive.texts import ArchiveUnreadable, texts_reader
    from search.query import QueryError, check_syntax, run_search
    from search.reader import has_index

    filters = build_filters(programs, region, sites, since, until, status, person)
    try:
        check_syntax(query)  # a mistyped query is reported before a missing index
    except QueryError as exc:
        raise HumasError(str(exc)) from None
    try:
        texts = texts_reader(config.db_url())
    except ArchiveUnreadable as exc:
        raise HumasError(str(exc)) from None
    if not has_index(config.index_dir()):
        raise HumasError(f"no search index in {config.index_dir()} yet: run 'humas reindex' "
                         "to build it from the archive (a crawl also builds it)")
    try:
        result = run_search(config.index_dir(), query, filters, sort=sort, limit=limit,
                            offset=offset, any_words=any_words, texts=texts,
                            fuzzy=fuzzy, show_duplicates=show_duplicates)
    except (QueryError, ArchiveUnreadable) as exc:
        raise HumasError(str(exc)) from None
    with open_output(output) as out:
        if fmt == "json":
            json.dump(result.to_dict(), out, ensure_ascii=False, indent=2)
            out.write("\n")
        elif fmt == "csv":
            _csv(result, out)
        else:
            _table(result, out, offset)


def _csv(result, out) -> None:
    cols = ["published", "site", "polda", "polres", "programs", "title", "url", "score",
            "snippet"]
    w = csv.writer(out)
    w.writerow(cols)
    for h in result.to_dict()["hits"]:
        w.writerow([json.dumps(h[c], ensure_ascii=False) if isinstance(h[c], list) else h[c]
                    for c in cols])


def _table(result, out, offset: int = 0) -> None:
    """One block per hit, sized for an 80-column terminal (wider ones get wider rows)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    width = None if out is sys.stdout else 100
    console = Console(file=out, width=width, soft_wrap=False)
    shown = f"{offset + 1}-{offset + len(result.hits)} of " if result.hits else ""
    copies = "copy" if result.collapsed == 1 else "copies"
    folded = f"; {result.collapsed} syndicated {copies} folded" if result.collapsed else ""
    table = Table(show_lines=True, title=f"{shown}{result.total} matching articles{folded}",
                  title_justify="left", expand=True, pad_edge=False)
    table.add_column("date", no_wrap=True, width=10)
    table.add_column("polres / programs", ratio=1, min_width=12, max_width=22,
                     overflow="fold")
    table.add_column("article", ratio=4, overflow="fold")
    for h in result.hits:
        date = h.published.strftime("%Y-%m-%d") if h.published else "?"
        where = Text(h.polres or h.polda or "-", style="cyan")
        if h.programs:
            where.append("\n" + ", ".join(h.programs), style="green")
        body = Text(h.title, style="bold")
        if h.copies:
            body.append(f"  +{h.copies} {'copy' if h.copies == 1 else 'copies'}", style="dim")
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
