"""archive.extract: golden pages of every site family, the seeds, dates and the article test."""

from __future__ import annotations

import gzip
import json
import pickle
from datetime import datetime
from pathlib import Path

import pytest

from archive.dates import parse_iso, parse_visible
from archive.extract import Extracted, extract

PAGES = Path(__file__).parent / "fixtures" / "pages"
REGEN = ".venv/bin/python -m tests.regen_fixtures"
# unseen/: pages written by hand in themes the replica does not have, with expectations decided
# by hand (only the keys given are checked); regen_fixtures never rewrites them
HAND = sorted(PAGES.glob("unseen/*.html.gz"))
GOLDEN = sorted(set(PAGES.glob("*/*.html.gz")) - set(HAND))


def _load(page: Path) -> tuple[bytes, dict]:
    expected = json.loads(
        page.with_name(page.name.replace(".html.gz", ".json")).read_text(encoding="utf-8")
    )
    return gzip.decompress(page.read_bytes()), expected


@pytest.mark.parametrize("page", GOLDEN, ids=[f"{p.parent.name}/{p.name[:-8]}" for p in GOLDEN])
def test_golden_page(page: Path) -> None:
    html, expected = _load(page)
    got = extract(html, expected["url"]).to_dict()
    assert got == expected, (
        f"{page.name} differs from its golden file; if the change is right, run: {REGEN}"
    )


@pytest.mark.parametrize("page", HAND, ids=[p.name[:-8] for p in HAND])
def test_unseen_page(page: Path) -> None:
    """Hand-written pages of unseen themes: the fields the JSON names, exactly; same verdict when skipping."""
    html, expected = _load(page)
    got = extract(html, expected["url"]).to_dict()
    for key in sorted(set(expected) - {"url", "note"}):
        assert got[key] == expected[key], (
            f"{page.name}: {key} (tests: {expected['note']}); reasons {got['article_reasons']}"
        )
    skipped = extract(html, expected["url"], skip_non_articles=True)
    assert skipped.is_article == expected["is_article"], skipped.article_reasons


def test_every_family_has_articles_and_non_articles() -> None:
    kinds: dict[str, set[bool]] = {}
    for page in GOLDEN + HAND:
        kinds.setdefault(page.parent.name, set()).add(_load(page)[1]["is_article"])
    assert set(kinds) == {"wordpress", "blogger", "portal", "network", "media", "unseen"}
    assert all(found == {True, False} for found in kinds.values()), kinds


SEED_PAGES = sorted(PAGES.glob("*/seed-*.html.gz"))


@pytest.mark.parametrize("page", SEED_PAGES, ids=[p.name[:8] for p in SEED_PAGES])
def test_seed_matches_seed_text(page: Path) -> None:
    """The five real sample articles: title, author, published and text exactly as the seed files say."""
    from replica.content.seeds import load_seeds

    seed = load_seeds()[page.name[5:8]]
    html, expected = _load(page)
    got = extract(html, expected["url"])
    assert got.is_article, got.article_reasons
    assert (got.title, got.author) == (seed.title, seed.author)
    assert (
        got.published == seed.published and got.published.utcoffset() == seed.published.utcoffset()
    )
    assert got.text == seed.text


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("Kamis, 7 November 2024 - 09:30 WIB", "2024-11-07T09:30:00+07:00"),
        ("Nov 8, 2024 - 11:35", "2024-11-08T11:35:00+07:00"),
        ("30 August 2024 - 12:01 WITA", "2024-08-30T12:01:00+08:00"),
        ("Rabu, 03 April 2024 13:11", "2024-04-03T13:11:00+07:00"),
        ("Senin, 23 Pebruari 2015 16:38", "2015-02-23T16:38:00+07:00"),
        ("Jum'at, 8 Nopember 2024 pukul 08.15 wib", "2024-11-08T08:15:00+07:00"),
        ("Sabtu, 3 Agt 2024", "2024-08-03T00:00:00+07:00"),
        ("7 January 2025 - 11:52 WIT", "2025-01-07T11:52:00+09:00"),
        ("Jumat, 7 April 2023 | 13:16 WITA", "2023-04-07T13:16:00+08:00"),
        ("8 Nov 2024", "2024-11-08T00:00:00+07:00"),
        ("25/09/2024 08.15 WIB", "2024-09-25T08:15:00+07:00"),
    ],
)
def test_parse_visible(raw: str, iso: str) -> None:
    parsed = parse_visible(raw)
    assert parsed is not None and parsed.isoformat() == iso


@pytest.mark.parametrize("raw", ["", "Jumat (8/11)", "pukul 08.15 WIB", "tidak ada tanggal"])
def test_parse_visible_rejects(raw: str) -> None:
    assert parse_visible(raw) is None


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2024-11-08T11:35:00+08:00", "2024-11-08T11:35:00+08:00"),
        ("2024-10-23T19:42:00.000+07:00", "2024-10-23T19:42:00+07:00"),
        ("2024-11-08T04:35:00Z", "2024-11-08T04:35:00+00:00"),
        ("2024-11-08", "2024-11-08T00:00:00+07:00"),
        ("2024-11-08 11:35:00 +0700", "2024-11-08T11:35:00+07:00"),
    ],
)
def test_parse_iso(raw: str, iso: str) -> None:
    parsed = parse_iso(raw)
    assert parsed is not None and parsed.isoformat() == iso


ARTICLE_BODY = "".join(
    f"<p>Paragraf {i}: Polres Jember menggelar patroli gabungan bersama TNI dan Satpol PP untuk menjaga "
    "kondusifitas wilayah menjelang pelaksanaan Pilkada serentak 2024 di Kabupaten Jember.</p>"
    for i in range(5)
)


def _page(body: str, head: str = "") -> str:
    return f"<html><head><title>Uji</title>{head}</head><body>{body}</body></html>"


ARTICLE = _page(
    f"<article><h1>Patroli Gabungan Jaga Pilkada</h1><div class='meta'>Kamis, 7 November 2024 - 09:30 WIB</div>"
    f"<div class='entry-content'>{ARTICLE_BODY}</div></article>",
    '<meta property="og:type" content="article">',
)


def test_article_page_is_article() -> None:
    got = extract(ARTICLE, "https://polres.example.id/2024/11/07/patroli-gabungan-jaga-pilkada/")
    assert got.is_article, got.article_reasons
    assert got.published == datetime.fromisoformat("2024-11-07T09:30:00+07:00")
    assert got.published_raw == "Kamis, 7 November 2024 - 09:30 WIB"
    assert got.title == "Patroli Gabungan Jaga Pilkada"
    assert got.text.startswith("Paragraf 0:") and got.text.count("\n") == 4


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://polres.example.id/", "url:home"),
        ("https://polres.example.id/tag/pilkada-2024/", "url:listing /tag/"),
        ("https://polres.example.id/category/binmas/page/2/", "url:listing"),
        ("https://blog.example.id/search/label/KRYD", "url:listing"),
        ("https://portal.example.id/news/all?page=3", "url:listing"),
        ("https://polres.example.id/tentang-kami/", "url:static page"),
        ("https://polres.example.id/kontak/", "url:static page"),
        ("https://blog.example.id/2024/10/", "url:listing"),
    ],
)
def test_non_article_urls(url: str, reason: str) -> None:
    got = extract(ARTICLE, url)
    assert not got.is_article
    assert any(r.startswith(f"!{reason}") for r in got.article_reasons), got.article_reasons


def test_listing_markup_is_not_article() -> None:
    teasers = "".join(
        f"<article><h2><a href='/2024/11/0{i}/berita-{i}/'>Berita {i}</a></h2><p>{ARTICLE_BODY[:200]}</p></article>"
        for i in range(1, 8)
    )
    got = extract(
        _page(f"<h1>Berita Terbaru</h1>{teasers}"),
        "https://polres.example.id/berita-terbaru-pekan-ini",
    )
    assert not got.is_article
    assert "!listing:7 teasers" in got.article_reasons


def test_undated_page_is_not_article() -> None:
    got = extract(
        _page(f"<h1>Visi dan Misi Polres</h1>{ARTICLE_BODY}"),
        "https://polres.example.id/visi-polres-jember-2024",
    )
    assert not got.is_article and "!no publication date" in got.article_reasons


@pytest.mark.parametrize(
    "html", [b"", "", "<html></html>", b"\x00\xff\xfe garbage", "plain text, no markup"]
)
def test_bad_html_never_raises(html: str | bytes) -> None:
    got = extract(html, "https://polres.example.id/x")
    assert isinstance(got, Extracted) and not got.is_article and got.article_reasons


def test_result_is_picklable_and_json_ready() -> None:
    got = extract(ARTICLE, "https://polres.example.id/2024/11/07/patroli/")
    assert pickle.loads(pickle.dumps(got)) == got
    assert json.loads(json.dumps(got.to_dict()))["published"] == "2024-11-07T09:30:00+07:00"


def test_blogger_furniture_and_network_byline() -> None:
    body = "<br><br>".join(ARTICLE_BODY.replace("<p>", "").split("</p>")[:-1]) + "<br><br>(*)"
    html = _page(
        "<h1 class='title'>Blog Bhayangkara</h1><h2 class='date-header'>Rabu, 23 Oktober 2024</h2>"
        "<div class='post hentry'><h3 class='post-title entry-title'>Patroli Gabungan</h3>"
        "<div class='post-author'><a>Achmad Sarjono</a> - <a>JEMBER.OPINIPUBLIK.ID</a></div>"
        f"<div class='post-body entry-content'>{body}</div></div>"
        "<div class='comments'><h4>Tidak ada komentar:</h4><p>Posting Komentar</p></div>"
        "<div class='blog-pager'><a>Posting Lebih Baru</a> <a>Beranda</a></div>",
    )
    got = extract(html, "https://blog.example.id/2024/10/patroli-gabungan.html")
    assert got.author == "Achmad Sarjono"
    assert got.published is not None and got.published.isoformat() == "2024-10-23T00:00:00+07:00"
    lines = got.text.split("\n")
    assert lines[0].startswith("Paragraf 0:") and lines[-1] == "(*)" and len(lines) == 6
