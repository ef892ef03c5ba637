"""The sites of the fault web: small portal-family news sites with one fault each.

Each `FaultSite` renders its articles like `replica.families.portal.PortalSite` (the humas
app variant), so extraction behaves as on the normal replica, and adds the routes of its
fault, linked from its home page. `faults` lists what a crawler must meet there (the ground
truth); `hidden` articles are reachable only through the fault (a 15-hop redirect chain, a
broken sitemap) and are real articles all the same.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

from replica.content.generator import generate
from replica.families.base import esc
from replica.families.portal import PortalSite, _b36
from replica.faults.server import Answer, Cut, Hang, Stream
from replica.model import Article, Page

MB = 1024 * 1024
RETRY_AFTER = 2  # seconds, in the 503 burst's Retry-After
BURST_503 = 3  # the 503 article fails this many times, then answers
BURST_500 = 2
CHAIN_HOPS = 15
DEAD_LINKS = 200  # half 404, half 410
# Non-ASCII a Word-pasted release carries; every character exists in windows-1252.
SMART = "Kapolres menegaskan, \u201cKami hadir untuk masyarakat\u201d \u2014 ujarnya di Caf\u00e9 Ren\u00e9 (\u00b150 warga)\u2026"
# (header charset, <meta> charset, body encoding) of the charset site's articles.
CHARSETS = (
    ("utf-8", "utf-8", "cp1252"),  # both declarations wrong
    ("windows-1252", "windows-1252", "utf-8"),  # both wrong the other way
    ("utf-8", "windows-1252", "cp1252"),  # conflict, <meta> right
    ("iso-8859-1", "utf-8", "utf-8"),  # conflict, <meta> right
    (None, "iso-8859-1", "cp1252"),  # latin-1 label on a windows-1252 body (smart quotes)
    ("utf-8", "iso-8859-1", "cp1252"),  # conflict, latin-1 <meta> on windows-1252
)
ERROR_503 = (b"<html><head><title>503 Service Temporarily Unavailable</title></head><body>"
             b"<center><h1>503 Service Temporarily Unavailable</h1></center></body></html>")
ERROR_500 = b"<html><body><h1>Internal Server Error</h1></body></html>"

Fault = Callable[[int], Answer | None]  # hit number (1-based) -> answer, None = the page


class FaultSite(PortalSite):
    family = "faults"

    def __init__(self, name: str, base_url: str, kind: str, forbidden: str = "",
                 articles: int = 3):
        self.kind = kind
        self.forbidden = forbidden.rstrip("/")  # the trap host's URL (private-address site)
        self.fault_routes: dict[str, Fault] = {}
        self.faults: list[dict] = []
        self.hidden: set[str] = set()  # article keys not linked from listings
        self.links: list[tuple[str, str]] = []  # (path, label) on the home page
        self.hits: Counter[str] = Counter()
        self._hits_lock = threading.Lock()
        arts = [generate(name, i) for i in range(articles + EXTRA_ARTICLES.get(kind, 0))]
        super().__init__(name, base_url, arts, {"variant": "app", "title": name})

    # -- serving -------------------------------------------------------------------------
    def respond(self, path: str) -> Answer:
        with self._hits_lock:
            self.hits[path] += 1
            n = self.hits[path]
        fault = self.fault_routes.get(path)
        answer = fault(n) if fault else None
        return answer if answer is not None else self.handle(path)

    def fault(self, fault: str, path: str, answer: Fault | None = None, link: str = "",
              **detail) -> None:
        if answer is not None:
            self.fault_routes[path] = answer
        if link:
            self.links.append((path, link))
        self.faults.append({"site": self.name, "fault": fault, "url": self.url(path), **detail})

    # -- building ------------------------------------------------------------------------
    def build(self) -> None:
        self.add("/robots.txt", lambda: self.text("User-agent: *\nDisallow: /cari\n"
                                                  + self.robots_extra()))
        for art in self.articles:
            art.extra["short"] = f"/s/{_b36(art.post_id * 7919 % 36**5)}"
            self.add(art.extra["short"], lambda a=art: self.redirect(a.url, 301))
            self.add(self.article_path(art), lambda a=art: self.html(self.article_html(a),
                                                                     a.published))
        getattr(self, "build_" + self.kind)()
        self.add("/", lambda: self.html(self.home_html()), listed=True)
        self.add(self.listing_root, lambda: self.html(self.listing_html(self.visible, 1, 1)),
                 listed=True)
        for path in ("/agenda?bulan=11&tahun=2024", "/profil", "/kontak"):
            self.add(path, lambda p=path: self.html(self.static_html(
                p.strip("/").split("?")[0].title(), "Halaman informasi.")), listed=True)

    @property
    def visible(self) -> list[Article]:
        return [a for a in self.articles if a.key not in self.hidden]

    def others(self, art: Article | None, n: int = 5) -> list[Article]:
        return [a for a in self.visible if a is not art][:n]

    def related(self, art: Article, n: int = 3) -> list[Article]:
        return self.others(art, n)

    def home_html(self) -> str:
        links = "".join(f'<li><a href="{self.url(p)}">{esc(t)}</a></li>' for p, t in self.links)
        main = (f"<h2>Berita Terbaru</h2>{self.cards(self.visible)}"
                f'<h2>Tautan</h2><ul class="tautan">{links}</ul>')
        return self.frame("Beranda", main, self.url("/"))

    def article_page(self, art: Article) -> Page:
        return self.html(self.article_html(art), art.published)

    def path_of(self, art: Article) -> str:
        return self.article_path(art)

    # -- one builder per fault -------------------------------------------------------------
    def build_timeout(self) -> None:
        slow = self.articles[0]
        self.fault("hang_once", self.path_of(slow), lambda n: Hang() if n == 1 else None,
                   article=slow.url)
        self.fault("hang", "/lambat", lambda n: Hang(), link="Arsip (lambat)")

    def build_burst(self) -> None:
        a, b = self.articles[0], self.articles[1]
        self.fault("503_burst", self.path_of(a), lambda n: Page(
            503, ERROR_503, "text/html", None, (("Retry-After", str(RETRY_AFTER)),))
            if n <= BURST_503 else None, article=a.url, failures=BURST_503,
            retry_after=RETRY_AFTER)
        self.fault("500_burst", self.path_of(b), lambda n: Page(500, ERROR_500, "text/html")
                   if n <= BURST_500 else None, article=b.url, failures=BURST_500)

    def _cut_fault(self, reset: bool) -> None:
        once, never = self.articles[0], self.articles[-1]  # the last one is always cut
        self.hidden.add(never.key)
        name = "reset" if reset else "short_body"
        self.fault(name + "_once", self.path_of(once),
                   lambda n: Cut(self.article_page(once), 0.5, reset) if n == 1 else None,
                   article=once.url)
        path = "/putus" if reset else "/pendek"
        self.fault(name, path, lambda n: Cut(self.article_page(never), 0.6, reset),
                   link="Berita (arsip)", never_stored=True)
        self.articles.remove(never)  # not an article of the site: it never arrives whole
        self.routes.pop(self.path_of(never), None)

    def build_reset(self) -> None:
        self._cut_fault(reset=True)

    def build_short(self) -> None:
        self._cut_fault(reset=False)

    def build_charset(self) -> None:
        for art, (header, meta, enc) in zip(self.articles, CHARSETS, strict=False):
            art.paragraphs.append(SMART)
            self.routes[self.path_of(art)] = lambda a=art, h=header, m=meta, e=enc: \
                self.charset_page(a, h, m, e)
            self.fault("charset", self.path_of(art), article=art.url, header=header,
                       meta=meta, body=enc)

    def charset_page(self, art: Article, header: str | None, meta: str, enc: str) -> Page:
        html = self.article_html(art).replace('<meta charset="utf-8">',
                                              f'<meta http-equiv="Content-Type" content='
                                              f'"text/html; charset={meta}">', 1)
        ctype = "text/html" + (f"; charset={header}" if header else "")
        return Page(200, html.encode(enc), ctype, art.published)

    def build_huge(self) -> None:
        self.fault("huge", "/arsip-10mb", lambda n: Stream(10 * MB, declared=True),
                   link="Arsip lengkap (10 MB)", size=10 * MB, never_stored=True)
        self.fault("huge", "/arsip-50mb", lambda n: Stream(50 * MB, declared=False),
                   link="Arsip lengkap (50 MB)", size=50 * MB, never_stored=True)

    def build_redirects(self) -> None:
        target = self.articles[0]
        self.hidden.add(target.key)
        self.add("/putar-a", lambda: self.redirect(self.url("/putar-b"), 302))
        self.add("/putar-b", lambda: self.redirect(self.url("/putar-a"), 302))
        self.fault("redirect_loop", "/putar-a", link="Putar")
        self.add("/diri", lambda: self.redirect(self.url("/diri"), 301))
        self.fault("self_redirect", "/diri", link="Diri")
        self.add("/segar", lambda: self.html(
            f'<html><head><meta http-equiv="refresh" content="0; url={self.url("/segar")}">'
            "</head><body>Memuat...</body></html>"))
        self.fault("self_refresh", "/segar", link="Segar")
        self.fault("endless_redirects", "/tanpa-akhir/1", link="Tanpa akhir")
        self.fault("redirect_chain", f"/rantai/{CHAIN_HOPS}", link="Rantai",
                   article=target.url, hops=CHAIN_HOPS)
        for i in range(1, CHAIN_HOPS + 1):
            nxt = self.url(f"/rantai/{i - 1}") if i > 1 else target.url
            self.add(f"/rantai/{i}", lambda u=nxt: self.redirect(u, 301))

    def dynamic(self, path: str, query: dict[str, list[str]]) -> Page | None:
        if self.kind == "redirects" and path.startswith("/tanpa-akhir/"):
            n = int(path.rsplit("/", 1)[1] or 0)
            return self.redirect(self.url(f"/tanpa-akhir/{n + 1}"), 302)
        return None

    def build_feeds(self) -> None:
        only_sitemap = self.articles[0]
        self.hidden.add(only_sitemap.key)
        urls = [a.url for a in self.articles]
        # Unescaped '&', then the file stops mid-element: lenient parsing keeps what it can.
        broken = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.'
                  f'org/schemas/sitemap/0.9">\n<url><loc>{urls[0]}</loc><lastmod>2024-11-08'
                  f"</lastmod></url>\n<url><loc>{urls[1]}?ref=a&b</loc></url>\n<url><loc>"
                  f"{urls[2]}</loc><lastmod>2024-11")
        self.add("/sitemap-rusak.xml", lambda: self.xml(broken))
        self.fault("sitemap_invalid_xml", "/sitemap-rusak.xml", article=urls[0])
        plain = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
                 'schemas/sitemap/0.9">' + "".join(f"<url><loc>{u}</loc></url>" for u in urls[1:])
                 + "</urlset>")
        self.add("/sitemap-berita.xml.gz", lambda: Page(200, plain.encode(), "application/x-gzip",
                                                       None, (("Content-Encoding", "gzip"),)))
        self.fault("sitemap_not_gzip", "/sitemap-berita.xml.gz")
        rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Berita&nbsp;Terkini'
               f"</title><item><title>A & B</title><link>{urls[1]}</link></item><item><link>"
               f"{urls[2]}</link><description><p>tidak ditutup")
        self.add("/feed-rusak.rss", lambda: Page(200, rss.encode(), "application/rss+xml"))
        self.fault("feed_broken_rss", "/feed-rusak.rss")
        atom = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>'
                f'<entry><link rel="alternate" href="{urls[2]}"/></entry><entry><link href=')
        self.add("/atom-rusak.xml", lambda: Page(200, atom.encode(), "application/atom+xml"))
        self.fault("feed_broken_atom", "/atom-rusak.xml")

    def robots_extra(self) -> str:
        if self.kind != "feeds":
            return ""
        return (f"Sitemap: {self.url('/sitemap-rusak.xml')}\n"
                f"Sitemap: {self.url('/sitemap-berita.xml.gz')}\n")

    def frame(self, title: str, main: str, canonical: str, aside_for: Article | None = None) -> str:
        page = super().frame(title, main, canonical, aside_for)
        if self.kind == "feeds":
            feeds = (f'<link rel="alternate" type="application/rss+xml" title="Berita" '
                     f'href="{self.url("/feed-rusak.rss")}">\n<link rel="alternate" '
                     f'type="application/atom+xml" href="{self.url("/atom-rusak.xml")}">\n')
            page = page.replace("</head>", feeds + "</head>", 1)
        return page

    def build_dead(self) -> None:
        for i in range(DEAD_LINKS):
            status = 404 if i % 2 == 0 else 410
            path = f"/news/detail/{2_100_000 + i}-berita-yang-sudah-dihapus-{i}"
            self.gone[path] = status
            self.links.append((path, f"Berita lama {i}"))
        self.faults.append({"site": self.name, "fault": "dead_links", "count": DEAD_LINKS,
                            "url": self.url("/news/detail/"), "statuses": [404, 410]})

    def build_private(self) -> None:
        target = self.forbidden  # http://127.0.0.99:PORT
        host, port = target.split("//", 1)[1].rsplit(":", 1)
        a, b, c, d = (int(x) for x in host.split("."))
        n = (a << 24) | (b << 16) | (c << 8) | d
        spellings = {"dotted": host, "decimal": str(n), "hex": f"0x{n:08x}",
                     "octal": ".".join(f"0{int(x):o}" for x in host.split(".")),
                     "v6mapped": f"[::ffff:{host}]"}
        for name, spelled in spellings.items():
            url = f"http://{spelled}:{port}/rahasia/{name}"
            self.add(f"/keluar/{name}", lambda u=url: self.redirect(u, 302))
            self.fault("private_redirect", f"/keluar/{name}", link=f"Keluar {name}", target=url)
            self.add(f"/alih/{name}", lambda u=url: self.html(
                f'<html><head><meta http-equiv="refresh" content="0; url={u}"></head>'
                f'<body><a href="{self.url("/")}">Beranda</a></body></html>'))
            self.fault("private_refresh", f"/alih/{name}", link=f"Alih {name}", target=url)
        meta = "http://169.254.169.254/latest/meta-data/"
        self.add("/keluar/metadata", lambda: self.redirect(meta, 302))
        self.fault("private_redirect", "/keluar/metadata", link="Metadata", target=meta)


EXTRA_ARTICLES = {"reset": 1, "short": 1, "charset": len(CHARSETS) - 3, "redirects": 1,
                  "feeds": 1}
KINDS = ("timeout", "burst", "reset", "short", "charset", "huge", "redirects", "feeds", "dead",
         "private")
