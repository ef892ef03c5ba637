"""Export rows: the stable, documented shape of an article outside the archive.

One row per article, the same columns in the same order in every format (``FIELDS``;
documented in ``docs/data-dictionary.md``, which a test compares with this module). New
columns are only ever appended. Rows are read from the database in id batches with a plain
column select (no ORM objects), so an export runs in constant memory at any archive size.

Formats: CSV (list columns as JSON arrays; cells a spreadsheet would run as a formula are
neutralised unless ``safe=False``), JSONL and Parquet (native lists).
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Text, select, type_coerce
from sqlalchemy.orm import Session, aliased, sessionmaker

from archive.models import Article, Site

FIELDS = (
    "url", "site", "title", "author", "published", "programs", "polda", "polres",
    "kabupaten_kota", "regions_mentioned", "officials", "event_dates", "text", "duplicate_of",
    "status", "versions", "first_seen", "last_seen", "last_modified", "published_date",
)
LIST_FIELDS = {"programs", "kabupaten_kota", "regions_mentioned", "officials", "event_dates"}
OFFICIAL_KEYS = ("name", "rank", "position")
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"
EXCEL_CELL_MAX = 32767  # characters in one Excel cell; longer text would be cut anyway
WIB_MINUTES = 420
# json.dumps(..., ensure_ascii=False) builds a new encoder per call; one shared encoder is
# measurably faster per row.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def check_fields(names: Sequence[str] | str | None) -> tuple[str, ...]:
    """The columns asked for, in the order asked (comma-separated or a list); all if none."""
    if not names:
        return FIELDS
    if isinstance(names, str):
        names = [names]
    wanted = [n.strip() for part in names for n in part.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in FIELDS]
    if unknown:
        raise ValueError(f"unknown field{'s' if len(unknown) > 1 else ''} "
                         f"{', '.join(map(repr, unknown))}; valid fields: {', '.join(FIELDS)}")
    return tuple(dict.fromkeys(wanted))


# -- rows ---------------------------------------------------------------------------------
@functools.cache
def _zone(offset: int | None) -> timezone:
    return timezone(timedelta(minutes=offset if offset is not None else WIB_MINUTES))


def local_published(a: Article) -> datetime | None:
    """Publication time in the zone the page used (WIB when it named none)."""
    return a.published.astimezone(_zone(a.published_offset)) if a.published else None


def _iso(d: datetime | None) -> str | None:
    return d.isoformat() if d else None


def _row(r: Any, site: str, duplicate_of: str | None, text: str | None) -> dict[str, Any]:
    """One export row from anything with the Article column attributes (ORM object or Row)."""
    pub = r.published.astimezone(_zone(r.published_offset)) if r.published else None
    return {
        "url": r.url, "site": site, "title": r.title, "author": r.author,
        "published": _iso(pub), "programs": list(r.programs or []), "polda": r.polda,
        "polres": r.polres, "kabupaten_kota": list(r.kabupaten_kota or []),
        "regions_mentioned": list(r.regions_mentioned or []),
        "officials": list(r.officials or []), "event_dates": list(r.event_dates or []),
        "text": text, "duplicate_of": duplicate_of, "status": r.status,
        "versions": r.versions, "first_seen": _iso(r.first_seen),
        "last_seen": _iso(r.last_seen), "last_modified": _iso(r.last_modified),
        "published_date": pub.date().isoformat() if pub else None,
    }


def article_row(a: Article, url_of: Callable[[int], str | None] | None = None) -> dict[str, Any]:
    """The export row of one loaded article (``url_of`` resolves ``duplicate_of``)."""
    dup = url_of(a.duplicate_of) if a.duplicate_of and url_of else None
    return _row(a, a.site.name, dup, a.text)


# Read as the driver returns them (SQLite: ISO text and JSON text), converted below: several
# times faster than SQLAlchemy's per-value result processing, and still portable (PostgreSQL
# drivers hand back datetimes and parsed JSON, which the converters pass through).
_RAW = ("published", "programs", "kabupaten_kota", "regions_mentioned", "officials",
        "event_dates", "first_seen", "last_seen", "last_modified")
_COLUMNS = ("id", "url", "title", "author", "published", "published_offset", "programs",
            "polda", "polres", "kabupaten_kota", "regions_mentioned", "officials", "event_dates",
            "status", "versions", "first_seen", "last_seen", "last_modified", "text")


def _select(with_text: bool):
    original = aliased(Article)
    cols = [type_coerce(getattr(Article, c), Text) if c in _RAW else getattr(Article, c)
            for c in _COLUMNS if with_text or c != "text"]
    return (select(*cols, Site.name, original.url)
            .join(Site, Site.id == Article.site_id)
            .outerjoin(original, original.id == Article.duplicate_of))


def _utc(v: Any) -> datetime | None:
    if v is None:
        return None
    if isinstance(v, str):
        v = datetime.fromisoformat(v)
    return v.replace(tzinfo=UTC) if v.tzinfo is None else v


def _utc_iso(v: Any) -> str | None:
    """ISO 8601 of a stored UTC time; SQLite's text form is rewritten without parsing."""
    if isinstance(v, str) and len(v) == 26 and v[10] == " " and v[19] == ".":
        return f"{v[:10]}T{v[11:19]}{'' if v.endswith('.000000') else v[19:]}+00:00"
    return _iso(_utc(v))


def _list(v: Any) -> list:
    if isinstance(v, (str, bytes)):
        return [] if v == "[]" else json.loads(v)
    return list(v or [])


class JSONText(str):
    """A list column already in its CSV form (JSON text), skipping a decode and re-encode."""


def _json_text(v: Any) -> Any:
    # Stored JSON without any backslash escape is exactly what json.dumps(ensure_ascii=False)
    # makes of it (same default separators); anything else is decoded and re-encoded.
    if isinstance(v, str) and "\\" not in v:
        return JSONText(v)
    return _list(v)


def _fast_row(t: tuple, with_text: bool, _list=_list) -> dict[str, Any]:
    """An export row from a tuple of ``_select`` (same result as ``_row``)."""
    (_, url, title, author, published, offset, programs, polda, polres, kab, regions,
     officials, event_dates, status, versions, first_seen, last_seen, last_modified) = t[:18]
    published = _utc(published)
    pub = published.astimezone(_zone(offset)) if published else None
    return {
        "url": url, "site": t[-2], "title": title, "author": author,
        "published": pub.isoformat() if pub else None, "programs": _list(programs),
        "polda": polda, "polres": polres, "kabupaten_kota": _list(kab),
        "regions_mentioned": _list(regions), "officials": _list(officials),
        "event_dates": _list(event_dates), "text": t[18] if with_text else None,
        "duplicate_of": t[-1], "status": status, "versions": versions,
        "first_seen": _utc_iso(first_seen), "last_seen": _utc_iso(last_seen),
        "last_modified": _utc_iso(last_modified),
        "published_date": pub.date().isoformat() if pub else None,
    }


def iter_rows(sessions: sessionmaker[Session], ids: Iterable[int] | None = None,
              fields: Sequence[str] = FIELDS, batch: int = 1000,
              lists_as_json: bool = False) -> Iterator[dict[str, Any]]:
    """Export rows for ``ids`` in that order, or for every article in id order.

    Reads ``batch`` rows at a time; leaves the text column unread when ``fields`` lacks it.
    ``lists_as_json``: list columns may come as ``JSONText`` (for ``write_csv`` only).
    """
    with_text = "text" in fields
    stmt = _select(with_text)
    conv = _json_text if lists_as_json else _list
    with sessions() as s:
        for chunk in _batches(s, stmt, ids, batch):
            for t in chunk:
                yield _fast_row(t, with_text, conv)


def _batches(s: Session, stmt, ids: Iterable[int] | None, batch: int) -> Iterator[list]:
    """Rows of ``stmt`` in id batches: keyset paging over all ids, or chunks of ``ids``."""
    if ids is None:
        last = 0
        while True:
            rows = s.execute(stmt.where(Article.id > last).order_by(Article.id)
                             .limit(batch)).all()
            if not rows:
                return
            yield rows
            last = rows[-1][0]
    ids = list(ids)
    for i in range(0, len(ids), batch):
        chunk = ids[i : i + batch]
        found = {r[0]: r for r in s.execute(stmt.where(Article.id.in_(chunk)))}
        yield [found[j] for j in chunk if j in found]


def rows(articles: Iterator[Article], url_of: Callable[[int], str | None]) -> Iterator[dict]:
    """Export rows from loaded articles (kept for callers that already hold ORM objects)."""
    for a in articles:
        yield article_row(a, url_of)


def project(rows_: Iterable[dict[str, Any]], fields: Sequence[str]) -> Iterator[dict[str, Any]]:
    if tuple(fields) == FIELDS:
        yield from rows_
        return
    for row in rows_:
        yield {k: row[k] for k in fields}


# -- writers ------------------------------------------------------------------------------
def write_jsonl(rows_: Iterable[dict[str, Any]], out: IO[str],
                fields: Sequence[str] = FIELDS) -> int:
    n = 0
    for row in project(rows_, fields):
        out.write(_ENCODE(row) + "\n")
        n += 1
    return n


def neutralise(value: str) -> str:
    """A cell a spreadsheet would run as a formula, made plain text with a leading ``'``."""
    return NEUTRALISER + value if value.startswith(FORMULA_START) else value


def csv_cell(value: Any, safe: bool = True, notes: Counter | None = None) -> Any:
    """Lists and mappings as JSON text; formula-like text neutralised when ``safe``."""
    if type(value) is JSONText:
        return value
    if isinstance(value, (list, dict)):
        return _ENCODE(value)
    if safe and isinstance(value, str) and value.startswith(FORMULA_START):
        if notes is not None:
            notes["neutralised"] += 1
        return NEUTRALISER + value
    return value


def write_csv(rows_: Iterable[dict[str, Any]], out: IO[str], fields: Sequence[str] = FIELDS,
              *, safe: bool = True, excel: bool = False, notes: Counter | None = None) -> int:
    """RFC 4180 CSV with a header row; ``excel``: UTF-8 BOM, CRLF rows, cells cut to Excel's
    limit. Text keeps its line breaks inside quoted cells. ``notes`` counts neutralised and
    truncated cells.
    """
    end = "\r\n" if excel else "\n"
    if excel:
        out.write("\ufeff")
    out.write(",".join(map(_quote, fields)) + end)
    n = 0
    write = out.write
    for row in rows_:
        cells = [csv_cell(row[k], safe, notes) for k in fields]
        if excel:
            cells = [_excel_cut(c, notes) for c in cells]
        write(",".join(map(_quote, cells)) + end)
        n += 1
    return n


def _quote(cell: Any) -> str:
    """One CSV field as ``csv.QUOTE_MINIMAL`` writes it (str.replace is far faster than the
    ``csv`` module's per-character loop on long article texts)."""
    if cell is None:
        return ""
    if not isinstance(cell, str):
        return str(cell)
    if '"' in cell:
        return '"' + cell.replace('"', '""') + '"'
    if "," in cell or "\n" in cell or "\r" in cell:
        return '"' + cell + '"'
    return cell


def _excel_cut(cell: Any, notes: Counter | None) -> Any:
    if isinstance(cell, str) and len(cell) > EXCEL_CELL_MAX:
        if notes is not None:
            notes["truncated"] += 1
        return cell[: EXCEL_CELL_MAX - 1] + "…"
    return cell


def parquet_schema(fields: Sequence[str] = FIELDS):
    """The Arrow schema of the export: the same for every archive, empty or not."""
    import pyarrow as pa

    official = pa.struct([(k, pa.string()) for k in OFFICIAL_KEYS])
    types = {name: pa.string() for name in FIELDS}
    types.update({"programs": pa.list_(pa.string()), "kabupaten_kota": pa.list_(pa.string()),
                  "regions_mentioned": pa.list_(pa.string()),
                  "officials": pa.list_(official), "event_dates": pa.list_(pa.string()),
                  "versions": pa.int64()})
    return pa.schema([(name, types[name]) for name in fields])


DICTIONARY_COLUMNS = ("site", "polda", "polres", "status", "programs", "kabupaten_kota")


def write_parquet(rows_: Iterable[dict[str, Any]], path: str | Path,
                  fields: Sequence[str] = FIELDS, batch: int = 2_000) -> int:
    """Parquet (zstd), one row group per ``batch`` rows so memory stays bounded (rows are
    buffered as Python objects first: 2,000 long texts are already ~50 MB)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(fields)
    dictionary = [f for f in fields if f in DICTIONARY_COLUMNS]
    n = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd",
                          use_dictionary=dictionary or False) as writer:
        buf: list[dict[str, Any]] = []
        for row in rows_:
            buf.append(row)
            if len(buf) >= batch:
                writer.write_table(_table(pa, buf, fields, schema))
                n += len(buf)
                buf = []
        if buf or n == 0:
            writer.write_table(_table(pa, buf, fields, schema))
            n += len(buf)
    return n


def _table(pa, buf: list[dict[str, Any]], fields: Sequence[str], schema):
    return pa.Table.from_pydict({k: [r[k] for r in buf] for k in fields}, schema=schema)
