"""Export rows: the stable, documented shape of an article outside the archive.

One row per article, the same columns in the same order in every format (``FIELDS``;
documented in ``docs/data-dictionary.md``, which a test compares with this module). New
columns are only ever appended. Rows are read from the database in id batches with a plain
column select (no ORM objects), so an export runs in constant memory at any archive size.

Formats: CSV (list columns as JSON arrays; cells a spreadsheet would run as a formula are
neutralised unless ``safe=False``), JSONL and Parquet (native lists).
"""

from __future__ import annotations

import codecs
import functools
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta, timezone
from json.encoder import encode_basestring  # the C escaper JSONEncoder(ensure_ascii=False) uses
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from sqlalchemy import LargeBinary, Text, cast, select, type_coerce
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


def _select(with_text: bool, text_bytes: bool = False):
    """The export columns (``_COLUMNS``, then site name and the original's URL).
    ``text_bytes``: the text as its stored UTF-8 bytes (SQLite ``CAST AS BLOB``), which the
    JSONL and Parquet writers use as they are instead of decoding and re-encoding it."""
    original = aliased(Article)
    cols = [type_coerce(getattr(Article, c), Text) if c in _RAW else getattr(Article, c)
            for c in _COLUMNS if with_text or c != "text"]
    if with_text and text_bytes:
        cols[-1] = cast(Article.text, LargeBinary)
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


# -- raw rows to output, without a dict per row -------------------------------------------
@functools.cache
def _suffix(offset: int | None) -> str:
    """The ``+07:00`` that ``isoformat`` appends for this stored offset."""
    return datetime(2000, 1, 1, tzinfo=_zone(offset)).isoformat()[19:]


@functools.cache
def _delta(offset: int | None) -> timedelta:
    return timedelta(minutes=offset if offset is not None else WIB_MINUTES)


def _published(v: Any, offset: int | None) -> str | None:
    """``published`` of a row: the stored UTC time in its own zone (as ``_fast_row``).

    SQLite's text form is shifted as a naive time plus the zone's suffix: the same string
    ``astimezone(...).isoformat()`` gives, at a third of the cost.
    """
    if v is None:
        return None
    if isinstance(v, str) and len(v) == 26 and v[10] == " " and v[19] == ".":
        return (datetime.fromisoformat(v) + _delta(offset)).isoformat() + _suffix(offset)
    return _utc(v).astimezone(_zone(offset)).isoformat()


def _jstr(v: Any) -> str:
    return "null" if v is None else encode_basestring(v) if type(v) is str else _ENCODE(v)


def _jquoted(v: str | None) -> str:
    """A value known to need no JSON escaping (ISO dates) as a JSON string."""
    return "null" if v is None else f'"{v}"'


def _jlist(v: Any) -> str:
    """A stored JSON list as the JSONL text ``_ENCODE(_list(v))`` would make of it: the
    stored text itself when it has no escape (see ``_json_text``)."""
    if isinstance(v, str) and "\\" not in v:
        return v
    return _ENCODE(_list(v))


# Control characters other than LF, CR and TAB; JSON writes them as \u00XX (rare in text).
_RARE_CONTROLS = bytes(c for c in range(32) if c not in b"\n\r\t")


def _jtext(v: str | bytes | None) -> bytes:
    """A long text as a UTF-8 JSON string, escaped on its UTF-8 bytes: ``bytes.replace``
    scans at memory speed where the str escaper walks 4-byte characters one by one (texts
    with emoji are stored 4 bytes per character). UTF-8 continuation bytes are >= 0x80, so
    no multi-byte character can be mistaken for a quote, backslash or control character."""
    if v is None:
        return b"null"
    b = v if type(v) is bytes else v.encode()
    if len(b.translate(None, _RARE_CONTROLS)) != len(b):
        return encode_basestring(b.decode()).encode()
    b = b.replace(b"\\", b"\\\\").replace(b'"', b'\\"')
    return b'"' + b.replace(b"\n", b"\\n").replace(b"\r", b"\\r").replace(b"\t", b"\\t") + b'"'


def _fragments(t: tuple, with_text: bool) -> tuple:
    """The JSON text of every field of a ``_select`` tuple, in ``FIELDS`` order; ``text``
    (index 12) is UTF-8 bytes, the rest str."""
    (_, url, title, author, published, offset, programs, polda, polres, kab, regions,
     officials, event_dates, status, versions, first_seen, last_seen, last_modified) = t[:18]
    pub = _published(published, offset)
    return (
        encode_basestring(url), _jstr(t[-2]), _jstr(title), _jstr(author), _jquoted(pub),
        _jlist(programs), _jstr(polda), _jstr(polres), _jlist(kab), _jlist(regions),
        _jlist(officials), _jlist(event_dates), _jtext(t[18]) if with_text else b"null",
        _jstr(t[-1]), _jstr(status), str(versions) if type(versions) is int else _ENCODE(versions),
        _jquoted(_utc_iso(first_seen)), _jquoted(_utc_iso(last_seen)),
        _jquoted(_utc_iso(last_modified)), _jquoted(pub[:10] if pub else None),
    )


def _getter(indexes: list[int]) -> Callable[[tuple], tuple]:
    if len(indexes) == 1:
        i = indexes[0]
        return lambda f: (f[i],)
    return itemgetter(*indexes) if indexes else lambda f: ()


def _jsonl_lines(batches: Iterable[list], with_text: bool,
                 fields: Sequence[str]) -> Iterator[tuple[bytes, int]]:
    """UTF-8 JSONL of each batch (and its row count), byte for byte what ``write_jsonl``
    writes from dict rows: the keys and separators are a %-template around the fragments."""
    idx = [FIELDS.index(f) for f in fields]
    keys = [f"{_ENCODE(f)}: " for f in fields]
    text_at = fields.index("text") if "text" in fields else len(fields)
    # "{" + 'key: value' joined by ", " + "}\n", split around the text value (bytes)
    head = "{" + ", ".join(k + "%s" for k in keys[:text_at])
    tail = ", ".join(k + "%s" for k in keys[text_at + 1:])
    if text_at < len(fields):
        head += (", " if text_at else "") + keys[text_at]
        tail = (", " if tail else "") + tail
    tail += "}\n"
    get_head, get_tail = _getter(idx[:text_at]), _getter(idx[text_at + 1:])
    for chunk in batches:
        parts: list[bytes] = []
        append = parts.append
        for t in chunk:
            f = _fragments(t, with_text)
            if text_at < len(fields):
                append((head % get_head(f)).encode())
                append(f[12])
                append((tail % get_tail(f)).encode())
            else:
                append((head % get_head(f) + tail % get_tail(f)).encode())
        yield b"".join(parts), len(chunk)


class ExportRows:
    """The export rows of ``ids`` (or of every article): iterate for dicts (``_fast_row``);
    the JSONL and Parquet writers read ``batches()`` of raw column tuples instead and build
    their output without a dict per row (same bytes, several times less Python work)."""

    def __init__(self, sessions: sessionmaker[Session], ids: Iterable[int] | None,
                 fields: Sequence[str], batch: int, lists_as_json: bool) -> None:
        self.sessions, self.batch = sessions, batch
        self.ids = None if ids is None else list(ids)  # iterable more than once
        self.with_text = "text" in fields
        self.lists_as_json = lists_as_json
        self._it: Iterator[dict[str, Any]] | None = None

    def batches(self, text_bytes: bool = False) -> Iterator[list]:
        """Lists of ``_select`` tuples (ids order), ``batch`` at a time. ``text_bytes``: the
        text may come as UTF-8 bytes (on SQLite, where that is a plain cast)."""
        with self.sessions() as s:
            conn = s.connection()  # Core execution: no ORM result machinery per row
            stmt = _select(self.with_text, text_bytes and conn.dialect.name == "sqlite")
            yield from _batches(conn, stmt, self.ids, self.batch)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        conv = _json_text if self.lists_as_json else _list
        with_text = self.with_text
        for chunk in self.batches():
            for t in chunk:
                yield _fast_row(t, with_text, conv)

    def __next__(self) -> dict[str, Any]:
        if self._it is None:
            self._it = iter(self)
        return next(self._it)


def iter_rows(sessions: sessionmaker[Session], ids: Iterable[int] | None = None,
              fields: Sequence[str] = FIELDS, batch: int = 2000,
              lists_as_json: bool = False) -> ExportRows:
    """Export rows for ``ids`` in that order, or for every article in id order.

    Reads ``batch`` rows at a time; leaves the text column unread when ``fields`` lacks it.
    ``lists_as_json``: list columns may come as ``JSONText`` (for ``write_csv`` only).
    """
    return ExportRows(sessions, ids, fields, batch, lists_as_json)


def _batches(s: Any, stmt, ids: Iterable[int] | None, batch: int) -> Iterator[list]:
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
    """One JSON object per line (UTF-8, ``ensure_ascii=False``, json's default separators).

    Rows from ``iter_rows`` are written batch by batch from the raw columns (one write per
    batch, straight to the byte buffer of a UTF-8 stream); other iterables row by row.
    """
    if isinstance(rows_, ExportRows):
        lines = _jsonl_lines(rows_.batches(text_bytes=True), rows_.with_text, tuple(fields))
        return _write_batches(lines, out)
    n = 0
    for row in project(rows_, fields):
        out.write(_ENCODE(row) + "\n")
        n += 1
    return n


def _write_batches(lines: Iterable[tuple[bytes, int]], out: IO[str]) -> int:
    """Write (UTF-8 bytes, row count) batches to ``out``; returns the rows written."""
    n = 0
    raw = _utf8_buffer(out)
    for data, count in lines:
        if raw is not None:
            raw.write(data)
        else:
            out.write(data.decode())
        n += count
    return n


def _utf8_buffer(out: IO[str]) -> IO[bytes] | None:
    """The byte stream under a UTF-8 text stream (flushed, so the order stays), or None."""
    raw = getattr(out, "buffer", None)
    encoding = getattr(out, "encoding", None)
    if raw is None or not encoding or codecs.lookup(encoding).name != "utf-8":
        return None
    out.flush()
    return raw


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
    if isinstance(rows_, ExportRows):
        cells = _CSVCells(safe, excel, notes if notes is not None else Counter())
        lines = _csv_lines(rows_.batches(text_bytes=True), rows_.with_text, tuple(fields),
                           cells, end)
        return _write_batches(lines, out)
    write = out.write
    for row in rows_:
        cells = [csv_cell(row[k], safe, notes) for k in fields]
        if excel:
            cells = [_excel_cut(c, notes) for c in cells]
        write(",".join(map(_quote, cells)) + end)
        n += 1
    return n


class _CSVCells:
    """CSV cells straight from ``_select`` values: what ``csv_cell``, ``_excel_cut`` and
    ``_quote`` make of the ``_fast_row`` value, without a dict or a type test per cell."""

    def __init__(self, safe: bool, excel: bool, notes: Counter) -> None:
        self.safe, self.excel, self.notes = safe, excel, notes

    def string(self, v: str | None) -> str:
        if v is None:
            return ""
        if self.safe and v.startswith(FORMULA_START):
            self.notes["neutralised"] += 1
            v = NEUTRALISER + v
        if self.excel and len(v) > EXCEL_CELL_MAX:
            v = _excel_cut(v, self.notes)
        return _quote(v)

    def json_list(self, v: Any) -> str:
        # JSON text starts with "[" (or is "null"): never formula-like
        v = _jlist(v)
        if self.excel and len(v) > EXCEL_CELL_MAX:
            v = _excel_cut(v, self.notes)
        return '"' + v.replace('"', '""') + '"' if '"' in v else _quote(v)

    def text(self, v: str | bytes | None) -> bytes:
        """The text cell as UTF-8 (quoting works on the bytes, as ``_jtext``)."""
        if v is None:
            return b""
        b = v if type(v) is bytes else v.encode()
        if self.excel and len(b) > EXCEL_CELL_MAX:  # only then can it have too many chars
            return self.string(b.decode()).encode()
        if self.safe and b.startswith(_FORMULA_START_BYTES):
            self.notes["neutralised"] += 1
            b = b"'" + b
        if b'"' in b:
            return b'"' + b.replace(b'"', b'""') + b'"'
        if b"," in b or b"\n" in b or b"\r" in b:
            return b'"' + b + b'"'
        return b


_FORMULA_START_BYTES = tuple(c.encode() for c in FORMULA_START)


def _csv_converters(c: _CSVCells, with_text: bool,
                    fields: Sequence[str]) -> list[Callable[[tuple], Any]]:
    """Per selected field, its CSV cell from a ``_select`` tuple (``text`` as bytes); only
    the selected fields are converted, so ``notes`` counts exported cells only. ISO dates
    and counts never need quoting or neutralising."""
    s, j = c.string, c.json_list

    def published(t: tuple) -> str:
        return _published(t[4], t[5]) or ""

    def published_date(t: tuple) -> str:
        pub = _published(t[4], t[5])
        return pub[:10] if pub else ""

    def time(i: int) -> Callable[[tuple], str]:
        return lambda t: _utc_iso(t[i]) or ""

    conv: dict[str, Callable[[tuple], Any]] = {
        "url": lambda t: s(t[1]), "site": lambda t: s(t[-2]), "title": lambda t: s(t[2]),
        "author": lambda t: s(t[3]), "published": published,
        "programs": lambda t: j(t[6]), "polda": lambda t: s(t[7]), "polres": lambda t: s(t[8]),
        "kabupaten_kota": lambda t: j(t[9]), "regions_mentioned": lambda t: j(t[10]),
        "officials": lambda t: j(t[11]), "event_dates": lambda t: j(t[12]),
        "text": (lambda t: c.text(t[18])) if with_text else (lambda t: b""),
        "duplicate_of": lambda t: s(t[-1]), "status": lambda t: s(t[13]),
        "versions": lambda t: "" if t[14] is None else _quote(t[14]),
        "first_seen": time(15), "last_seen": time(16), "last_modified": time(17),
        "published_date": published_date,
    }
    return [conv[f] for f in fields]


def _csv_lines(batches: Iterable[list], with_text: bool, fields: Sequence[str],
               cells: _CSVCells, end: str) -> Iterator[tuple[bytes, int]]:
    """UTF-8 CSV rows of each batch (and its row count), as ``write_csv`` writes dict rows."""
    text_at = fields.index("text") if "text" in fields else len(fields)
    convs = _csv_converters(cells, with_text, fields)
    head, tail = convs[:text_at], convs[text_at + 1:]
    text = convs[text_at] if text_at < len(fields) else None
    before = b"," if text_at else b""
    after = b"," if tail else b""
    end_b = end.encode()
    for chunk in batches:
        parts: list[bytes] = []
        append = parts.append
        for t in chunk:
            if text is not None:
                append(",".join([c(t) for c in head]).encode() + before)
                append(text(t))
                append(after + ",".join([c(t) for c in tail]).encode() + end_b)
            else:
                append((",".join([c(t) for c in head]) + end).encode())
        yield b"".join(parts), len(chunk)


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
                  fields: Sequence[str] = FIELDS, batch: int = 5_000) -> int:
    """Parquet (zstd), one row group per batch so memory stays bounded.

    Rows from ``iter_rows`` are built column by column from the raw columns of each
    database batch (``iter_rows``'s ``batch``): strings go to Arrow in one call per column,
    and the JSON list columns are parsed by Arrow's C++ JSON reader instead of ``json.loads``
    per value. Other iterables are buffered as dicts, ``batch`` rows at a time.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(fields)
    dictionary = [f for f in fields if f in DICTIONARY_COLUMNS]
    n = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd",
                          use_dictionary=dictionary or False) as writer:
        if isinstance(rows_, ExportRows):
            for chunk in rows_.batches(text_bytes=True):
                writer.write_batch(_record_batch(pa, chunk, rows_.with_text, schema))
                n += len(chunk)
            if n == 0:
                writer.write_table(_table(pa, [], fields, schema))
            return n
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


# position of each plain column in a ``_select`` tuple (text only when selected; site and
# duplicate_of are always the last two)
_PLAIN = {"url": 1, "title": 2, "author": 3, "polda": 7, "polres": 8, "status": 13,
          "versions": 14, "text": 18, "site": -2, "duplicate_of": -1}
_LISTS = {"programs": 6, "kabupaten_kota": 9, "regions_mentioned": 10, "officials": 11,
          "event_dates": 12}
_TIMES = {"first_seen": 15, "last_seen": 16, "last_modified": 17}


def _record_batch(pa, chunk: list, with_text: bool, schema):
    """One Arrow record batch of ``schema``'s columns from ``_select`` tuples: the same
    values ``_table`` makes of ``_fast_row`` dicts."""
    columns = list(zip(*chunk, strict=True)) if chunk else [()] * 21
    published: list[str | None] | None = None
    arrays = []
    for f in schema:
        name = f.name
        if name in ("published", "published_date"):
            if published is None:
                published = [_published(v, o) for v, o in zip(columns[4], columns[5],
                                                                strict=True)]
            values = published if name == "published" else \
                [p[:10] if p else None for p in published]
            arrays.append(pa.array(values, f.type))
        elif name == "text" and not with_text:
            arrays.append(pa.nulls(len(chunk), f.type))
        elif name in _PLAIN:
            arrays.append(pa.array(columns[_PLAIN[name]], f.type))
        elif name in _TIMES:
            arrays.append(_utc_iso_array(pa, columns[_TIMES[name]]))
        else:
            arrays.append(_list_array(pa, columns[_LISTS[name]], f.type))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _list_array(pa, values: Sequence[Any], typ):
    """A list column from its stored JSON texts, parsed by Arrow as one JSON-lines block
    (``{"v": <stored text>}`` per row; SQL NULL is ``[]`` as in ``_list``). Anything Arrow
    does not read as exactly ``typ`` (or values a driver already decoded) goes through
    ``json.loads`` and ``pa.array``, which is what the dict path does."""
    import io

    import pyarrow.json as pj

    try:
        blob = ('{"v": ' + '}\n{"v": '.join(values) + '}\n').encode()
    except TypeError:  # SQL NULLs, or lists from a driver that decodes JSON itself
        blob = None
    if values and blob is not None:
        try:
            table = pj.read_json(
                io.BytesIO(blob),
                read_options=pj.ReadOptions(block_size=len(blob) + 1, use_threads=False),
                parse_options=pj.ParseOptions(explicit_schema=pa.schema([("v", typ)]),
                                              unexpected_field_behavior="ignore"))
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            table = None
        if table is not None and table.num_rows == len(values) \
                and table.column(0).type == typ:
            return table.column(0).combine_chunks()
    return pa.array([_list(v) if v is not None else [] for v in values], typ)


# SQLite's stored UTC text, "2024-10-24 02:11:09.518331": the groups _utc_iso rewrites
_SQLITE_TIME = r"^(?s)(.{10}) (.{8})(\..{6})$"


def _utc_iso_array(pa, values: Sequence[Any]):
    """``_utc_iso`` of a column, as one Arrow string array: SQLite's text form is rewritten
    by two vectorised regex replacements; anything else goes value by value."""
    import pyarrow.compute as pc

    try:
        arr = pa.array(values, pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # datetimes from another driver
        return pa.array([_utc_iso(v) for v in values], pa.string())
    if arr.null_count or not pc.all(pc.match_substring_regex(arr, _SQLITE_TIME)).as_py():
        return pa.array([_utc_iso(v) for v in values], pa.string())
    arr = pc.replace_substring_regex(arr, r"\.000000$", "")
    return pc.replace_substring_regex(arr, r"^(?s)(.{10}) (.{8})(.*)$", r"\1T\2\3+00:00")
