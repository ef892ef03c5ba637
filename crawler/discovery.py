"""Finding article URLs in robots.txt, sitemaps, feeds and HTML pages.

Pure functions over response bodies, modelled on trafilatura's ``sitemaps.py``/``feeds.py``: the
spider fetches, these parse. Nothing here knows a particular site.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from html import unescape as html_unescape
from urllib.parse import urljoin

import lxml.etree
import lxml.html
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from archive.dates import parse_iso

# Sitemap locations tried when robots.txt names none.
COMMON_SITEMAPS = (
    "/wp-sitemap.xml",  # WordPress core since 5.5
    "/sitemap_index.xml",  # Yoast / Rank Math
    "/sitemap.xml",  # Blogger, Odoo, most generators
)
FEED_TYPES = re.compile(r"application/(rss|atom)\+xml|application/xml|text/xml", re.I)
COMMENT_FEED = re.compile(r"comment|komentar", re.I)  # WordPress per-post comment feeds
# Links that never lead to an HTML page worth a request.
NON_HTML = re.compile(
    r"\.(pdf|docx?|xlsx?|pptx?|zip|rar|7z|gz|tgz|jpe?g|png|gif|webp|svg|bmp|ico|mp[34]|m4a|"
    r"avi|mov|wmv|webm|ogg|wav|apk|exe|css|js|json|xml|rss|atom|txt)$",
    re.I,
)
# Feed URLs linked as <a> (Blogger's per-post comment feeds, WordPress /feed/): feeds are
# found through <link rel="alternate"> on the start page, never followed as pages.
FEED_LINK = re.compile(
    r"/(?:feeds?|rss|atom)(?:/|$)"  # /feed/, /feeds/<id>/comments/default (Blogger), /rss/
    r"|[?&](?:feed|alt)=",  # ?feed=rss2 (WordPress), ?alt=rss (Blogger)
    re.I,
)
# Listing pagination, as the common platforms write it.
PAGINATION = re.compile(
    r"/page/\d+"  # WordPress, most themes
    r"|[?&](?:page|paged|hal|halaman|start|start-index|offset|updated-max)=",  # apps, Blogger
    re.I,
)
SKIP_SCHEMES = re.compile(r"^(mailto|tel|javascript|whatsapp|sms|fb|data):", re.I)
ATOM = "{http://www.w3.org/2005/Atom}"
GZIP_MAGIC = b"\x1f\x8b\x08"


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: str | None
    is_index: bool  # the URL is itself a sitemap


def sitemaps_from_robots(body: bytes, base_url: str) -> list[str]:
    return list(sitemap_urls_from_robots(body, base_url=base_url))


def sitemap_body(body: bytes, max_size: int = 50 * 1024 * 1024) -> bytes | None:
    """The XML of a sitemap response, gunzipped when it really is gzip; None if not XML."""
    if body[:3] == GZIP_MAGIC:
        try:
            body = gunzip(body, max_size=max_size)
        except Exception:  # a broken gzip is skipped, the listing crawl covers the site
            return None
    head = body[:512].lstrip().lower()
    return body if head.startswith(b"<?xml") or b"<urlset" in head or b"<sitemapindex" in head \
        else None


def parse_sitemap(body: bytes) -> Iterator[SitemapEntry]:
    """Entries of a urlset or sitemap index (lenient: lxml's recover mode)."""
    xml = sitemap_body(body)
    if xml is None:
        return
    try:
        sm = Sitemap(xml)
    except (lxml.etree.XMLSyntaxError, StopIteration):
        return
    is_index = sm.type == "sitemapindex"
    try:
        for d in sm:
            if loc := d.get("loc"):
                yield SitemapEntry(loc.strip(), d.get("lastmod") or None, is_index)
    except lxml.etree.XMLSyntaxError:
        return


@dataclass(frozen=True)
class Feed:
    entries: list[str]  # article URLs
    next_url: str | None  # the next page of the feed (Atom rel=next: Blogger paging)
    generator: str | None
    dates: tuple[datetime | None, ...] = ()  # each entry's publication date, when it says


def feed_date(raw: str | None) -> datetime | None:
    """An entry's date: RFC 822 in RSS (``pubDate``), ISO 8601 in Atom; None if unreadable."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if (iso := parse_iso(raw)) is not None:
        return iso
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo else None


def parse_feed(body: bytes, base_url: str) -> Feed | None:
    """Entry links of an RSS 2.0 or Atom feed; None when the body is no feed."""
    try:
        root = lxml.etree.fromstring(body, parser=_XML_PARSER)
    except lxml.etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    tag = lxml.etree.QName(root).localname.lower()
    if tag == "rss" or tag == "rdf":
        links, dates = [], []
        for item in root.xpath("//*[local-name()='item']"):
            link = (item.findtext("link") or item.findtext("{*}link") or "").strip()
            if link:
                links.append(urljoin(base_url, link))
                dates.append(feed_date(item.findtext("pubDate") or item.findtext("{*}date")))
        gen = root.findtext("channel/generator")
        nxt = root.xpath("//*[local-name()='link'][@rel='next']/@href")
        return Feed(links, urljoin(base_url, nxt[0]) if nxt else None, gen, tuple(dates))
    if tag == "feed":
        links, dates = [], []
        for entry in root.iter(f"{ATOM}entry"):
            hrefs = entry.xpath("a:link[@rel='alternate' or not(@rel)]/@href", namespaces=_NS)
            if hrefs:
                links.append(urljoin(base_url, hrefs[0]))
                dates.append(feed_date(entry.findtext(f"{ATOM}published")
                                       or entry.findtext(f"{ATOM}updated")))
        nxt = root.xpath("a:link[@rel='next']/@href", namespaces=_NS)
        gen = root.findtext(f"{ATOM}generator")
        return Feed(links, urljoin(base_url, nxt[0]) if nxt else None, gen, tuple(dates))
    return None


_NS = {"a": ATOM[1:-1]}
_XML_PARSER = lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                                   huge_tree=False)


@dataclass(frozen=True)
class PageLinks:
    links: list[str]  # absolute hrefs of <a> elements, document order, no duplicates
    feeds: list[str]  # <link rel="alternate"> feeds (comment feeds left out)
    next_pages: list[str]  # rel="next" links: pagination


def parse_links(html: bytes | str, base_url: str) -> PageLinks:
    """Outgoing links of an HTML page, resolved against its <base> or URL."""
    try:
        doc = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return PageLinks([], [], [])
    base = doc.xpath("string(//head/base/@href)") or base_url
    base = urljoin(base_url, base)
    seen: dict[str, None] = {}
    for href in doc.xpath("//a/@href | //area/@href"):
        href = href.strip()
        if not href or href.startswith("#") or SKIP_SCHEMES.match(href):
            continue
        seen.setdefault(urljoin(base, href).split("#", 1)[0], None)
    feeds = [urljoin(base, el.get("href"))
             for el in doc.xpath("//link[@rel='alternate'][@href]")
             if FEED_TYPES.search(el.get("type") or "")
             and not COMMENT_FEED.search((el.get("title") or "") + el.get("href"))]
    nexts = [urljoin(base, h) for h in doc.xpath("//link[@rel='next']/@href | //a[@rel='next']/@href")]
    return PageLinks(list(seen), feeds, nexts)


# Links of ordinary pages are read with one scan of the bytes, not a second HTML parse: the
# extraction workers parse each page fully already, and this runs in the crawler's loop.
HREF = re.compile(rb"""<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
BASE_HREF = re.compile(rb"""<base\s[^>]*?href\s*=\s*["']?([^"'\s>]+)""", re.I)
REL_NEXT = re.compile(rb"""<link\s[^>]*?rel\s*=\s*["']?next["']?[^>]*>""", re.I)
ATTR_HREF = re.compile(rb"""href\s*=\s*["']?([^"'\s>]+)""", re.I)


def scan_links(body: bytes, base_url: str) -> list[str]:
    """Absolute ``<a href>`` targets in document order (rel=next links first), no repeats."""
    base = base_url
    if m := BASE_HREF.search(body[:8192]):
        base = urljoin(base_url, _attr(m.group(1)))
    raws = [m.group(1) for m in map(ATTR_HREF.search, REL_NEXT.findall(body)) if m]
    raws += [a or b or c for a, b, c in HREF.findall(body)]
    seen: dict[str, None] = {}
    for raw in raws:
        href, absolute = _href(raw)
        if absolute:
            seen.setdefault(href, None)
        elif href:
            seen.setdefault(urljoin(base, href).split("#", 1)[0], None)
    return list(seen)


ABSOLUTE = re.compile(r"https?://", re.I)


@functools.lru_cache(maxsize=1 << 16)  # menus and sidebars repeat on every page of a site
def _href(raw: bytes) -> tuple[str, bool]:
    """An href attribute as written: ("", False) if it leads nowhere to crawl, (its absolute
    URL, True) if it is absolute, else (the stripped relative reference, False)."""
    href = _attr(raw).strip()
    if not href or href.startswith("#") or SKIP_SCHEMES.match(href):
        return "", False
    if ABSOLUTE.match(href):
        return _absolute(href), True
    return href, False


@functools.lru_cache(maxsize=1 << 16)
def _absolute(href: str) -> str:
    """An absolute link as urljoin would spell it, fragment dropped; menus repeat on every page."""
    return urljoin(href, href).split("#", 1)[0]


def _attr(raw: bytes) -> str:
    return html_unescape(raw.decode("utf-8", "replace"))


def looks_like_html_link(url: str) -> bool:
    path = url.split("?", 1)[0].split("#", 1)[0]
    return not NON_HTML.search(path) and not FEED_LINK.search(url.split("#", 1)[0])
