"""``humas export`` on a small archive of awkward articles: CSV, JSONL and Parquet agree
field by field (newlines, quotes, emoji, diacritics, formula-like text), CSV is safe to open,
--fields and --excel behave, and the WARC of the raw captures reads back with warcio."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from archive.enrich import Enrichment
from archive.export import FIELDS, LIST_FIELDS, article_row
from archive.extract import Extracted
from archive.records import FetchedPage
from archive.store import ArchiveStore
from search import indexer

WIB, WITA = timezone(timedelta(hours=7)), timezone(timedelta(hours=8))
ROOT = Path(__file__).resolve().parent.parent
INJECTION = "=cmd|' /C calc'!A0"
# (site, slug, title, text, published, enrichment)
ARTICLES = [
    ("jember", "cooling", 'Kapolres: "Jaga Pilkada Kondusif", kata AKBP Bayu',
     "JEMBER – Cooling System digelar.\n\nWarga bilang \"aman\", 'tenang'; koma, titik.\r\n"
     "Baris ketiga 👮‍♂️🇮🇩 selesai.", datetime(2024, 10, 23, 23, 30, tzinfo=WIB),
     Enrichment(programs=["Cooling System", "Jumat Curhat"], polda="Polda Jawa Timur",
                polres="Polres Jember", kabupaten_kota=["Kabupaten Jember"],
                regions_mentioned=["Polres Lumajang"],
                officials=[{"name": "Bayu Pratama", "rank": "AKBP", "position": "Kapolres"}],
                event_dates=["2024-10-23"])),
    ("jember", "formula", "+62 812 hotline Polres", INJECTION + "\nlanjut",
     datetime(2024, 11, 8, 9, 0, tzinfo=WIB),
     Enrichment(programs=["Jumat Curhat"], polda="Polda Jawa Timur", polres="Polres Jember")),
    ("bali", "diakritik", "Ngàyah di Pura Besakih: Kapolda Bali & café-café ḍi Kuta",
     "\tDENPASAR – Pecalang dan polisi berjaga. Ṭabik, Sêlamat, naïve.\n-- akhir",
     datetime(2024, 11, 30, 23, 59, tzinfo=WITA),
     Enrichment(programs=["Sambang"], polda="Polda Bali", polres="Polresta Denpasar",
                officials=[{"name": "I Gusti Ngurah Ráí", "rank": None, "position": "Kapolda"}])),
    ("bali", "dingin", "@humas_polda mengumumkan", "-5 derajat di Kintamani",
     datetime(2025, 1, 2, 7, 0, tzinfo=WITA), Enrichment(polda="Polda Bali")),
]
COPY = ("jember", "salinan")  # an exact re-post of "cooling" on the other site: a duplicate


def _save(store, site, slug, title, text, published, enrichment, fetched):
    sid = store.site_id(site, f"http://{site}.example.id/")
    url = f"http://{site}.example.id/2024/{slug}/"
    body = f"<html><body><h1>{title}</h1><p>{text}</p></body></html>".encode()
    page = FetchedPage(url=url, status=200, body=body, content_type="text/html; charset=UTF-8",
                       etag=f'"{slug}"', last_modified="Wed, 23 Oct 2024 12:05:00 GMT",
                       fetched_at=fetched)
    ex = Extracted(url=url, is_article=True, title=title, text=text, published=published,
                   author="Humas " + site.title())
    return store.save_article(sid, url, page, ex, enrichment).article_id


def build_archive(data_dir: Path) -> ArchiveStore:
    """The awkward articles above, plus a syndicated copy, in a fresh archive with an index."""
    store = ArchiveStore(f"sqlite:///{data_dir / 'archive.db'}")
    fetched = datetime(2024, 12, 1, 3, 0, tzinfo=UTC)
    for i, art in enumerate(ARTICLES):
        _save(store, *art, fetched + timedelta(minutes=i))
    site, slug, *_ = ARTICLES[0]
    _save(store, "bali", COPY[1], *ARTICLES[0][2:4], ARTICLES[0][4] + timedelta(hours=2),
          ARTICLES[0][5], fetched + timedelta(hours=1))
    indexer.rebuild(data_dir / "index", store)
    return store


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("export")
    build_archive(data_dir)
    return data_dir


def run(data_dir: Path, *args: str, ok: bool = True):
    from humas.cli import cli

    env = {"HUMAS_DATA_DIR": str(data_dir), "HUMAS_SETTINGS_DIR": str(ROOT / "settings")}
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=not ok)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def jsonl(data_dir: Path, *args: str) -> list[dict]:
    out = run(data_dir, "export", *args, "--format", "jsonl").stdout
    return [json.loads(line) for line in out.splitlines()]


def as_csv_text(value) -> str:
    """What a JSONL value looks like as a CSV cell read back as text."""
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def test_jsonl_rows_have_every_field_in_order(archive):
    rows = jsonl(archive)
    assert len(rows) == 5
    assert all(list(r) == list(FIELDS) for r in rows)
    cooling = next(r for r in rows if r["url"].endswith("/cooling/"))
    assert cooling["published"] == "2024-10-23T23:30:00+07:00"
    assert cooling["published_date"] == "2024-10-23"
    bali = next(r for r in rows if "diakritik" in r["url"])
    assert bali["published"] == "2024-11-30T23:59:00+08:00"
    assert bali["published_date"] == "2024-11-30"  # local date, not the UTC one
    copy = next(r for r in rows if "salinan" in r["url"])
    assert copy["duplicate_of"] == cooling["url"]
    assert cooling["officials"] == [{"name": "Bayu Pratama", "rank": "AKBP",
                                     "position": "Kapolres"}]


def test_csv_round_trips_through_pandas(archive, tmp_path):
    rows = jsonl(archive)
    run(archive, "export", "--format", "csv", "--raw", "-o", str(tmp_path / "raw.csv"))
    df = pd.read_csv(tmp_path / "raw.csv", dtype=str, keep_default_na=False)
    assert list(df.columns) == list(FIELDS)
    back = df.to_dict("records")
    assert [{k: as_csv_text(v) for k, v in r.items()} for r in rows] == back
    assert any(r["text"].startswith(INJECTION) for r in back)
    for r in back:
        for name in LIST_FIELDS:
            assert isinstance(json.loads(r[name]), list)


def test_csv_neutralises_formulas_by_default(archive, tmp_path):
    rows = jsonl(archive)
    result = run(archive, "export", "--format", "csv", "-o", str(tmp_path / "safe.csv"))
    assert "prefixed with '" in result.stderr
    back = pd.read_csv(tmp_path / "safe.csv", dtype=str, keep_default_na=False)
    cells = 0
    for want, got in zip(rows, back.to_dict("records"), strict=True):
        for k, v in want.items():
            text = as_csv_text(v)
            if text.startswith(("=", "+", "-", "@", "\t", "\r")):
                assert got[k] == "'" + text
                cells += 1
            else:
                assert got[k] == text
    assert cells >= 4  # =cmd|, +62, @humas, -5, \tDENPASAR
    raw = run(archive, "export", "--format", "csv", "--raw")
    assert "--raw" in raw.stderr and INJECTION in raw.stdout


def test_parquet_round_trips_through_pandas(archive, tmp_path):
    rows = jsonl(archive)
    run(archive, "export", "--format", "parquet", "-o", str(tmp_path / "a.parquet"))
    df = pd.read_parquet(tmp_path / "a.parquet")
    assert list(df.columns) == list(FIELDS)

    def native(v):
        if hasattr(v, "tolist"):
            v = v.tolist()
        if isinstance(v, list):
            return [native(x) for x in v]
        if isinstance(v, dict):
            return {k: native(x) for k, x in v.items()}
        return None if v is None or (isinstance(v, float) and v != v) else v

    back = [{k: native(v) for k, v in r.items()} for r in df.to_dict("records")]
    assert back == rows


def test_excel_csv_has_bom_and_crlf_and_keeps_cell_newlines(archive):
    out = run(archive, "export", "--format", "csv", "--excel").stdout_bytes
    assert out.startswith("\ufeff".encode())
    text = out.decode("utf-8-sig")
    assert text.splitlines(keepends=True)[0].endswith("\r\n")
    back = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert "\n\nWarga bilang" in back.loc[back.url.str.endswith("/cooling/"), "text"].item()


def test_fields_pick_columns_in_the_order_given(archive):
    rows = jsonl(archive, "--fields", "published_date,url", "--fields", "programs")
    assert list(rows[0]) == ["published_date", "url", "programs"]
    result = run(archive, "export", "--fields", "url,titel", ok=False)
    assert result.exit_code != 0
    assert "unknown field 'titel'; valid fields: url, site, title" in str(result.exception)
    assert "\n" not in str(result.exception)


def test_filters_are_the_search_filters(archive):
    rows = jsonl(archive, "--program", "jumat curhat", "--region", "Jember")
    assert sorted(r["url"].split("/")[-2] for r in rows) == ["cooling", "formula", "salinan"]
    assert [r["published"] for r in rows] == sorted(r["published"] for r in rows)
    assert jsonl(archive, "kondusif", "--since", "2024-10", "--until", "2024-10")[0]["url"] \
        .endswith("/cooling/")


def test_binary_formats_need_a_file(archive):
    for fmt in ("parquet", "warc"):
        result = run(archive, "export", "--format", fmt, ok=False)
        assert "needs -o FILE" in str(result.exception) or "add -o FILE" in str(result.exception)


def test_warc_reads_back_with_warcio(archive, tmp_path):
    from warcio.archiveiterator import ArchiveIterator

    from archive.store import ArchiveStore

    path = tmp_path / "captures.warc.gz"
    result = run(archive, "export", "--region", "Jember", "--format", "warc", "-o", str(path))
    assert "3 captures of 3 articles" in result.stderr
    with open(path, "rb") as fh:
        records = list(_records(ArchiveIterator(fh)))
    assert records[0]["type"] == "warcinfo"
    responses = records[1:]
    assert len(responses) == 3
    store = ArchiveStore(f"sqlite:///{archive / 'archive.db'}", create=False)
    for r in responses:
        assert r["status"] == "200 OK" and r["protocol"] == "HTTP/1.1"
        assert r["headers"]["Content-Type"] == "text/html; charset=UTF-8"
        assert r["headers"]["ETag"].startswith('"')
        assert r["headers"]["Last-Modified"] == "Wed, 23 Oct 2024 12:05:00 GMT"
        assert int(r["headers"]["Content-Length"]) == len(r["body"])
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", r["date"])
        art = store.get_by_url(r["uri"])
        assert art.title.encode() in r["body"]
        assert art.captures[0].fetched_at.strftime("%Y-%m-%dT%H:%M:%S") == r["date"][:19]


def _records(it):
    for rec in it:
        body = rec.content_stream().read()
        yield {"type": rec.rec_type, "uri": rec.rec_headers.get_header("WARC-Target-URI"),
               "date": rec.rec_headers.get_header("WARC-Date"), "body": body,
               "status": rec.http_headers.statusline if rec.http_headers else None,
               "protocol": rec.http_headers.protocol if rec.http_headers else None,
               "headers": dict(rec.http_headers.headers) if rec.http_headers else {}}


def test_csv_fast_path_writes_what_the_plain_path_writes(archive):
    from archive.export import iter_rows, write_csv

    store = ArchiveStore(f"sqlite:///{archive / 'archive.db'}", create=False)
    fast, plain = io.StringIO(), io.StringIO()
    write_csv(iter_rows(store.Session, lists_as_json=True), fast)
    write_csv(iter_rows(store.Session), plain)
    assert fast.getvalue() == plain.getvalue() and "Ráí" in fast.getvalue()
    orm = [article_row(a, store.url_of) for a in store.iter_articles()]
    assert orm == list(iter_rows(store.Session))


def test_undated_article_exports_and_counts(tmp_path):
    from archive.export import iter_rows

    store = ArchiveStore(f"sqlite:///{tmp_path / 'archive.db'}")
    _save(store, "bali", "tanpa-tanggal", "Tanpa tanggal", "Teks.", None, None,
          datetime(2024, 12, 1, tzinfo=UTC))
    (row,) = iter_rows(store.Session)
    assert row["published"] is None and row["published_date"] is None
    assert row["programs"] == [] and row["polda"] is None and row["versions"] == 1
    indexer.rebuild(tmp_path / "index", store)
    assert jsonl(tmp_path) == [row]
    stats = json.loads(run(tmp_path, "stats", "--by", "month", "--format", "json").stdout)
    assert stats["totals"]["month"] == {"(no date)": 1}


def test_data_dictionary_matches_the_columns():
    doc = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    doc = doc.split("## Columns", 1)[1].split("\n## ", 1)[0]
    names = re.findall(r"^\| `([a-z_]+)` \|", doc, flags=re.M)
    assert tuple(names) == FIELDS, "update docs/data-dictionary.md to the columns in FIELDS"
    from archive.export import parquet_schema

    for name, typ in zip(FIELDS, parquet_schema(), strict=True):
        row = re.search(rf"^\| `{name}` \| ([^|]+) \|", doc, flags=re.M).group(1)
        kind = "list" if name in LIST_FIELDS else "integer" if name == "versions" else "string"
        assert kind in row, (name, row, typ)


# -- the batch writers (raw columns) against the row writers (dicts) ---------------------
TRICKY = [  # (slug, title, text, published): what each escaping/quoting branch must handle
    ("kontrol", "Tab\tdan vertikal", "Baris\x0bvertikal\x00nul\x1b esc \"kutip\" \\ garis",
     datetime(2024, 5, 1, 0, 0, 0, 123456, tzinfo=WITA)),
    ("panjang", "=SUM(A1)", "@" + "Panjang 👮 sekali, " * 2500, datetime(2024, 5, 2, tzinfo=WIB)),
    ("dua-byte", "é" * 20, "é" * 20_000 + "\r\n,akhir", None),  # > 32,767 bytes, not chars
    ("polos", "Judul polos", "Teks tanpa apa-apa", datetime(2023, 12, 31, 17, 0, tzinfo=UTC)),
]


@pytest.fixture(scope="module")
def tricky_store(tmp_path_factory) -> ArchiveStore:
    data_dir = tmp_path_factory.mktemp("tricky")
    store = build_archive(data_dir)
    fetched = datetime(2024, 12, 2, 3, 4, 5, 600007, tzinfo=UTC)
    for slug, title, text, published in TRICKY:
        _save(store, "bali", slug, title, text, published,
              Enrichment(programs=["Sambang"], officials=[{"name": "Ñoman", "rank": "IPTU",
                                                           "position": None}]), fetched)
    return store


PICKS = [FIELDS, ("text", "url", "officials"), ("published_date", "programs", "versions"),
         ("title", "text")]


@pytest.mark.parametrize("fields", PICKS, ids=lambda f: ",".join(f)[:30])
def test_batch_writers_write_what_the_row_writers_write(tricky_store, tmp_path, fields):
    import pyarrow.parquet as pq

    from archive.export import iter_rows, write_csv, write_jsonl, write_parquet

    def both(ids=None, csv=False):  # (batch path, dict path) over the same rows
        return (iter_rows(tricky_store.Session, ids, fields, batch=3, lists_as_json=csv),
                list(iter_rows(tricky_store.Session, ids, fields, lists_as_json=csv)))

    fast, plain = io.StringIO(), io.StringIO()
    assert write_jsonl(both()[0], fast, fields) == write_jsonl(both()[1], plain, fields) == 9
    assert fast.getvalue() == plain.getvalue()
    assert "\\u000b" in fast.getvalue() or "text" not in fields
    with open(tmp_path / "f.jsonl", "w", encoding="utf-8", newline="") as fh:  # byte buffer
        write_jsonl(both()[0], fh, fields)
    assert (tmp_path / "f.jsonl").read_text(encoding="utf-8") == plain.getvalue()
    for opts in ({}, {"safe": False}, {"excel": True}):
        notes_fast, notes_plain = Counter(), Counter()
        fast, plain = io.StringIO(), io.StringIO()
        write_csv(both(csv=True)[0], fast, fields, notes=notes_fast, **opts)
        write_csv(both(csv=True)[1], plain, fields, notes=notes_plain, **opts)
        assert fast.getvalue() == plain.getvalue(), opts
        assert notes_fast == notes_plain
    assert notes_fast["truncated"] == ("text" in fields)  # the emoji text, not the é one
    write_parquet(both()[0], tmp_path / "fast.parquet", fields)
    write_parquet(both()[1], tmp_path / "plain.parquet", fields)
    fast_t, plain_t = pq.read_table(tmp_path / "fast.parquet"), pq.read_table(
        tmp_path / "plain.parquet")
    assert fast_t.num_rows == 9 and fast_t.equals(plain_t)
    # explicit ids: their order, unknown ids skipped
    ids = [9, 2, 12345, 5, 1]
    fast, plain = io.StringIO(), io.StringIO()
    write_jsonl(both(ids)[0], fast, fields)
    write_jsonl(both(ids)[1], plain, fields)
    assert fast.getvalue() == plain.getvalue() and fast.getvalue().count("\n") == 4
