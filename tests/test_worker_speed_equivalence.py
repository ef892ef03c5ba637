"""The shortcuts archive.extract takes for speed select exactly what the plain way selects.

Each test runs the fast form and the straightforward form it replaced on every fixture page
(and on every plausible context element of it) and requires the same answer.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from lxml.etree import XPath
from trafilatura.utils import repair_faulty_html
from trafilatura.xpaths import AUTHOR_XPATHS

from archive import extract as ex
from archive.decode import decode_html

PAGES = sorted((Path(__file__).parent / "fixtures" / "pages").glob("*/*.html.gz"))


def _tree_and_url(page: Path):
    meta = json.loads(page.with_name(page.name.replace(".html.gz", ".json")).read_text("utf-8"))
    html, _ = decode_html(gzip.decompress(page.read_bytes()))
    return ex.load_html(html), meta["url"]


@pytest.fixture(params=PAGES, ids=[f"{p.parent.name}/{p.name[:-8]}" for p in PAGES])
def page(request):
    return _tree_and_url(request.param)


# the ".//" forms the descendant:: and attribute-step XPaths replaced
PLAIN = {
    "JSONLD": XPath('.//script[@type="application/ld+json"]/text()'),
    "MARKUP_PUBLISHED": XPath(
        './/*[@itemprop="datePublished"] | .//abbr[contains(@class, "published")]'
        ' | .//time[contains(@class, "published") or contains(@class, "entry-date")]'
    ),
    "TEASERS": XPath('.//article | .//div[contains(concat(" ", @class, " "), " post-outer ")]'),
    "LISTS_AFTER_SIBLING": XPath(".//ul[preceding-sibling::*] | .//ol[preceding-sibling::*]"),
}


def test_xpaths_select_what_the_plain_forms_select(page) -> None:
    tree, _ = page
    for name, plain in PLAIN.items():
        fast = getattr(ex, name)
        assert fast(tree) == plain(tree), name
    for heading in tree.iter("h1", "h2", "h3", "h4"):
        assert ex.OWN_TEXTS(heading) == XPath(".//text()")(heading)


def test_author_guard_never_hides_a_trafilatura_match(page) -> None:
    tree, _ = page
    if not ex.AUTHOR_MARKUP(tree):
        assert not any(len(xpath(tree)) for xpath in AUTHOR_XPATHS)


def test_signals_kept_after_dropping_related_lists_are_still_right(page) -> None:
    tree, url = page
    record = ex._read_metadata(tree, url, ex._PageData.of(tree))
    before = ex._text_free_signals(tree, record, url)
    _, changed = ex.drop_related_lists(tree)
    if not changed:
        assert ex._text_free_signals(tree, record, url) == before


def test_lazy_header_reads_what_an_eager_one_reads(page) -> None:
    tree, url = page
    record = ex._read_metadata(tree, url, ex._PageData.of(tree))
    heading = ex._title_element(tree, record.title)
    after_first, before_first = ex._Header(heading), ex._Header(heading)
    _ = after_first.after, after_first.before
    _ = before_first.before, before_first.after
    assert after_first.nodes == before_first.nodes


def _pick_author_unfiltered(nodes: list[str], record, url: str) -> str | None:
    """The byline loop of _pick_author without its dash/label-word skip."""
    for end in range(len(nodes)):
        for width in (1, 2, 3):
            candidate = " ".join(nodes[max(0, end - width + 1) : end + 1])
            network = ex.NETWORK_BYLINE.match(candidate)
            match = network or ex.LABELLED_BYLINE.match(candidate)
            if match:
                name = ex._valid_author(match["name"], record, url)
                if name or "site" in match.groupdict():
                    return name
    return "no byline"


@pytest.mark.parametrize(
    "nodes",
    [
        ["Oleh:", "Admin Humas"],
        ["Diposting", "oleh", "Budi Santoso"],
        ["Achmad Sarjono", "-", "JEMBER.OPINIPUBLIK.ID"],
        ["", "Penulis : Siti Aminah"],
        ["Kamis, 7 November 2024", "By Rina Wati"],
        ["Beranda", "Berita", "Polres Jember gelar patroli"],
    ],
)
def test_byline_skip_finds_the_same_bylines(nodes: list[str]) -> None:
    record = ex.Extracted(url="https://example.id/a", site_name="Example")
    header = ex._Header()
    header.__dict__.update(before=[], after=nodes)  # the cached properties, set directly
    expected = _pick_author_unfiltered(nodes, record, record.url)
    got = ex._pick_author(None, header, record, record.url)  # no date: the tree is not read
    assert got == (None if expected == "no byline" else expected)


@pytest.mark.parametrize("html", [
    "<!DOCTYPE html>\n<html><body><p>plain</p></body></html>",
    "<!DOCTYPE html PUBLIC />x\n<html/>\n<body>a\x00b\x0bc\x1f\ufffed\uffff</body>",
    "<html lang='id' />\n<p>tab\tnew\nline\rcarriage</p>",
    "\x08" * 3 + "<html><body>" + "\u00e9\u2019" * 50 + "</body></html>",
])
def test_repair_takes_the_regex_path_only_when_it_changes_something(html: str) -> None:
    beginning = html[:50].lower()
    assert ex.repair_faulty_html(html, beginning) == repair_faulty_html(html, beginning)


def test_repair_leaves_fixture_pages_as_trafilatura_does() -> None:
    for path in PAGES:
        html, _ = decode_html(gzip.decompress(path.read_bytes()))
        beginning = html[:50].lower()
        assert ex.repair_faulty_html(html, beginning) == repair_faulty_html(html, beginning)
