"""What every site family shares: routing, caching, 404s, assets and truth bookkeeping.

A family subclass registers its pages in `build()` as path -> thunk; thunks render lazily
and are cached, so a 2,000-article benchmark replica starts instantly and serves fast.
Query strings are part of the route key; `dynamic()` handles the few routes whose
query space is open-ended (feeds, calendars, searches).
"""

from __future__ import annotations

import html
import struct
import threading
import zlib
from collections.abc import Callable
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from replica.model import Article, Page

Thunk = Callable[[], Page]


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def _tiny_png() -> bytes:
    """A valid 1x1 grey PNG, so <img> fetches get a real image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = zlib.compress(b"\x00\x80")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


PNG = _tiny_png()
ASSET_TYPES = {".css": "text/css", ".js": "application/javascript", ".png": "image/png",
               ".jpg": "image/jpeg", ".svg": "image/svg+xml", ".woff2": "font/woff2", ".ico": "image/x-icon"}


class Site:
    """One replica site. Subclasses set `family`, `asset_prefixes` and implement `build()`."""

    family = "base"
    asset_prefixes: tuple[str, ...] = ()
    ignore_unknown_query = True  # WordPress and Blogger serve /post/?utm_source=x as /post/

    def __init__(self, name: str, base_url: str, articles: list[Article], options: dict | None = None):
        self.name = name
        self.base = base_url.rstrip("/")
        self.options = options or {}
        self.title = self.options.get("title", name)
        # Newest first, as every listing on every platform shows them.
        self.articles = sorted(articles, key=lambda a: (a.published, a.key), reverse=True)
        self.routes: dict[str, Thunk] = {}
        self.non_articles: list[str] = []
        self.traps: list[str] = []
        self.disallowed: list[str] = []
        self.retry_once: list[str] = []
        self.short_links: dict[str, str] = {}
        self._cache: dict[str, Page] = {}
        self.gone: dict[str, int] = {}  # path -> 404/410, set by tests
        self._lock = threading.Lock()
        self._theme = None  # built on the first page: it needs the articles' URLs
        taken: set[str] = set()
        for art in reversed(self.articles):  # oldest first keeps its slug, as WordPress does
            art.site = name
            base_slug, n = art.slug, 2
            while self.article_path(art) in taken:  # same headline twice: "<slug>-2"
                art.slug = f"{base_slug}-{n}"
                n += 1
            taken.add(self.article_path(art))
            art.url = self.url(self.article_path(art))
        self.build()

    # -- for subclasses -------------------------------------------------------------
    def article_path(self, art: Article) -> str:
        raise NotImplementedError

    def build(self) -> None:
        raise NotImplementedError

    def dynamic(self, path: str, query: dict[str, list[str]]) -> Page | None:
        return None

    def before(self, path_qs: str) -> Page | None:
        """Hook run before the cache, for stateful quirks (503 on first request)."""
        return None

    # -- helpers --------------------------------------------------------------------
    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, thunk: Thunk, listed: bool = False) -> None:
        """Register a route; `listed` marks an HTML non-article page for the truth."""
        self.routes[path] = thunk
        if listed:
            self.non_articles.append(self.url(path))

    @property
    def newest(self) -> datetime | None:
        return self.articles[0].published if self.articles else None

    def html(self, text: str, when: datetime | None = None, status: int = 200) -> Page:
        """An HTML page, dressed in the site's theme (replica/families/theme.py)."""
        if self._theme is None:
            from replica.families.theme import Theme

            self._theme = Theme(self)
        return Page(status, self._theme.dress(text).encode("utf-8"), "text/html; charset=UTF-8",
                    when or self.newest)

    def xml(self, text: str, when: datetime | None = None, ctype: str = "application/xml; charset=UTF-8") -> Page:
        return Page(200, text.encode("utf-8"), ctype, when or self.newest)

    def text(self, text: str, when: datetime | None = None) -> Page:
        return Page(200, text.encode("utf-8"), "text/plain; charset=UTF-8", when or self.newest)

    def redirect(self, target: str, status: int = 301) -> Page:
        body = f'<html><body>Moved: <a href="{esc(target)}">{esc(target)}</a></body></html>'
        return Page(status, body.encode(), "text/html; charset=UTF-8", self.newest, (("Location", target),))

    def not_found(self) -> Page:
        return self.html(self.not_found_html(), status=404)

    def not_found_html(self) -> str:
        return (f"<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>Halaman tidak ditemukan"
                f" - {esc(self.title)}</title></head><body><h1>404</h1><p>Maaf, halaman yang Anda cari tidak"
                f" ditemukan.</p><p><a href=\"{self.url('/')}\">Kembali ke beranda</a></p></body></html>")

    def others(self, art: Article | None, n: int = 5) -> list[Article]:
        """Other headlines for sidebars and related blocks (deterministic)."""
        return [a for a in self.articles if a is not art][:n]

    def related(self, art: Article, n: int = 3) -> list[Article]:
        same = [a for a in self.articles if a is not art and a.category == art.category]
        rest = [a for a in self.articles if a is not art and a not in same]
        return (same + rest)[:n]

    # -- serving --------------------------------------------------------------------
    def handle(self, path_qs: str) -> Page:
        if path_qs in self.gone:  # a "second phase" deletion, see ReplicaWeb.delete_article
            body = b"<html><body><h1>Halaman tidak ditemukan</h1></body></html>"
            return Page(self.gone[path_qs], body, "text/html; charset=UTF-8", self.newest)
        early = self.before(path_qs)
        if early is not None:
            return early
        page = self._cache.get(path_qs)
        if page is None:
            page = self._resolve(path_qs)
            with self._lock:
                self._cache[path_qs] = page
        return page

    def prerender(self) -> int:
        """Render every routed page into the cache now, as a page cache in front of a real
        site would hold them; stateful quirks (``before``) still run on each request."""
        for path in list(self.routes):
            if path not in self._cache:
                page = self._resolve(path)
                with self._lock:
                    self._cache[path] = page
        return len(self.routes)

    def _resolve(self, path_qs: str) -> Page:
        thunk = self.routes.get(path_qs)
        if thunk is not None:
            return thunk()
        parts = urlsplit(path_qs)
        path = parts.path or "/"
        query = parse_qs(parts.query, keep_blank_values=True)
        page = self.dynamic(path, query)
        if page is not None:
            return page
        if parts.query and self.ignore_unknown_query and path in self.routes:
            return self.routes[path]()
        if any(path.startswith(p) for p in self.asset_prefixes):
            return self.asset(path)
        return self.not_found()

    def asset(self, path: str) -> Page:
        ext = path[path.rfind("."):] if "." in path.rsplit("/", 1)[-1] else ""
        ctype = ASSET_TYPES.get(ext)
        if ctype is None:
            return self.not_found()
        if ctype.startswith("image/"):
            return Page(200, PNG, ctype, self.newest)
        body = f"/* {self.name} {path} */\n"
        return Page(200, body.encode(), ctype, self.newest)


def paginate(items: list, per_page: int) -> list[list]:
    pages = [items[i:i + per_page] for i in range(0, len(items), per_page)]
    return pages or [[]]
