"""Regional humas/journalist-association network sites (jember.opinipublik.id & co.).

One theme per network, one site per city subdomain. The byline is 'Author - CITY.DOMAIN',
the date 'Nov 8, 2024 - 11:35' with no zone anywhere on the page and no date metadata.
Discovery differs per site (option `discovery`): 'sitemap' (named in robots.txt), 'rss'
(only findable through <link rel="alternate"> in the head) or 'listing' (HTML pages only).
"""

from __future__ import annotations

from replica.content.generator import slugify
from replica.dates import MONTHS_EN_SHORT, network_byline, rfc822
from replica.families.base import Site, esc, paginate
from replica.model import Article

PER_PAGE = 10
LABELLED_BRANDS = ("IWO", "HUMAS", "NGO", "HUMASNET")  # themes that print the network name above the title
STATIC = (("redaksi", "Redaksi"), ("pedoman-media-siber", "Pedoman Media Siber"), ("tentang-kami", "Tentang Kami"))


def _short_date(a: Article) -> str:
    return f"{MONTHS_EN_SHORT[a.published.month - 1]} {a.published.day}, {a.published.year}"


class NetworkSite(Site):
    family = "network"
    asset_prefixes = ("/assets/",)
    ignore_unknown_query = False

    def article_path(self, art: Article) -> str:
        return f"/berita/{art.post_id}/{art.slug}"

    def __init__(self, name: str, base_url: str, articles: list[Article], options: dict | None = None):
        ordered = sorted(articles, key=lambda a: (a.published, a.key))
        start = int(options.get("first_id", 20310)) if options else 20310
        for i, art in enumerate(ordered):
            art.post_id = art.post_id or start + i * 13
        super().__init__(name, base_url, articles, options)

    @property
    def domain(self) -> str:
        return self.options.get("domain", self.name.upper())

    def build(self) -> None:
        self.title = self.domain
        mode = self.options.get("discovery", "listing")
        robots = "User-agent: *\nDisallow: /admin/\nDisallow: /login\n"
        if mode == "sitemap":
            robots += f"\nSitemap: {self.url('/sitemap.xml')}\n"
            self.add("/sitemap.xml", self.sitemap)
        if mode == "rss":
            self.add("/rss/latest", self.rss)
        self.add("/robots.txt", lambda: self.text(robots))
        for art in self.articles:
            self.add(self.article_path(art), lambda a=art: self.html(self.article_html(a), a.published))
        self._listing("", self.articles, "Berita Terbaru")
        kanal: dict[str, list[Article]] = {}
        penulis: dict[str, list[Article]] = {}
        tags: dict[str, list[Article]] = {}
        for a in self.articles:
            kanal.setdefault(a.category, []).append(a)
            penulis.setdefault(a.author, []).append(a)
            for t in a.tags:
                tags.setdefault(t, []).append(a)
        for k, arts in kanal.items():
            self._listing(f"/kanal/{slugify(k)}", arts, k)
        for k, arts in penulis.items():
            self._listing(f"/penulis/{slugify(k)}", arts, f"Penulis: {k}")
        for k, arts in tags.items():
            self._listing(f"/tag/{slugify(k)}", arts, f"Tag: {k}")
        self.kanal = list(kanal)
        for slug, name in STATIC:
            self.add(f"/{slug}", lambda s=slug, n=name: self.html(self.page(n, self.static_text(s), self.url(f"/{s}"))), listed=True)

    def _listing(self, root: str, arts: list[Article], heading: str) -> None:
        pages = paginate(arts, PER_PAGE)
        total = len(pages)
        for n, chunk in enumerate(pages, 1):
            path = (root or "/") if n == 1 else f"{root}/page/{n}"
            self.add(path, lambda c=chunk, n=n, t=total: self.html(self.listing(root, heading, c, n, t)), listed=True)

    # -- discovery documents ----------------------------------------------------------
    def sitemap(self):
        rows = "".join(f"<url><loc>{a.url}</loc><lastmod>{a.published:%Y-%m-%d}</lastmod><changefreq>weekly</changefreq></url>"
                       for a in self.articles)
        return self.xml('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                        f"<url><loc>{self.url('/')}</loc><changefreq>hourly</changefreq></url>{rows}</urlset>\n")

    def rss(self):
        items = "".join(
            f"<item><title>{esc(a.title)}</title><link>{a.url}</link><guid>{a.url}</guid>"
            f"<pubDate>{rfc822(a.published)}</pubDate><description>{esc(a.paragraphs[0][:200])}</description></item>"
            for a in self.articles[:20])
        return self.xml('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                        f"<title>{esc(self.domain)}</title><link>{self.url('/')}</link>"
                        f"<description>Berita terbaru {esc(self.domain)}</description><language>id</language>{items}"
                        "</channel></rss>\n", ctype="application/rss+xml; charset=UTF-8")

    # -- HTML -------------------------------------------------------------------------
    def head(self, title: str, canonical: str, art: Article | None = None) -> str:
        extra = ""
        if art:
            extra = (f'<meta name="description" content="{esc(art.paragraphs[0][:150])}">\n'
                     f'<meta property="og:type" content="article">\n<meta property="og:title" content="{esc(art.title)}">\n'
                     f'<meta property="og:url" content="{art.url}">\n<meta property="og:image" content="{self.url("/assets/images/logo.png")}">\n')
        if self.options.get("discovery") == "rss":
            extra += f'<link rel="alternate" type="application/rss+xml" title="{esc(self.domain)} RSS" href="{self.url("/rss/latest")}">\n'
        return (f'<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"<title>{esc(title)}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n{extra}"
                f'<link rel="stylesheet" href="{self.url("/assets/css/style.css")}">\n'
                f'<link rel="icon" href="{self.url("/assets/images/favicon.png")}">\n</head>\n')

    def top(self) -> str:
        menu = "".join(f'<li><a href="{self.url("/kanal/" + slugify(k))}">{esc(k)}</a></li>' for k in self.kanal)
        return (f'<body>\n<header class="site-header"><div class="container"><a class="logo" href="{self.url("/")}">'
                f'<img src="{self.url("/assets/images/logo.png")}" alt="{esc(self.domain)}"> {esc(self.options.get("brand", ""))}</a>\n'
                f'<nav class="menu"><ul><li><a href="{self.url("/")}">Beranda</a></li>{menu}'
                f'<li><a href="{self.url("/redaksi")}">Redaksi</a></li></ul></nav></div></header>\n<div class="container main">\n')

    def aside(self, art: Article | None) -> str:
        latest = "".join(f'<li><a href="{a.url}">{esc(a.title)}</a><small>{_short_date(a)}</small></li>' for a in self.others(art))
        popular = "".join(f'<li><a href="{a.url}">{esc(a.title)}</a></li>' for a in list(reversed(self.articles))[:4] if a is not art)
        return (f'<aside class="sidebar"><div class="widget"><h3>Berita Terbaru</h3><ul>{latest}</ul></div>'
                f'<div class="widget"><h3>Terpopuler</h3><ol>{popular}</ol></div></aside>\n')

    def bottom(self) -> str:
        year = self.newest.year if self.newest else 2024
        links = " | ".join(f'<a href="{self.url("/" + s)}">{n}</a>' for s, n in STATIC)
        return (f'</div>\n<footer class="site-footer"><div class="container"><p>{links}</p>'
                f"<p>&copy; {year} {esc(self.domain)}. All Rights Reserved.</p></div></footer>\n"
                f'<script src="{self.url("/assets/js/app.js")}"></script>\n</body>\n</html>\n')

    def article_html(self, art: Article) -> str:
        label = self.options.get("brand", "")
        label_html = f'<div class="site-label">{esc(label)}</div>\n' if label in LABELLED_BRANDS else ""
        body = "\n".join(f"<p>{esc(p)}</p>" for p in art.paragraphs)
        tags = " ".join(f'<a href="{self.url("/tag/" + slugify(t))}">#{esc(t)}</a>' for t in art.tags)
        related = "".join(f'<li><a href="{r.url}">{esc(r.title)}</a></li>' for r in self.related(art))
        return (self.head(f"{art.title} - {self.domain}", art.url, art) + self.top()
                + f'<main class="content"><article class="post">\n{label_html}<h1 class="post-title">{esc(art.title)}</h1>\n'
                f'<div class="post-meta"><div class="post-author"><a href="{self.url("/penulis/" + slugify(art.author))}">{esc(art.author)}</a>'
                f' - <a href="{self.url("/")}">{esc(self.domain)}</a></div>\n<div class="post-date">{network_byline(art.published)}</div></div>\n'
                f'<div class="post-image"><img src="{self.url(f"/assets/uploads/{art.post_id}.png")}" alt=""></div>\n'
                f'<div class="post-content">\n{body}\n</div>\n<div class="post-tags">Tags: {tags}</div>\n'
                f'<div class="post-share"><span>Bagikan:</span> <a href="https://www.facebook.com/sharer/sharer.php?u={art.url}">Facebook</a>'
                f' <a href="https://wa.me/?text={art.url}">WhatsApp</a> <a href="https://twitter.com/share?url={art.url}">Twitter</a></div>\n'
                f'</article>\n<div class="related"><h3>Berita Terkait</h3><ul>{related}</ul></div></main>\n'
                + self.aside(art) + self.bottom())

    def listing(self, root: str, heading: str, chunk: list[Article], n: int, total: int) -> str:
        cards = "".join(f'<div class="card"><h2><a href="{a.url}">{esc(a.title)}</a></h2>'
                        f'<div class="meta">{esc(a.author)} - {_short_date(a)}</div><p>{esc(a.paragraphs[0][:180])}...</p></div>\n'
                        for a in chunk)
        nav = []
        if n > 1:
            nav.append(f'<a href="{self.url((root or "/") if n == 2 else f"{root}/page/{n - 1}")}">&laquo; Sebelumnya</a>')
        if n < total:
            nav.append(f'<a href="{self.url(f"{root}/page/{n + 1}")}">Selanjutnya &raquo;</a>')
        canonical = self.url((root or "/") if n == 1 else f"{root}/page/{n}")
        return (self.head(f"{heading} - {self.domain}", canonical) + self.top()
                + f'<main class="content"><h1 class="section-title">{esc(heading)}</h1>\n{cards}'
                f'<div class="pagination">{" ".join(nav)}</div></main>\n' + self.aside(None) + self.bottom())

    def page(self, name: str, text: str, canonical: str) -> str:
        return (self.head(f"{name} - {self.domain}", canonical) + self.top()
                + f'<main class="content"><h1>{esc(name)}</h1><p>{esc(text)}</p></main>\n' + self.aside(None) + self.bottom())

    def static_text(self, slug: str) -> str:
        return {"redaksi": f"Pemimpin Redaksi: Achmad Sarjono. Redaktur: Tim {self.domain}. Wartawan {self.domain} dibekali kartu pers dalam menjalankan tugas jurnalistik.",
                "pedoman-media-siber": "Kemerdekaan berpendapat, kemerdekaan berekspresi, dan kemerdekaan pers adalah hak asasi manusia.",
                "tentang-kami": f"{self.domain} adalah media online jaringan humas yang memberitakan kegiatan kepolisian dan pemerintahan daerah."}[slug]
