"""``humas export``: every matching article as CSV or JSONL rows, streamed."""

from __future__ import annotations

import click

from humas.errors import HumasError
from humas.options import build_filters, filter_options, open_output


@click.command("export", epilog="""\b
Examples:
  humas export --format jsonl -o archive.jsonl
  humas export "pilkada" --region "Polda Jawa Timur" --since 2024 --format csv -o jatim.csv
Columns: url, site, title, author, published (ISO 8601 with offset), programs, polda, polres,
kabupaten_kota, regions_mentioned, officials, event_dates, text, duplicate_of, status,
versions, first_seen, last_seen, last_modified. In CSV, list columns are JSON arrays.
""")
@click.argument("query", required=False, default="")
@filter_options
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="jsonl",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to FILE instead of standard output.")
def command(query, programs, region, sites, since, until, status, person, fmt, output) -> None:
    """Export matching articles (all of them, oldest first)."""
    from archive import config
    from archive.export import rows, write_csv, write_jsonl
    from archive.store import ArchiveStore
    from search.indexer import exists
    from search.query import QueryError, run_search

    filters = build_filters(programs, region, sites, since, until, status, person)
    try:
        store = ArchiveStore(create=False)
    except Exception as exc:
        raise HumasError(f"cannot open the archive database: {exc}") from None
    if not exists(config.index_dir()):
        raise HumasError(f"no search index in {config.index_dir()}: run 'humas reindex'")
    try:
        result = run_search(config.index_dir(), query, filters, sort="oldest", limit=10**9,
                            any_words=False, facets=False)
    except QueryError as exc:
        raise HumasError(str(exc)) from None
    ids = [h.id for h in result.hits]
    writer = write_csv if fmt == "csv" else write_jsonl
    with open_output(output) as out:
        n = writer(rows(store.iter_articles(ids), store.url_of), out)
    if output:
        click.echo(f"{n} articles written to {output}", err=True)
