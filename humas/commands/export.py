"""``humas export``: every matching article as CSV, JSONL, Parquet or WARC, streamed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from humas.access import open_store
from humas.errors import HumasError
from humas.options import build_filters, filter_options, open_output, output_problem

FORMATS = ("csv", "jsonl", "parquet", "warc")
BINARY = ("parquet", "warc")


@click.command("export", epilog="""\b
Examples:
  humas export --format jsonl -o archive.jsonl
  humas export "pilkada" --region "Polda Jawa Timur" --since 2024 --format csv -o jatim.csv
  humas export --program "Jumat Curhat" --format csv --excel -o curhat.csv
  humas export --fields url,published_date,polres,programs --format parquet -o tags.parquet
  humas export --site tribratanews-jatim --format warc -o jatim.warc.gz

\b
Columns (docs/data-dictionary.md): url, site, title, author, published (ISO 8601 with the
page's offset), programs, polda, polres, kabupaten_kota, regions_mentioned, officials,
event_dates, text, duplicate_of, status, versions, first_seen, last_seen, last_modified,
published_date (local YYYY-MM-DD). In CSV, list columns are JSON arrays and a cell starting
with = + - @ tab or CR gets a leading ' so spreadsheets show it instead of running it.
WARC: the raw captures of the matching articles as response records (.warc.gz: gzipped).
""")
@click.argument("query", required=False, default="")
@filter_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl",
              show_default=True, help="Output format (parquet and warc need -o FILE).")
@click.option("--fields", metavar="A,B,...", multiple=True,
              help="Only these columns, in this order (comma-separated or repeated).")
@click.option("--excel", is_flag=True,
              help="CSV for spreadsheets: UTF-8 with BOM, CRLF rows, cells cut at 32,767 chars.")
@click.option("--raw", is_flag=True,
              help="CSV: write formula-like cells as they are (unsafe to open in a spreadsheet).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write to FILE instead of standard output.")
def command(query, programs, region, sites, since, until, status, person, fmt, fields, excel,
            raw, output) -> None:
    """Export matching articles (all of them, oldest first), streamed in constant memory."""
    from archive.export import check_fields

    if fmt in BINARY and output is None:
        raise HumasError(f"--format {fmt} writes a binary file: add -o FILE")
    if (excel or raw) and fmt != "csv":
        raise HumasError(f"--{'excel' if excel else 'raw'} applies to --format csv only")
    if fields and fmt == "warc":
        raise HumasError("--fields does not apply to --format warc (it writes whole captures)")
    try:
        columns = check_fields(list(fields))
    except ValueError as exc:
        raise HumasError(str(exc)) from None
    if output is not None and (problem := output_problem(output)):
        raise HumasError(f"cannot write {output}: {problem}")  # before any work is done
    filters = build_filters(programs, region, sites, since, until, status, person)
    store = open_store()
    ids = matching_ids(query, filters)
    if fmt == "warc":
        n = _warc(store, ids, output)
        click.echo(f"{n} captures of {len(ids)} articles written to {output}", err=True)
        return
    n = _rows(store, ids, columns, fmt, output, excel, raw)
    if output:
        click.echo(f"{n} articles written to {output}", err=True)


def matching_ids(query: str, filters) -> list[int]:
    """Ids of the articles matching QUERY and the filters, oldest first (the search path)."""
    from archive import config
    from search.indexer import exists
    from search.query import QueryError, run_search

    if not exists(config.index_dir()):
        raise HumasError(f"no search index in {config.index_dir()}: run 'humas reindex'")
    try:
        result = run_search(config.index_dir(), query, filters, sort="oldest", limit=10**9,
                            any_words=False, facets=False)
    except QueryError as exc:
        raise HumasError(str(exc)) from None
    return [h.id for h in result.hits]


def _rows(store, ids, columns, fmt, output, excel, raw) -> int:
    from archive.export import iter_rows, write_csv, write_jsonl, write_parquet

    rows = iter_rows(store.Session, ids, columns, lists_as_json=fmt == "csv")
    if fmt == "parquet":
        try:
            return write_parquet(rows, output, columns)
        except OSError as exc:
            raise HumasError(f"cannot write {output}: {exc}") from None
    notes: Counter = Counter()
    with open_output(output) as out:
        if fmt == "jsonl":
            return write_jsonl(rows, out, columns)
        if raw:
            click.echo("--raw: formula-like cells are written as they are; do not open this "
                       "file in a spreadsheet unless you trust every cell", err=True)
        n = write_csv(rows, out, columns, safe=not raw, excel=excel, notes=notes)
    if notes["neutralised"]:
        click.echo(f"{notes['neutralised']} cells starting with = + - @ tab or CR were "
                   "prefixed with ' (use --raw to keep them as they are)", err=True)
    if notes["truncated"]:
        click.echo(f"--excel: {notes['truncated']} cells longer than 32,767 characters were "
                   "cut (Excel's limit); use JSONL or Parquet for full text", err=True)
    return n


def _warc(store, ids, output: Path) -> int:
    from archive.warc import iter_captures, write_warc

    try:
        with open(output, "wb") as fh:
            return write_warc(iter_captures(store.Session, ids), fh,
                              gzip=output.name.endswith(".gz"), filename=output.name)
    except OSError as exc:
        raise HumasError(f"cannot write {output}: {exc.strerror}") from None
