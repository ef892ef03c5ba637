"""Official police portal (tribratanews.polri.go.id-like Odoo blog, or the humas.polri app).

No sitemap, no feed (both 404), no date metadata: the only date is the visible
'Kamis, 7 November 2024 - 09:30 WIB' line (WITA/WIT for eastern Polda). Crawl hazards a
real portal has, on purpose: an endless agenda calendar (/agenda?bulan=&tahun=), a /cari
search that robots.txt disallows but pages link to, 301 short links (/s/<code>), a PDF
press release, an article that answers 503 once, and off-site 'layanan' redirects.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta
from urllib.parse import quote_plus

from replica.dates import MONTHS_ID, long_id, short_id
from replica.families.base import Site, esc, paginate
from replica.model import Article, Page

PER_PAGE = 12  # Odoo website_blog default
B36 = "0123456789abcdefghijklmnopqrstuvwxyz"
POPULAR = ("Jumat Curhat", "Operasi Ketupat", "Bhabinkamtibmas", "Operasi Zebra")


def _b36(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = B36[r] + out
    return out or "0"


def _post_id(art: Article, variant: str) -> int:
    """Odoo ids grow ~ 56k (Apr 2023) -> 82k (Jan 2025); the app's ~ 2.2M. Monotone in time."""
    days = (art.published.date() - date(2023, 1, 1)).days
    return (54000 + days * 38 if variant == "odoo" else 2_050_000 + days * 211) + int(art.published.strftime("%H%M")) % 37


def _pdf(title: str) -> bytes:
    """A small but valid one-page PDF (the press release the article links to)."""
    text = title.encode("latin-1", "replace")[:80].replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)


class PortalSite(Site):
    family = "portal"
    asset_prefixes = ("/web/assets/", "/web/image/", "/static/")
    ignore_unknown_query = False

    def __init__(self, name: str, base_url: str, articles: list[Article], options: dict | None = None):
        self.variant = (options or {}).get("variant", "odoo")
        for art in articles:
            art.post_id = art.post_id or _post_id(art, self.variant)
        self._first_hits: set[str] = set()
        self._hit_lock = threading.Lock()
        super().__init__(name, base_url, articles, options)

    def article_path(self, art: Article) -> str:
        if self.variant == "odoo":
            return f"/blog/berita-3/{art.slug}-{art.post_id}"
        return f"/news/detail/{art.post_id}-{art.slug}"

    @property
    def listing_root(self) -> str:
        return "/berita" if self.variant == "odoo" else "/news/all"

    def build(self) -> None:
        self.add("/robots.txt", lambda: self.text("User-agent: *\nDisallow: /cari\nDisallow: /web/login\nDisallow: /web/session/\n"))
        self.disallowed.append("/cari")
        self.traps.append("/agenda")
        for art in self.articles:
            code = _b36(art.post_id * 7919 % 36**5)
            art.extra["short"] = f"/s/{code}"
            self.short_links[self.url(art.extra["short"])] = art.url
            self.add(art.extra["short"], lambda a=art: self.redirect(a.url, 301))
            self.add(self.article_path(art), lambda a=art: self.html(self.article_html(a), a.published))
        if self.articles:
            # One press release has its PDF; one article is flaky (503 once, then fine).
            pdf_art = self.articles[min(2, len(self.articles) - 1)]
            pdf_art.extra["pdf"] = f"/web/content/{pdf_art.post_id + 100000}/siaran-pers-{pdf_art.post_id}.pdf"
            self.add(pdf_art.extra["pdf"], lambda a=pdf_art: Page(200, _pdf(a.title), "application/pdf", a.published))
            flaky = self.articles[min(4, len(self.articles) - 1)]
            self.flaky_path = self.article_path(flaky)
            self.retry_once.append(flaky.url)
        self.add("/", lambda: self.html(self.home_html()), listed=True)
        pages = paginate(self.articles, PER_PAGE)
        total = len(pages)
        for n, chunk in enumerate(pages, 1):
            path = self.listing_root if n == 1 else f"{self.listing_root}?page={n}"
            self.add(path, lambda c=chunk, n=n, t=total: self.html(self.listing_html(c, n, t)), listed=True)
        self.add("/profil", lambda: self.html(self.static_html("Profil", "Divisi Humas Polri bertugas menyelenggarakan kegiatan penerangan umum dan penerangan satuan.")), listed=True)
        self.add("/kontak", lambda: self.html(self.static_html("Kontak", "Jl. Trunojoyo No. 3, Kebayoran Baru, Jakarta Selatan. Call Center 110.")), listed=True)
        outside = self.options.get("outside_url", "").rstrip("/")
        if outside:
            self.add("/tautan/lapor", lambda: self.redirect(outside + "/lapor?ref=" + self.name, 302))
            self.add("/pengaduan", lambda: self.html(
                f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url={outside}/pengaduan">'
                f'<title>Pengaduan Masyarakat - {esc(self.title)}</title></head><body><p>Anda akan dialihkan ke layanan pengaduan. '
                f'<a href="{outside}/pengaduan">Klik di sini</a> bila tidak dialihkan.</p></body></html>'))

    # -- stateful quirk: the first request for the flaky article fails -------------------
    def before(self, path_qs: str) -> Page | None:
        if getattr(self, "flaky_path", None) != path_qs:
            return None
        with self._hit_lock:
            if path_qs in self._first_hits:
                return None
            self._first_hits.add(path_qs)
        body = b"<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center></body></html>"
        return Page(503, body, "text/html", None, (("Retry-After", "1"),))

    def dynamic(self, path: str, query: dict[str, list[str]]) -> Page | None:
        if path == "/agenda":
            return self.agenda(query)
        if path == "/cari":
            term = query.get("q", [""])[0].lower()
            hits = [a for a in self.articles if term and term in a.text.lower()]
            return self.html(self.frame(f"Hasil pencarian: {esc(term)}", self.cards(hits[:PER_PAGE]), self.url("/cari")))
        if path == self.listing_root and "page" in query:
            return self.html(self.frame("Berita", "<p class=\"text-muted\">Belum ada berita.</p>", self.url(path)))
        return None

    def agenda(self, query: dict[str, list[str]]) -> Page:
        """A calendar that links to the previous and next month forever (crawl trap)."""
        try:
            if "tanggal" in query:
                day = date.fromisoformat(query["tanggal"][0])
                items = [a for a in self.articles if a.published.date() == day]
                body = (f"<h2>Agenda {short_id(day)}</h2>" + (self.cards(items) if items else "<p>Tidak ada agenda pada tanggal ini.</p>")
                        + f'<p><a href="{self.url(f"/agenda?bulan={day.month}&tahun={day.year}")}">Kembali ke kalender</a></p>')
                return self.html(self.frame("Agenda Kegiatan", body, self.url("/agenda")), self.newest)
            month = int(query.get("bulan", ["11"])[0])
            year = int(query.get("tahun", ["2024"])[0])
            first = date(year, month, 1)
        except ValueError:
            return self.not_found()
        prev = first - timedelta(days=1)
        nxt = first + timedelta(days=32)
        days = []
        d = first
        while d.month == first.month:
            days.append(f'<td><a href="{self.url(f"/agenda?tanggal={d.isoformat()}")}">{d.day}</a></td>')
            d += timedelta(days=1)
        rows = "".join("<tr>" + "".join(days[i:i + 7]) + "</tr>" for i in range(0, len(days), 7))
        body = (f'<h2>{MONTHS_ID[month - 1]} {year}</h2><table class="calendar">{rows}</table>'
                f'<p><a href="{self.url(f"/agenda?bulan={prev.month}&tahun={prev.year}")}">&laquo; Bulan sebelumnya</a> | '
                f'<a href="{self.url(f"/agenda?bulan={nxt.month}&tahun={nxt.year}")}">Bulan berikutnya &raquo;</a></p>')
        return self.html(self.frame("Agenda Kegiatan", body, self.url("/agenda")), self.newest)

    # -- HTML ---------------------------------------------------------------------------
    def frame(self, title: str, main: str, canonical: str, aside_for: Article | None = None) -> str:
        outside = bool(self.options.get("outside_url"))
        popular = " ".join(f'<a class="badge" href="{self.url("/cari?q=" + quote_plus(t))}">{esc(t)}</a>' for t in POPULAR)
        latest = "".join(f'<li><a href="{a.url}">{esc(a.title)}</a></li>' for a in self.others(aside_for))
        services = (f'<li><a href="{self.url("/tautan/lapor")}">Lapor Polisi Online</a></li>'
                    f'<li><a href="{self.url("/pengaduan")}">Pengaduan Masyarakat</a></li>') if outside else ""
        odoo = '<meta name="generator" content="Odoo">\n' if self.variant == "odoo" else ""
        return (f'<!DOCTYPE html>\n<html lang="id-ID" data-website-id="1" data-main-object="blog.post">\n<head>\n<meta charset="utf-8">\n{odoo}'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{esc(title)} | {esc(self.title)}</title>\n'
                f'<link rel="canonical" href="{canonical}">\n<meta property="og:site_name" content="{esc(self.title)}">\n'
                f'<link type="text/css" rel="stylesheet" href="{self.url("/web/assets/1/web.assets_frontend.min.css")}">\n'
                f'<script type="text/javascript" src="{self.url("/web/assets/1/web.assets_frontend_lazy.min.js")}" defer></script>\n</head>\n'
                f'<body>\n<div id="wrapwrap"><header id="top"><nav class="navbar"><a class="navbar-brand" href="{self.url("/")}">{esc(self.title)}</a>'
                f'<ul class="nav"><li><a href="{self.url("/")}">Beranda</a></li><li><a href="{self.url(self.listing_root)}">Berita</a></li>'
                f'<li><a href="{self.url("/agenda?bulan=11&tahun=2024")}">Agenda</a></li><li><a href="{self.url("/profil")}">Profil</a></li>'
                f'<li><a href="{self.url("/kontak")}">Kontak</a></li></ul>'
                f'<form action="{self.url("/cari")}" method="get"><input name="q" placeholder="Cari berita"></form></nav></header>\n'
                f'<main><div class="container"><div class="row"><div class="col-lg-8">{main}</div>\n'
                f'<div class="col-lg-4 sidebar"><h4>Berita Terkini</h4><ul>{latest}</ul><h4>Topik Populer</h4><p>{popular}</p>'
                f'<h4>Layanan</h4><ul>{services}<li>Call Center 110</li></ul></div></div></div></main>\n'
                f'<footer><p>&copy; Divisi Humas Polri. Hak cipta dilindungi undang-undang.</p></footer></div>\n</body>\n</html>\n')

    def cards(self, arts: list[Article]) -> str:
        return "".join(f'<div class="o_blog_post"><a href="{a.url}"><img src="{self.url(f"/web/image/blog.post/{a.post_id}/image")}" alt="">'
                       f'<h3 class="o_blog_post_title">{esc(a.title)}</h3></a><div class="text-muted">{short_id(a.published)}</div></div>\n'
                       for a in arts)

    def article_html(self, a: Article) -> str:
        body = "\n".join(f"<p>{esc(p)}</p>" for p in a.paragraphs)
        rel = self.related(a, 2)
        if rel and len(a.paragraphs) > 4:  # 'Baca Juga' sits between paragraphs, outside the text
            parts = body.split("\n")
            parts.insert(3, f'<p><strong>Baca Juga:</strong> <a href="{rel[0].url}">{esc(rel[0].title)}</a></p>')
            body = "\n".join(parts)
        pdf = ""
        if "pdf" in a.extra:
            pdf = f'<p class="attachment"><a href="{self.url(a.extra["pdf"])}">Unduh Siaran Pers (PDF)</a></p>'
        main = (f'<section id="o_wblog_post_top"><div class="o_wblog_post_name_cover"><h1 id="o_wblog_post_name">{esc(a.title)}</h1>'
                f'<div class="o_wblog_post_info text-muted"><span class="o_wblog_post_date">{long_id(a.published, a.zone)}</span></div></div>'
                f'<img class="o_wblog_cover" src="{self.url(f"/web/image/blog.post/{a.post_id}/image")}" alt=""></section>\n'
                f'<section id="o_wblog_post_content"><div class="o_wblog_post_content_field o_wblog_read_text">\n{body}\n</div>{pdf}</section>\n'
                f'<div class="o_wblog_post_tags">Tag: {" ".join(f"<span class=badge>{esc(t)}</span>" for t in a.tags)}</div>\n'
                f'<div class="o_wblog_social_links">Bagikan: <a href="https://www.facebook.com/sharer/sharer.php?u={a.url}">Facebook</a> '
                f'<a href="https://wa.me/?text={a.url}">WhatsApp</a> <span class="shortlink">Link pendek: <a href="{self.url(a.extra["short"])}">{self.url(a.extra["short"])}</a></span></div>\n'
                f'<div class="related"><h4>Berita Lainnya</h4><ul>{"".join(f"<li><a href={chr(34)}{r.url}{chr(34)}>{esc(r.title)}</a></li>" for r in rel)}</ul></div>')
        return self.frame(a.title, main, a.url, a)

    def home_html(self) -> str:
        head = self.articles[:1]
        main = ("<h2>Berita Utama</h2>" + self.cards(head) + "<h2>Berita Terbaru</h2>" + self.cards(self.articles[1:PER_PAGE])
                + f'<p><a href="{self.url(self.listing_root + "?page=2")}">Berita Lainnya &raquo;</a></p>' * (len(self.articles) > PER_PAGE))
        return self.frame("Beranda", main, self.url("/"))

    def listing_html(self, chunk: list[Article], n: int, total: int) -> str:
        nav = " ".join(f'<a href="{self.url(self.listing_root if i == 1 else f"{self.listing_root}?page={i}")}">{i}</a>'
                       if i != n else f"<span class=\"active\">{i}</span>" for i in range(1, total + 1))
        if n < total:
            nav += f' <a href="{self.url(f"{self.listing_root}?page={n + 1}")}">Berikutnya</a>'
        canonical = self.url(self.listing_root if n == 1 else f"{self.listing_root}?page={n}")
        return self.frame(f"Berita - Halaman {n}", f"<h2>Berita</h2>{self.cards(chunk)}<nav class=\"pagination\">{nav}</nav>", canonical)

    def static_html(self, name: str, text: str) -> str:
        return self.frame(name, f"<h1>{esc(name)}</h1><p>{esc(text)}</p>", self.url("/" + name.lower()))
