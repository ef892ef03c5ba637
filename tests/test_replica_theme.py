"""The replica's page weight (replica/families/theme.py): like real news pages, links to real
pages only, and furniture an extractor drops."""

from __future__ import annotations

import statistics
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import lxml.html
import pytest

from archive.extract import extract
from replica import ReplicaWeb

# Lower bounds, below the real pages of ../shared/benchmarks/article-extraction (medians:
# 112 KB, 785 elements, 34 KB inline style and script, 135 links) and well above the 16 KB,
# ~180 elements and no inline style or script of the families without the theme.
MIN_KB, MIN_ELEMENTS, MIN_INLINE_KB, MIN_LINKS = 50, 400, 20, 70
FURNITURE = ("Breaking News", "Terpopuler", "Pilihan Redaksi", "Ikuti Kami", "kali dibaca",
             "Pilih Bulan", "Kembali ke atas")


@pytest.fixture(scope="module")
def web():
    with ReplicaWeb(extra_sites=5, articles_per_site=40) as w:
        yield w


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def _article_pages(web: ReplicaWeb, per_site: int = 3) -> list[tuple[str, bytes]]:
    out, taken = [], {}
    for art in web.truth["articles"]:
        if taken.get(art["site"], 0) < per_site:
            taken[art["site"]] = taken.get(art["site"], 0) + 1
            status, body = _get(art["url"])
            assert status == 200, art["url"]
            out.append((art["url"], body))
    return out


def test_article_pages_weigh_like_real_news_pages(web):
    pages = _article_pages(web)
    docs = [lxml.html.fromstring(body) for _, body in pages]
    kb = statistics.median(len(body) / 1024 for _, body in pages)
    elements = statistics.median(sum(1 for _ in d.iter()) for d in docs)
    inline = statistics.median(sum(len(e.text or "") for e in d.iter("script", "style")) / 1024
                               for d in docs)
    links = statistics.median(len(d.xpath("//a[@href]")) for d in docs)
    assert kb >= MIN_KB and elements >= MIN_ELEMENTS, (kb, elements)
    assert inline >= MIN_INLINE_KB and links >= MIN_LINKS, (inline, links)


def test_theme_links_lead_to_real_pages_or_off_site(web):
    """The furniture adds weight, not dead links or new URL spaces."""
    url, body = _article_pages(web, per_site=1)[0]
    doc = lxml.html.fromstring(body, base_url=url)
    doc.make_links_absolute()
    furniture = doc.xpath("//div[starts-with(@class, 'theme-')]//a/@href")
    assert len(furniture) >= 20
    host = urlsplit(url).netloc
    own = sorted({h.split("#")[0] for h in furniture if urlsplit(h).netloc == host} - {""})
    assert own, "the theme links the site's own articles"
    for link in own:
        assert _get(link)[0] == 200, link
    articles = {a["url"] for a in web.truth["articles"]}
    assert all(h in articles or urlsplit(h).path == "/" for h in own)


def test_extraction_leaves_the_furniture_out(web):
    for url, body in _article_pages(web, per_site=1):
        ex = extract(body, url)
        assert ex.is_article and ex.text, url
        leaked = [w for w in FURNITURE if w in ex.text]
        assert not leaked, (url, leaked)


def test_weight_zero_turns_the_theme_off():
    from replica.families.theme import Theme

    class Bare:
        name, options, articles = "x", {"theme_weight": 0}, [object()]

    html = "<html><head></head><body><p>x</p></body></html>"
    assert Theme(Bare()).dress(html) == html
