"""Article extraction: one HTML page in, one :class:`Extracted` record out (a pure function).

The page is parsed once with lxml (trafilatura's loader, so encodings are handled the same way);
metadata is read from that tree first -- meta tags, JSON-LD, the title heading and the lines
around it -- and then trafilatura cleans the body in a single ``bare_extraction`` pass.

    >>> e = extract(html, "https://jember.opinipublik.id/2024/11/08/cooling-system/")
    >>> e.is_article, e.published.isoformat(), e.author
    (True, '2024-11-08T11:35:00+07:00', 'Achmad Sarjono')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import suppress
from copy import copy
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain
from urllib.parse import urljoin, urlsplit

from lxml.etree import ElementDefaultClassLookup, XPath
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    fromstring,
)
from trafilatura import bare_extraction
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import examine_meta, extract_meta_json, extract_metainfo, extract_sitename
from trafilatura.settings import Extractor
from trafilatura.utils import (
    DOCTYPE_TAG,
    FAULTY_HTML,
    INVALID_XML_CHARS,
    decode_file,
    is_dubious_html,
)
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from archive.boilerplate import clean_lines, fold
from archive.dates import find_visible_dates, parse_iso, parse_visible
from archive.records import Extracted  # noqa: F401  (defined there: the crawler unpickles it)

# trafilatura options, chosen on bench/extraction_bench.py (181 pages; plain extract() F1 0.9525):
# comments off (+0.007 F1: comment blocks are never article text); fast=True skips the
# readability/justext comparison -- F1 0.9615 vs 0.9639 without it, but half the time, and on the
# replica sites it is the variant that keeps Blogger's label widget out; metadata is read by us.
# Built once and copied per page: constructing an Extractor reads the config anew (~0.1 ms).
TRAFILATURA_OPTIONS = Extractor(
    output_format="python", fast=True, comments=False, tables=True, with_metadata=False
)
# Elements trafilatura's own cleaning discards on every path an article takes (from its
# MANUALLY_CLEANED tags), pruned through its prune_xpath option before its passes over the
# whole tree instead of after them: 1.2 ms of 16.7 a themed article page, with output
# unchanged on 6,921 replica pages (trafilatura compiles the string per call; that is in the
# figure). JSON-LD stays (its baseline reads articleBody there), and so do forms (it keeps
# one that wraps the page, as ASP.NET sites do).
PRUNE_BEFORE_EXTRACTION = (
    "//svg|//style|//noscript|//template|//script[not(contains(@type, 'ld+json'))]"
    "|//nav|//footer|//aside|//iframe|//button|//select"
)
MIN_ARTICLE_CHARS = 250  # shortest own text an article may have (short releases exist)
FRAME_TAGS = frozenset({"aside", "nav", "footer"})
# sidebars and widgets list other posts with their dates and authors
FRAME_CLASS = re.compile(r"sidebar|widget|related|popular|terkait|terbaru", re.IGNORECASE)
# Elementor wraps every block, the post's own title and byline too, in "elementor-widget*":
# a page-builder convention, not a sign of page frame
BUILDER_CLASS = re.compile(r"\belementor-[\w-]*", re.IGNORECASE)
# blocks listing other posts inside or beside the article: their teasers do not make a listing
RELATED_FRAME = re.compile(r"related|terkait|sidebar|baca-?juga|also-like", re.IGNORECASE)
# WordPress body classes (core body_class()): pages and archives vs single posts
WP_PAGE_BODY = re.compile(r"\b(?:page-id-\d+|archive|search-results|error404)\b")
WP_POST_BODY = re.compile(r"\b(?:postid-\d+|single-post)\b")
# "Berita Terkait:" / "Baca Juga:" heading a list of links inside the post body
RELATED_HEAD = re.compile(
    r"^(?:berita|artikel|baca|postingan|tulisan)\s+(?:terkait|juga|lainnya|lain)\s*:?$",
    re.IGNORECASE,
)
HEADER_NODES = 40  # text nodes after the title searched for the byline and date
MANY_TEASERS = 4  # this many <article>/post blocks make a listing
MANY_HEADLINE_LINKS = 5  # this many linked h2-h4 headings suggest a listing

# <meta> elements read, as {attribute: values that select it}; each one read gives its content
META_PUBLISHED = {
    "property": {"article:published_time", "og:published_time"},
    "name": {"pubdate", "publishdate", "date", "DC.date.issued", "dc.date"},
    "itemprop": {"datePublished"},
}
META_MODIFIED = {
    "property": {"article:modified_time", "og:updated_time"},
    "itemprop": {"dateModified"},
}
META_LANGUAGE = {"http-equiv": {"content-language", "Content-Language"}, "property": {"og:locale"}}
META_OG_TYPE = {"property": {"og:type"}}

# XPath objects compiled once (a string passed to .xpath() is compiled on every call).
# "descendant::x[p]" selects what ".//x[p]" does when p is not positional, several times faster
# in libxml2; strings only read as values are returned plain (smart_strings=False: no parent
# element is built for each).
JSONLD = XPath('descendant::script[@type="application/ld+json"]/text()', smart_strings=False)
HTML_LANG = XPath("/html/@lang", smart_strings=False)
# itemprop dates, <time class="published|entry-date"> and Blogger's <abbr class="published" title="ISO">
# (a union, in document order; the itemprop attributes are tested, not every element)
MARKUP_PUBLISHED = XPath(
    'descendant::*/@itemprop[. = "datePublished"]/.. | descendant::abbr[contains(@class, "published")]'
    ' | descendant::time[contains(@class, "published") or contains(@class, "entry-date")]'
)
# a bare <time> next to the title heading
TITLE_TIME = XPath(
    "following::time[@datetime][1]/@datetime | preceding::time[@datetime][1]/@datetime",
    smart_strings=False,
)
TITLE_CLASSES = ("entry-title", "post-title", "article-title", "headline")  # title headings
TEASERS = XPath(
    'descendant::article | descendant::div[contains(concat(" ", @class, " "), " post-outer ")]'
)
IN_SIDEBAR = XPath("ancestor::aside or ancestor::*[contains(@class, 'sidebar')]")
PAGE_TITLE = XPath("string(/html/head/title)")
OWN_TEXTS = XPath("descendant::text()", smart_strings=False)
TEXTS_BEFORE = XPath("preceding::text()[normalize-space()][position() <= 6]")
TEXTS_AFTER = XPath(f"following::text()[normalize-space()][position() <= {HEADER_NODES}]")
# Whether trafilatura's AUTHOR_XPATHS can match: each element they select is an <author>, has
# a <rel> child, or has one of these substrings in an attribute (every literal their tests and
# case-sensitive regexes look for holds one). Pruning only removes elements, so a tree with none
# has no author for them either: the costly XPaths (regex callbacks into Python) are skipped.
_AUTHOR_HINTS = {
    "rel": ("uthor",),
    "itemprop": ("uthor",),
    "data-testid": ("uthor",),
    "data-component": ("Byline",),
    "id": ("uthor", "zuozhe", "bianji", "xiaobian"),
    "class": ("uthor", "byl", "Byline", "BBL", "username", "channel-name", "zuozhe", "bianji",
              "xiaobian", "submitted-by", "posted-by", "journalist-name", "screenname", "writer"),
}
AUTHOR_MARKUP = XPath(  # one pass per attribute name, testing only the attributes present
    "boolean(/descendant::author | /descendant::rel | "
    + " | ".join(
        f"/descendant::*/@{attr}[" + " or ".join(f"contains(., '{hint}')" for hint in hints) + "]"
        for attr, hints in _AUTHOR_HINTS.items()
    )
    + ")"
)
BODY_CLASS = XPath("/html/body/@class", smart_strings=False)
# what _markup_signals and _PageData read (TEASERS' <div class="post-outer"> and the headings
# counted when they hold a link are tested apart)
LINKED_HEADINGS = frozenset({"h2", "h3", "h4"})
SIGNAL_TAGS = frozenset({"meta", "script", "time", "article"})
LISTS_AFTER_SIBLING = XPath(
    "descendant::ul[preceding-sibling::*] | descendant::ol[preceding-sibling::*]"
)

# Regional-network byline: "Achmad Sarjono - JEMBER.OPINIPUBLIK.ID" (author - SITE HOST)
NETWORK_BYLINE = re.compile(
    r"^(?P<name>[^\W\d_][\w.,' ]{1,60}?)\s*[-–—|]\s*(?P<site>(?:[\w-]+\.)+[a-z]{2,})/?$",
    re.IGNORECASE,
)
BYLINE_DASH = re.compile(r"[-–—|]")  # NETWORK_BYLINE needs one: a cheap test before the costly one
# "Oleh: Name", "Penulis : Name", "By Name"
LABELLED_BYLINE = re.compile(
    r"^(?:(?:diposting|ditulis|dikirim|posted)\s+(?:oleh|by)|oleh|penulis|reporter|by)\s*:?\s+"
    r"(?P<name>[^\W\d_][\w.,' ]{1,60})$",
    re.I,
)
# the first word of every LABELLED_BYLINE match
LABEL_WORD = re.compile(r"(?:diposting|ditulis|dikirim|posted|oleh|penulis|reporter|by)", re.I)
DOMAIN_LIKE = re.compile(r"\b[\w-]+\.(?:[\w-]+\.)*(?:id|com|net|org|co|web|info)\b", re.I)
# listing URLs of WordPress (/page/N, /tag/, /category/, /author/, ?s=), Blogger (/search/label/,
# /search?updated-max=), Odoo (/blog/page/N) and generic ?page=N
LISTING_URL = re.compile(
    r"/(?:page|halaman)/\d+/?$|/(?:tag|tags|category|kategori|categories|author|penulis|label|topik|topic|kanal|rubrik)/"
    r"|/\d{4}(?:/\d{2}){0,2}/?$"  # WordPress/Blogger date archives: /2024/, /2024/10/, /2024/10/23/
    r"|/search(?:/|\?|$)|[?&](?:s|q|page|paged|start-index|updated-max)=|/feed/?$|/news/all\b",
    re.IGNORECASE,
)
STATIC_URL = re.compile(
    r"/(?:about|about-us|tentang|tentang-kami|contact|contact-us|kontak|kontak-kami|hubungi-kami"
    r"|redaksi|susunan-redaksi|pedoman-media-siber|privacy-policy|kebijakan-privasi|disclaimer"
    r"|visi-misi|struktur-organisasi|profil|profile|sitemap)(?:\.html?)?/?$",
    re.IGNORECASE,
)
ARTICLE_URL = re.compile(
    r"/\d{4}/\d{2}/|/\d{4}-\d{2}-\d{2}-|\.html?$|[-/]\d{3,}/?$|[?&]p=\d+|/[^/]*-[^/]*-[^/]*-[^/]+/?$",
    re.IGNORECASE,
)
ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "report",
    "posting",
}
NON_ARTICLE_TYPES = {
    "website",
    "collectionpage",
    "searchresultspage",
    "profilepage",
    "aboutpage",
    "contactpage",
}
ID_WORDS = frozenset(
    {"yang", "dan", "di", "dengan", "untuk", "dari", "dalam", "ini", "pada", "tidak", "oleh"}
)
EN_WORDS = frozenset(
    {"the", "and", "of", "to", "in", "is", "that", "for", "with", "on", "was", "by"}
)
WORD = re.compile(r"\w+")
# JSON-LD fields read without json.loads: SEO plugins emit invalid JSON often enough
JSONLD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
JSONLD_MODIFIED = re.compile(r'"dateModified"\s*:\s*"([^"]+)"')
JSONLD_TYPE = re.compile(r'"@type"\s*:\s*\[?\s*"([^"]+)"')


# trafilatura's parser (trafilatura.utils.HTML_PARSER), with lxml's C-level element classes
# in place of lxml.html's lookup, a Python method called for every element object made: about
# 5% of a worker's time on a themed article page. It only forgoes lxml.html's form classes
# (FormElement, InputElement...), which neither trafilatura nor this module uses.
HTML_PARSER = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                         remove_comments=True, remove_pis=True)
HTML_PARSER.set_element_class_lookup(ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))


# The characters trafilatura's repair deletes (INVALID_XML_CHARS), read from its own pattern.
INVALID_XML = tuple(ch for ch in map(chr, [*range(0x20), 0xFFFE, 0xFFFF])
                    if INVALID_XML_CHARS.match(ch))


def repair_faulty_html(html: str, beginning: str) -> str:
    """``trafilatura.utils.repair_faulty_html``, with its control-character regex run only on
    a page that holds one: 31 substring searches take 0.06 ms of a 90 KB page, the regex's
    scan 0.3 ms, and almost no page has any."""
    if any(ch in html for ch in INVALID_XML):
        html = INVALID_XML_CHARS.sub("", html)
    if "doctype" in beginning:  # libxml2/lxml issue: https://bugs.launchpad.net/lxml/+bug/1955915
        firstline, _, rest = html.partition("\n")
        html = DOCTYPE_TAG.sub("", firstline, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:  # a self-closing <html/> in the first lines
        if "<html" in line and line.endswith("/>"):
            html = FAULTY_HTML.sub(r"\1>", html, count=1)
            break
    return html


def load_html(html: str | bytes) -> HtmlElement | None:
    """``trafilatura.utils.load_html`` with the parser above: the same checks and fallbacks."""
    html = decode_file(html)
    beginning = html[:50].lower()
    dubious = is_dubious_html(beginning)
    html = repair_faulty_html(html, beginning)
    try:
        tree = fromstring(html, parser=HTML_PARSER)
    except Exception:  # ValueError: a str with an encoding declaration; lxml wants bytes
        tree = None
    if tree is None or len(tree) < 1:
        try:
            tree = fromstring(html.encode("utf8", "surrogatepass"), parser=HTML_PARSER)
        except Exception:
            tree = None
    if tree is not None and dubious and len(tree) < 2:
        return None  # not (well-formed) HTML at all
    return tree


def extract(html: str | bytes, url: str, *, skip_non_articles: bool = False) -> Extracted:
    """Extract one page; never raises on bad HTML (returns ``is_article=False`` with a reason).

    ``skip_non_articles`` (the crawler's setting): a page that markup, URL or the lack of a
    date already rules out is returned without its body text, sparing the trafilatura pass.
    """
    try:
        tree = load_html(html)
    except Exception as err:  # lxml raises several types on broken input
        return Extracted(url=url, article_reasons=[f"unparseable html: {type(err).__name__}"])
    if tree is None:
        return Extracted(url=url, article_reasons=["empty or unparseable html"])
    try:
        return _extract_tree(tree, url, skip_non_articles)
    except Exception as err:  # a pure function for the crawler: report, never raise
        return Extracted(
            url=url, article_reasons=[f"extraction failed: {type(err).__name__}: {err}"]
        )


def _extract_tree(tree: HtmlElement, url: str, skip_non_articles: bool = False) -> Extracted:
    """Metadata first (trafilatura modifies its input), then one trafilatura pass for the body."""
    page = _PageData.of(tree)
    record = _read_metadata(tree, url, page)
    heading = _title_element(tree, record.title)
    if heading is not None:
        record.title = _heading_text(heading)
    header = _Header(heading)  # the byline and date live around the title
    _read_dates(tree, heading, header, record, page)
    signals = None
    if skip_non_articles:
        signals = positive, negative, vetoes = _text_free_signals(tree, record, url, page)
        if vetoes:
            record.article_reasons = [
                *positive,
                *(f"-{r}" for r in negative),
                *(f"!{r}" for r in vetoes),
                "body not extracted",
            ]
            return record
    header.read()  # before the tree changes
    _, signal_markup_dropped = drop_related_lists(tree)
    if signal_markup_dropped:
        signals = None  # the markup they read has changed
    # bare_extraction works on its own copy of the tree: ours stays intact for what follows
    document = bare_extraction(tree, options=_trafilatura_options(url),
                               prune_xpath=PRUNE_BEFORE_EXTRACTION)
    body = (document.text or "") if document is not None else ""
    furniture = {fold(text) for text in header.before if len(text) < 120}
    record.text = clean_lines(body, record.title, _header_line_test(record, header), furniture)
    record.language = record.language or _guess_language(record.text)
    record.is_article, record.article_reasons = classify(tree, record, url, signals)
    record.author = _pick_author(tree, header, record, url)  # last: it may prune the tree
    return record


@dataclass
class _PageData:
    """Page-wide lookups made once per state of the tree (one pass, not one per question asked):
    its <meta>, <link> and <a> elements and its JSON-LD text."""

    elements: list[HtmlElement]  # <meta>, <link> and <a>, in document order
    jsonld: str  # searched, not parsed: many blocks are broken JSON

    @classmethod
    def of(cls, tree: HtmlElement) -> _PageData:
        elements = list(tree.iterdescendants("meta", "link", "a"))
        return cls(elements, " ".join(JSONLD(tree)))

    @cached_property
    def metas(self) -> list[dict[str, str]]:
        """The attributes of each <meta>."""
        return [dict(elem.attrib) for elem in self.elements if elem.tag == "meta"]

    def meta(self, wanted: dict[str, set[str]]) -> list[str]:
        """The content of each meta whose attribute has a wanted value, in document order."""
        found = []
        for meta in self.metas:  # plain loops: this runs several times per page
            content = meta.get("content")
            if content is None:
                continue
            for key, values in wanted.items():
                if meta.get(key) in values:
                    found.append(content)
                    break
        return found

    def link_hrefs(self, rel: str) -> list[str]:
        """The href of each <link rel=...>, in document order."""
        return [
            href
            for elem in self.elements
            if elem.tag == "link"
            and elem.get("rel") == rel
            and (href := elem.get("href")) is not None
        ]


def _trafilatura_options(url: str) -> Extractor:
    """``TRAFILATURA_OPTIONS`` for one page: what ``Extractor(url=url, ...)`` would set."""
    options = copy(TRAFILATURA_OPTIONS)
    options.url = url
    options.source = url.encode("utf-8", "replace").decode("utf-8") if url else None
    return options


def _read_metadata(tree: HtmlElement, url: str, page: _PageData) -> Extracted:
    """Meta tags and JSON-LD through trafilatura's own readers; no date search (that is ours)."""
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None  # trafilatura's rule: one-word meta authors are usually handles
    with suppress(Exception):  # trafilatura's JSON-LD reader has known crashes on odd schemas
        meta = extract_meta_json(tree, meta)
    categories, tags = _categories_tags(page)
    return Extracted(
        url=url,
        canonical_url=_canonical(page, url, meta.url),
        title=meta.title,
        author=meta.author,
        description=meta.description,
        site_name=meta.sitename or extract_sitename(tree),
        categories=meta.categories or categories,
        tags=list(dict.fromkeys([*(meta.tags or []), *tags])),
        language=_declared_language(tree, page),
    )


def _canonical(page: _PageData, url: str, og_url: str | None) -> str | None:
    """rel=canonical, else og:url, made absolute against the page URL."""
    hrefs = page.link_hrefs("canonical")
    href = (hrefs[0].strip() if hrefs else "") or (og_url or "").strip()
    return urljoin(url, href) if href else None


def _categories_tags(page: _PageData) -> tuple[list[str], list[str]]:
    """Category and tag names from post links (sidebar tag clouds excluded: they sit in <aside>)."""
    found: dict[str, list[str]] = {"category": [], "tag": []}
    for elem in page.elements:
        tag = elem.tag
        if tag == "meta":
            if elem.get("property") == "article:section" and elem.get("content") is not None:
                found["category"].append(elem.get("content").strip())
        elif tag == "a" and _is_post_link(elem) and not IN_SIDEBAR(elem):
            kind = "category" if "category" in (elem.get("rel") or "") else "tag"
            found[kind].append(" ".join(elem.text_content().split()).lstrip("#"))
    return [list(dict.fromkeys(filter(None, found[k]))) for k in ("category", "tag")]


def _is_post_link(link: HtmlElement) -> bool:
    """WordPress rel="category tag" / rel="tag" links, Blogger post-footer labels, /tag/ URLs."""
    rel, href = link.get("rel") or "", link.get("href") or ""
    return "category" in rel or rel == "tag" or "/search/label/" in href or "/tag/" in href


def _declared_language(tree: HtmlElement, page: _PageData) -> str | None:
    """Language from ``<html lang>``, Content-Language or og:locale, as a two-letter code."""
    for value in chain(HTML_LANG(tree), page.meta(META_LANGUAGE)):
        code = value.strip().lower().replace("_", "-").split("-")[0]
        if len(code) == 2 and code.isalpha():
            return code
    return None


def _guess_language(text: str) -> str | None:
    """Indonesian or English by function-word counts, for pages that declare nothing."""
    words = WORD.findall(text[:3000].lower())
    id_hits = sum(word in ID_WORDS for word in words)
    en_hits = sum(word in EN_WORDS for word in words)
    if max(id_hits, en_hits) < 3:
        return None
    return "id" if id_hits >= en_hits else "en"


def _title_element(tree: HtmlElement, meta_title: str | None) -> HtmlElement | None:
    """The heading that carries the article title: one the meta title contains, else a single h1."""
    headings = {  # heading -> its text, in document order
        h: text
        for h in tree.iter("h1", "h2", "h3")
        if (
            h.tag == "h1"
            or h.get("itemprop") == "headline"
            or any(c in (h.get("class") or "") for c in TITLE_CLASSES)
        )
        and (text := _heading_text(h))
    }
    # trafilatura's meta title may be a lone <h1> (a logo): the <title> element is asked too
    page_title = " ".join(PAGE_TITLE(tree).split())
    if meta_title or page_title:
        folded = f"{fold(meta_title or '')}\n{fold(page_title)}"
        # the longest one: a logo <h1> "Site Name" is contained in "Post title | Site Name" too
        contained = [h for h, text in headings.items() if fold(text) in folded]
        if contained:
            return max(contained, key=lambda h: len(headings[h]))
    h1s = [h for h in headings if h.tag == "h1"]
    if len(h1s) == 1:
        return h1s[0]
    return next(iter(headings)) if len(headings) == 1 else None


def _heading_text(heading: HtmlElement) -> str:
    """Visible text of a heading, whitespace-collapsed."""
    return " ".join(heading.text_content().split())


class _Header:
    """Short text nodes just before and after the title heading, in document order.

    Each side is read from the tree on first use: a page returned without its body needs the
    lines after its title only when its markup gives no date, and those before it only when
    the lines after give none either. :meth:`read` reads both, before the tree is changed.
    """

    def __init__(self, heading: HtmlElement | None = None) -> None:
        self._heading = heading
        self._skip: set[str] = set()
        # what holds the title is never page frame, whatever its class: body "right-sidebar"
        # layouts, Blogger's "widget Blog", Genesis "content-sidebar-wrap"
        self._memo: dict[object, bool] = {}
        if heading is not None:
            self._skip = set(OWN_TEXTS(heading))
            self._memo = dict.fromkeys(heading.iterancestors(), False)

    @cached_property
    def before(self) -> list[str]:
        return self._texts(TEXTS_BEFORE)

    @cached_property
    def after(self) -> list[str]:
        return self._texts(TEXTS_AFTER)

    @property
    def nodes(self) -> list[str]:
        """All of them in document order (bylines are split over consecutive nodes)."""
        return [*self.before, *self.after]

    def sides(self) -> Iterator[list[str]]:
        """The texts after the title, then (read only if this goes on) those before it."""
        yield self.after
        yield self.before

    def read(self) -> None:
        """Read both sides now: the tree is about to change."""
        _ = (self.before, self.after)

    def _texts(self, xpath: XPath) -> list[str]:
        if self._heading is None:
            return []
        skip, memo = self._skip, self._memo  # the memo is valid for both sides (one tree state)
        return [
            " ".join(n.split())
            for n in xpath(self._heading)
            if n not in skip and not _in_frame(n, memo)
        ]


def _in_frame(node: object, memo: dict[object, bool]) -> bool:
    """Whether a text node sits in script/style or page frame (sidebar, widget, nav, footer)."""
    getparent = getattr(node, "getparent", None)
    parent = getparent() if getparent is not None else None
    if parent is None:
        return False
    if parent.tag in ("script", "style", "noscript"):
        return True
    verdict = memo.get(parent)
    if verdict is not None:  # the common case: a sibling text was judged already
        return verdict
    walked = []
    verdict = False
    elem = parent
    while elem is not None:  # upwards, lazily: most walks stop at a memo hit
        known = memo.get(elem)
        if known is not None:
            verdict = known
            break
        walked.append(elem)
        if _is_frame(elem):
            verdict = True
            break
        elem = elem.getparent()
    memo.update(dict.fromkeys(walked, verdict))  # siblings share ancestors: walk each once
    return verdict


def _is_frame(elem: HtmlElement) -> bool:
    """Page frame by its tag or class/id, Elementor's builder classes aside."""
    if elem.tag in FRAME_TAGS:
        return True
    classes, ident = elem.get("class"), elem.get("id")
    if classes is None and ident is None:  # most elements: nothing to match
        return False
    return _is_frame_names(f"{classes or ''} {ident or ''}")


@lru_cache(maxsize=8192)  # a site's templates repeat the same class names on every page
def _is_frame_names(names: str) -> bool:
    """Whether "class id" names page frame, Elementor's builder classes aside."""
    # dropping builder classes cannot make a match (it joins non-letters): the raw names are
    # tested first, and the substitution is made only for the few that match
    return bool(FRAME_CLASS.search(names) and FRAME_CLASS.search(BUILDER_CLASS.sub("", names)))


def _pick_author(tree: HtmlElement, header: _Header, record: Extracted, url: str) -> str | None:
    """A byline near the title ("Name - SITE.HOST", "Oleh: Name"), else trafilatura's author."""
    nodes = header.nodes
    # A candidate can match only if it holds a dash (NETWORK_BYLINE) or starts with a label word
    # (LABELLED_BYLINE; nodes are stripped and joined by spaces, so that word lies in its first
    # node): the others are skipped without being joined and matched.
    labelled = [LABEL_WORD.match(node) is not None for node in nodes]
    dashed = [BYLINE_DASH.search(node) is not None for node in nodes]
    for end in range(len(nodes)):
        # the byline may be split over links: "<a>Name</a> - <a>SITE.HOST</a>" is three text nodes
        for width in (1, 2, 3):
            start = max(0, end - width + 1)
            if not (labelled[start] or any(dashed[start : end + 1])):
                continue
            candidate = " ".join(nodes[start : end + 1])
            network = NETWORK_BYLINE.match(candidate) if BYLINE_DASH.search(candidate) else None
            match = network or LABELLED_BYLINE.match(candidate)
            if match:
                name = _valid_author(match["name"], record, url)
                if name or "site" in match.groupdict():
                    return name
    if record.published is None:
        return _valid_author(record.author, record, url)  # not worth trafilatura's costly search
    return _valid_author(record.author or _trafilatura_author(tree), record, url)


def _trafilatura_author(tree: HtmlElement) -> str | None:
    """trafilatura's ``extract_author`` without its deep copy: prunes ``tree`` in place."""
    if not AUTHOR_MARKUP(tree):  # its XPaths (slow: regex callbacks) would find nothing
        return None
    pruned = prune_unwanted_nodes(tree, AUTHOR_DISCARD_XPATHS)
    author = extract_metainfo(pruned, AUTHOR_XPATHS, len_limit=120)
    return normalize_authors(None, author) if author else None


def _valid_author(name: str | None, record: Extracted, url: str) -> str | None:
    """The name if it is a person's, not a site name, a host label or a date."""
    if not name:
        return None
    name = " ".join(name.strip(" -–—|,.:").split())
    if match := LABELLED_BYLINE.match(name):  # trafilatura keeps Blogger's "Diposting oleh X"
        name = match["name"].strip()
    folded = name.casefold()
    if (
        len(name) < 3
        or DOMAIN_LIKE.search(name)
        or find_visible_dates(name)
        or (record.site_name and folded == record.site_name.casefold())
        or any(ch.isdigit() for ch in name)
    ):
        return None
    return name


def _read_dates(
    tree: HtmlElement,
    heading: HtmlElement | None,
    header: _Header,
    record: Extracted,
    page: _PageData,
) -> None:
    """Set published/published_raw/modified: machine dates first, then a visible one near the title."""
    for raw in _machine_dates(tree, heading, page):
        parsed = parse_iso(raw)
        if parsed is not None:
            record.published, record.published_raw = parsed, raw.strip()
            break
    else:
        # the lines after the title first; those before it are read only if need be
        for texts in header.sides():
            for match in find_visible_dates(" ".join(texts)):
                parsed = parse_visible(match[0])
                if parsed is not None:
                    record.published, record.published_raw = parsed, match[0].strip()
                    break
            if record.published is not None:
                break
    modified = [*page.meta(META_MODIFIED), *JSONLD_MODIFIED.findall(page.jsonld)]
    record.modified = next((d for d in map(parse_iso, modified) if d is not None), None)


def _machine_dates(
    tree: HtmlElement, heading: HtmlElement | None, page: _PageData
) -> Iterator[str]:
    """ISO candidates, best first, computed lazily: meta, JSON-LD, dated markup, the title's <time>."""
    yield from page.meta(META_PUBLISHED)
    yield from JSONLD_PUBLISHED.findall(page.jsonld)
    for elem in MARKUP_PUBLISHED(tree):
        yield elem.get("datetime") or elem.get("content") or elem.get("title") or ""
    # a bare <time> counts only next to the title heading (sidebars list dated teasers too)
    if heading is not None:
        yield from TITLE_TIME(heading)


def _header_line_test(record: Extracted, header: _Header) -> Callable[[str], bool]:
    """A predicate for the first body lines: title, byline or date line repeated in the content."""
    title = fold(record.title or "")
    header_set = {fold(text) for text in header.nodes[:12] if len(text) < 120}

    def is_header_line(line: str) -> bool:
        key = fold(line)
        if key == title or NETWORK_BYLINE.match(line) or LABELLED_BYLINE.match(line):
            return True
        dates = find_visible_dates(line)
        if dates and sum(len(m[0]) for m in dates) >= 0.6 * len(line):
            return True
        return key in header_set and len(line) < 40 and not line.endswith((".", ")"))

    return is_header_line


def classify(
    tree: HtmlElement,
    record: Extracted,
    url: str,
    signals: tuple[list[str], list[str], list[str]] | None = None,
) -> tuple[bool, list[str]]:
    """Article or not, with the evidence: markup, date, own text length, URL shape, listing signals.

    ``signals``: :func:`_text_free_signals` of this tree and record, if already computed.
    """
    positive, negative, vetoes = (
        [*part] for part in (signals or _text_free_signals(tree, record, url))
    )
    chars = len(record.text)
    if chars < MIN_ARTICLE_CHARS:
        vetoes.append(f"text:short ({chars} chars)")
    else:
        positive.append(f"text:{chars} chars")
    is_article = not vetoes and len(positive) > len(negative) + 1
    reasons = [*positive, *(f"-{r}" for r in negative), *(f"!{r}" for r in vetoes)]
    return is_article, reasons


def _text_free_signals(
    tree: HtmlElement, record: Extracted, url: str, page: _PageData | None = None
) -> tuple[list[str], list[str], list[str]]:
    """The evidence that needs no body text: markup, URL shape and the publication date.

    ``page``: the :class:`_PageData` of this tree as it is now, if already made.
    """
    positive, negative, vetoes = _markup_signals(tree, page or _PageData.of(tree))
    path = urlsplit(url)
    target = path.path + (f"?{path.query}" if path.query else "")
    if path.path in ("", "/") and not path.query.startswith("p="):
        vetoes.append("url:home")
    if match := LISTING_URL.search(target):
        vetoes.append(f"url:listing {match[0]}")
    if STATIC_URL.search(path.path):
        vetoes.append("url:static page")
    if ARTICLE_URL.search(target):
        positive.append("url:article shape")
    if record.published is None:
        vetoes.append("no publication date")
    else:
        positive.append("date:" + ("machine" if _is_machine(record.published_raw) else "visible"))
    return positive, negative, vetoes


def _is_machine(raw: str | None) -> bool:
    """Whether a raw date string is ISO-like (from markup) rather than visible prose."""
    return bool(raw and re.match(r"\d{4}-\d{2}-\d{2}", raw))


def _markup_signals(tree: HtmlElement, page: _PageData) -> tuple[list[str], list[str], list[str]]:
    """(positive, negative, veto) evidence from og:type, JSON-LD @type, <article>/<time> and teasers."""
    positive: list[str] = []
    negative: list[str] = []
    vetoes: list[str] = []
    og_type = "".join(page.meta(META_OG_TYPE)[:1]).strip().lower()
    if og_type in ARTICLE_TYPES:
        positive.append(f"og:type={og_type}")
    elif og_type in NON_ARTICLE_TYPES:
        negative.append(f"og:type={og_type}")
    types = {t.lower() for t in JSONLD_TYPE.findall(page.jsonld)}
    if found := sorted(types & ARTICLE_TYPES):
        positive.append("jsonld:" + ",".join(found))
    elif found := sorted(types & (NON_ARTICLE_TYPES - {"website"})):
        vetoes.append("jsonld:" + ",".join(found))
    related: dict[HtmlElement, bool] = {}
    teasers = sum(1 for t in TEASERS(tree) if not _in_related(t, related))
    body_class = " ".join(BODY_CLASS(tree))
    single_post = WP_POST_BODY.search(body_class)
    if teasers >= MANY_TEASERS:
        # a WordPress single post may show a grid of other posts (page builders): evidence only
        (negative if single_post else vetoes).append(f"listing:{teasers} teasers")
    elif teasers:
        positive.append("markup:<article>")
    linked = sum(
        1
        for h in tree.iter("h2", "h3", "h4")
        if h.find(".//a") is not None and not _in_related(h, related)
    )
    if linked >= MANY_HEADLINE_LINKS:
        negative.append(f"listing:{linked} headline links")
    if tree.find(".//time") is not None:
        positive.append("markup:<time>")
    if match := WP_PAGE_BODY.search(body_class):
        vetoes.append(f"wp:body {match[0]}")  # a WordPress page or archive, whatever its og:type
    elif single_post:
        positive.append("wp:single post")
    return positive, negative, vetoes


def _in_related(elem: HtmlElement, memo: dict[HtmlElement, bool] | None = None) -> bool:
    """Whether a teaser sits in a related-posts block, a sidebar or page frame (not the listing).

    ``memo``: element -> whether it or an ancestor is such a block, shared by the calls on one
    tree (a listing's teasers have their ancestors in common: each is judged once).
    """
    if memo is None:
        memo = {}
    walked = []
    verdict = False
    for anc in elem.iterancestors():
        if anc in memo:
            verdict = memo[anc]
            break
        walked.append(anc)
        if anc.tag in FRAME_TAGS or RELATED_FRAME.search(
            f"{anc.get('class', '')} {anc.get('id', '')}"
        ):
            verdict = True
            break
    memo.update(dict.fromkeys(walked, verdict))
    return verdict


def drop_related_lists(tree: HtmlElement) -> tuple[int, bool]:
    """Remove "Berita Terkait:" headings with their list of links from the post body (in place).

    Themes and editors put them mid-body; cutting the text there (as for a related block at the
    end) would lose the paragraphs that follow. Returns how many lists were removed, and whether
    what was removed could change :func:`_text_free_signals` (most lists hold only links: the
    signals stay valid).
    """
    dropped = 0
    signal_markup = False
    for listing in LISTS_AFTER_SIBLING(tree):
        head = listing.getprevious()
        if head is None or not RELATED_HEAD.match(" ".join(head.text_content().split())):
            continue
        items = listing.findall("li")
        if items and all(li.find(".//a") is not None for li in items):
            signal_markup = signal_markup or _holds_signal_markup(head, listing)
            head.drop_tree()  # drop_tree keeps the tail text
            listing.drop_tree()
            dropped += 1
    return dropped, signal_markup


def _holds_signal_markup(*siblings: HtmlElement) -> bool:
    """Whether removing these sibling subtrees could change what :func:`_markup_signals` reads:
    they hold a <meta>, <script>, <time>, teaser or linked heading, or sit inside a heading
    (whose link count they may change). Conservative: any such element counts; the "Berita
    Terkait" heading itself, an <h3> with no link, does not."""
    if any(anc.tag in LINKED_HEADINGS for anc in siblings[0].iterancestors()):
        return True
    for sibling in siblings:
        for elem in sibling.iter():
            tag = elem.tag
            if (
                tag in SIGNAL_TAGS
                or (tag in LINKED_HEADINGS and elem.find(".//a") is not None)
                or (tag == "div" and "post-outer" in (elem.get("class") or ""))
            ):
                return True
    return False
