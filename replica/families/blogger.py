"""Blogger (blogspot) blog: Atom/RSS feeds with start-index paging, sitemap index, ?m=1 twins.

Imitates what blogspot serves: robots.txt disallowing /search (so label pages and the
'Posting Lama' pager are off limits to a polite crawler), /sitemap.xml as a sitemap index
of /sitemap.xml?page=N, /feeds/posts/default paged by start-index/max-results (at most 150
per response, openSearch totals, rel="next"), /YYYY/MM/<slug>.html posts with <br> bodies,
and a mobile twin at ?m=1 whose canonical is the plain URL.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from urllib.parse import quote

from replica.dates import day_id, iso_ms
from replica.families.base import Site, esc, paginate
from replica.model import Article, Page

FEED_DEFAULT, FEED_MAX = 25, 150  # Blogger's default and per-response ceiling
HOME_POSTS = 7
STATIC = (("tentang-kami", "Tentang Kami"), ("redaksi", "Redaksi"))


def _post_slug(title: str) -> str:
    """Blogger keeps roughly the first 40 characters of the title, cut at a word boundary."""
    words = re.sub(r"[^a-z0-9]+", " ", title.lower()).split()
    out = ""
    for w in words:
        if len(out) + len(w) + 1 > 40 and out:
            break
        out = f"{out}-{w}" if out else w
    return out


class BloggerSite(Site):
    family = "blogger"

    def __init__(self, name: str, base_url: str, articles: list[Article], options: dict | None = None):
        options = options or {}
        self.blog_id = options.get("blog_id") or str(int(hashlib.sha1(name.encode()).hexdigest(), 16) % 10**19)
        seen: dict[str, int] = {}
        for art in sorted(articles, key=lambda a: (a.published, a.key)):
            base = f"/{art.published:%Y}/{art.published:%m}/{_post_slug(art.title)}"
            seen[base] = seen.get(base, 0) + 1
            art.extra["path"] = base + (f"_{seen[base]}" if seen[base] > 1 else "") + ".html"
            art.post_id = int(hashlib.sha1(art.key.encode()).hexdigest(), 16) % 10**19
        super().__init__(name, base_url, articles, options)

    def article_path(self, art: Article) -> str:
        return art.extra["path"]

    def build(self) -> None:
        self.labels: dict[str, list[Article]] = {}
        for a in self.articles:
            for t in a.tags:
                self.labels.setdefault(t, []).append(a)
        self.add("/robots.txt", lambda: self.text(
            "User-agent: Mediapartners-Google\nDisallow: \n\nUser-agent: *\nDisallow: /search\nAllow: /\n\n"
            f"Sitemap: {self.url('/sitemap.xml')}\n"))
        self.disallowed.append("/search")
        for art in self.articles:
            path = self.article_path(art)
            self.add(path, lambda a=art: self.html(self.post_html(a, mobile=False), a.published))
            self.add(path + "?m=1", lambda a=art: self.html(self.post_html(a, mobile=True), a.published))
            self.add(path + "?m=0", lambda a=art: self.html(self.post_html(a, mobile=False), a.published))
        self.add("/", lambda: self.html(self.listing_html(self.articles[:HOME_POSTS], "", self.url("/"))), listed=True)
        months: dict[str, list[Article]] = {}
        for a in self.articles:
            months.setdefault(f"/{a.published:%Y}/{a.published:%m}/", []).append(a)
        for path, arts in months.items():
            self.add(path, lambda a=arts, p=path: self.html(self.listing_html(a, f"Arsip {p.strip('/')}", self.url(p))), listed=True)
        self.months = months
        for slug, name in STATIC:
            self.add(f"/p/{slug}.html", lambda s=slug, n=name: self.html(self.static_html(s, n)), listed=True)
        size = int(self.options.get("sitemap_page_size", 150))
        chunks = paginate(self.articles, size)
        self.add("/sitemap.xml", lambda: self.xml(
            '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<sitemap><loc>{self.url(f'/sitemap.xml?page={i}')}</loc></sitemap>" for i in range(1, len(chunks) + 1))
            + "</sitemapindex>"))
        for i, chunk in enumerate(chunks, 1):
            self.add(f"/sitemap.xml?page={i}", lambda c=chunk: self.xml(
                '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                + "".join(f"<url><loc>{a.url}</loc><lastmod>{iso_ms(a.published)}</lastmod></url>" for a in c)
                + "</urlset>"))
        self.add("/sitemap-pages.xml", lambda: self.xml(
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>{self.url(f'/p/{s}.html')}</loc></url>" for s, _ in STATIC) + "</urlset>"))

    # -- feeds and /search --------------------------------------------------------------
    def dynamic(self, path: str, query: dict[str, list[str]]) -> Page | None:
        if path in ("/feeds/posts/default", "/feeds/posts/summary") or path.startswith("/feeds/posts/default/-/"):
            arts = self.articles
            if path.startswith("/feeds/posts/default/-/"):
                arts = self.labels.get(path.rsplit("/", 1)[1].replace("%20", " "), [])
            return self.feed(path, arts, query, summary=path.endswith("summary"))
        if path == "/search":
            arts = self.articles
            if "updated-max" in query:
                limit = datetime.fromisoformat(query["updated-max"][0].replace(" ", "+"))
                arts = [a for a in arts if a.published < limit]
            n = int(query.get("max-results", [str(HOME_POSTS)])[0] or HOME_POSTS)
            return self.html(self.listing_html(arts[:n], "Postingan Lama", self.url("/search")))
        if path.startswith("/search/label/"):
            label = path.rsplit("/", 1)[1].replace("%20", " ").replace("+", " ")
            arts = self.labels.get(label)
            if arts is None:
                return None
            return self.html("-->" + self.listing_html(arts, f"Menampilkan postingan dengan label {label}", self.url(path)))
        return None

    def feed(self, path: str, arts: list[Article], query: dict[str, list[str]], summary: bool) -> Page:
        try:
            start = max(int(query.get("start-index", ["1"])[0]), 1)
            size = min(max(int(query.get("max-results", [str(FEED_DEFAULT)])[0]), 1), FEED_MAX)
        except ValueError:
            return Page(400, b"Invalid query parameter value", "text/plain; charset=UTF-8", self.newest)
        chunk = arts[start - 1:start - 1 + size]
        feed_url = self.url(path)
        nxt = ""
        if start - 1 + size < len(arts):
            nxt = f"<link rel='next' type='application/atom+xml' href='{esc(feed_url)}?start-index={start + size}&amp;max-results={size}'/>"
        if query.get("alt", [""])[0] == "rss":
            return self.rss(arts, chunk, start, size)
        entries = "".join(self._entry(a, summary) for a in chunk)
        cats = "".join(f"<category term='{esc(t)}'/>" for t in self.labels)
        body = ("<?xml version='1.0' encoding='UTF-8'?><?xml-stylesheet href=\"http://www.blogger.com/styles/atom.css\" type=\"text/css\"?>"
                "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' "
                "xmlns:blogger='http://schemas.google.com/blogger/2008' xmlns:georss='http://www.georss.org/georss' "
                "xmlns:gd=\"http://schemas.google.com/g/2005\" xmlns:thr='http://purl.org/syndication/thread/1.0'>"
                f"<id>tag:blogger.com,1999:blog-{self.blog_id}</id><updated>{iso_ms(self.newest)}</updated>{cats}"
                f"<title type='text'>{esc(self.title)}</title><subtitle type='html'>{esc(self.options.get('tagline', ''))}</subtitle>"
                f"<link rel='http://schemas.google.com/g/2005#feed' type='application/atom+xml' href='{feed_url}'/>"
                f"<link rel='self' type='application/atom+xml' href='{feed_url}?start-index={start}&amp;max-results={size}'/>"
                f"<link rel='alternate' type='text/html' href='{self.url('/')}'/><link rel='hub' href='http://pubsubhubbub.appspot.com/'/>"
                f"{nxt}<author><name>{esc(self.articles[0].author if self.articles else 'Admin')}</name><email>noreply@blogger.com</email></author>"
                "<generator version='7.00' uri='http://www.blogger.com'>Blogger</generator>"
                f"<openSearch:totalResults>{len(arts)}</openSearch:totalResults><openSearch:startIndex>{start}</openSearch:startIndex>"
                f"<openSearch:itemsPerPage>{size}</openSearch:itemsPerPage>{entries}</feed>")
        return self.xml(body, self.newest, "application/atom+xml; charset=UTF-8")

    def _entry(self, a: Article, summary: bool) -> str:
        cats = "".join(f"<category scheme='http://www.blogger.com/atom/ns#' term='{esc(t)}'/>" for t in a.tags)
        content = (f"<summary type='text'>{esc(a.paragraphs[0][:300])}</summary>" if summary
                   else f"<content type='html'>{esc(self.body_html(a))}</content>")
        return (f"<entry><id>tag:blogger.com,1999:blog-{self.blog_id}.post-{a.post_id}</id>"
                f"<published>{iso_ms(a.published)}</published><updated>{iso_ms(a.published)}</updated>{cats}"
                f"<title type='text'>{esc(a.title)}</title>{content}"
                f"<link rel='replies' type='application/atom+xml' href='{self.url(f'/feeds/{a.post_id}/comments/default')}' title='Posting Komentar'/>"
                f"<link rel='self' type='application/atom+xml' href='https://www.blogger.com/feeds/{self.blog_id}/posts/default/{a.post_id}'/>"
                f"<link rel='alternate' type='text/html' href='{a.url}' title='{esc(a.title)}'/>"
                f"<author><name>{esc(a.author)}</name><email>noreply@blogger.com</email></author><thr:total>0</thr:total></entry>")

    def rss(self, arts: list[Article], chunk: list[Article], start: int, size: int) -> Page:
        from replica.dates import rfc822
        items = "".join(f"<item><guid isPermaLink='false'>tag:blogger.com,1999:blog-{self.blog_id}.post-{a.post_id}</guid>"
                        f"<pubDate>{rfc822(a.published)}</pubDate><title>{esc(a.title)}</title>"
                        f"<description>{esc(self.body_html(a))}</description><link>{a.url}</link>"
                        f"<author>noreply@blogger.com ({esc(a.author)})</author></item>" for a in chunk)
        body = ("<?xml version='1.0' encoding='UTF-8'?><rss xmlns:atom='http://www.w3.org/2005/Atom' "
                "xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' version='2.0'><channel>"
                f"<atom:id>tag:blogger.com,1999:blog-{self.blog_id}</atom:id><title>{esc(self.title)}</title>"
                f"<link>{self.url('/')}</link><description></description><generator>Blogger</generator>"
                f"<openSearch:totalResults>{len(arts)}</openSearch:totalResults><openSearch:startIndex>{start}</openSearch:startIndex>"
                f"<openSearch:itemsPerPage>{size}</openSearch:itemsPerPage>{items}</channel></rss>")
        return self.xml(body, self.newest, "application/rss+xml; charset=UTF-8")

    # -- HTML -----------------------------------------------------------------------------
    def body_html(self, a: Article) -> str:
        sep = "<br />\n" if a.seed else "<br /><br />\n"  # the seed post is single-<br> separated
        return sep.join(esc(p) for p in a.paragraphs)

    def head(self, title: str, canonical: str, art: Article | None = None, mobile: bool = False) -> str:
        alt = ""
        if art and not mobile:
            alt = f"<link rel=\"alternate\" media=\"only screen and (max-width: 640px)\" href=\"{art.url}?m=1\" />\n"
        og = ""
        if art:
            og = (f'<meta property="og:url" content="{art.url}" />\n<meta property="og:title" content="{esc(art.title)}" />\n'
                  f'<meta property="og:description" content="{esc(art.paragraphs[0][:150])}" />\n')
        return ("<!DOCTYPE html>\n<html class=\"v2\" dir=\"ltr\" lang=\"id\" xmlns=\"http://www.w3.org/1999/xhtml\" "
                "xmlns:b=\"http://www.google.com/2005/gml/b\" xmlns:data=\"http://www.google.com/2005/gml/data\">\n<head>\n"
                "<meta content=\"width=1100\" name=\"viewport\" />\n<meta content=\"text/html; charset=UTF-8\" http-equiv=\"Content-Type\" />\n"
                "<meta name=\"generator\" content=\"Blogger\" />\n"
                f"<link href=\"{self.url('/favicon.ico')}\" rel=\"icon\" type=\"image/x-icon\" />\n<link href=\"{canonical}\" rel=\"canonical\" />\n{alt}"
                f"<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{esc(self.title)} - Atom\" href=\"{self.url('/feeds/posts/default')}\" />\n"
                f"<link rel=\"alternate\" type=\"application/rss+xml\" title=\"{esc(self.title)} - RSS\" href=\"{self.url('/feeds/posts/default?alt=rss')}\" />\n"
                f"<link rel=\"service.post\" type=\"application/atom+xml\" title=\"{esc(self.title)} - Atom\" href=\"https://www.blogger.com/feeds/{self.blog_id}/posts/default\" />\n"
                f"{og}<title>{esc(title)}</title>\n"
                "<link type=\"text/css\" rel=\"stylesheet\" href=\"https://www.blogger.com/static/v1/widgets/2975350028-css_bundle_v2.css\" />\n"
                "</head>\n")

    def sidebar(self) -> str:
        popular = "".join(f"<li><a href=\"{a.url}\">{esc(a.title)}</a></li>" for a in self.articles[:5])
        labels = "".join(f"<li><a dir=\"ltr\" href=\"{self.url('/search/label/' + quote(t))}\">{esc(t)}</a> <span dir=\"ltr\">({len(v)})</span></li>"
                         for t, v in self.labels.items())
        archive = "".join(f"<li><a class=\"post-count-link\" href=\"{self.url(p)}\">{p.strip('/')}</a> <span class=\"post-count\">({len(v)})</span></li>"
                          for p, v in self.months.items())
        return ("<div class=\"sidebar section\" id=\"sidebar\">"
                f"<div class=\"widget PopularPosts\" id=\"PopularPosts1\"><h2>Postingan Populer</h2><div class=\"widget-content popular-posts\"><ul>{popular}</ul></div></div>"
                f"<div class=\"widget Label\" id=\"Label1\"><h2>Label</h2><div class=\"widget-content list-label-widget-content\"><ul>{labels}</ul></div></div>"
                f"<div class=\"widget BlogArchive\" id=\"BlogArchive1\"><h2>Arsip Blog</h2><div class=\"widget-content\"><ul class=\"flat\">{archive}</ul></div></div>"
                "</div>\n")

    def frame(self, inner: str, mobile: bool = False, web_url: str = "") -> str:
        header = (f"<div class=\"header-outer\"><div class=\"Header\" id=\"Header1\"><h1 class=\"title\"><a href=\"{self.url('/')}\">{esc(self.title)}</a></h1>"
                  f"<p class=\"description\">{esc(self.options.get('tagline', 'Informasi kegiatan kepolisian dan kamtibmas'))}</p></div></div>\n")
        foot = ("<div class=\"footer-outer\"><div class=\"widget Attribution\" id=\"Attribution1\"><div class=\"widget-content\">"
                "Tema Sederhana. Diberdayakan oleh <a href=\"https://www.blogger.com\" target=\"_blank\">Blogger</a>.</div></div></div>\n")
        if mobile:
            foot = f"<div class=\"mobile-desktop-link\"><a class=\"home-link\" href=\"{web_url}\">Lihat versi web</a></div>\n" + foot
            return f"<body class=\"mobile variant-indie\">\n{header}<div class=\"main-inner\">{inner}</div>\n{foot}</body>\n</html>\n"
        return (f"<body class=\"loading variant-simplysimple\">\n<div class=\"content\">{header}<div class=\"columns\"><div class=\"main-outer\">{inner}</div>"
                f"{self.sidebar()}</div>\n{foot}</div>\n<script type=\"text/javascript\" src=\"https://www.blogger.com/static/v1/widgets/3566091532-widgets.js\"></script>\n</body>\n</html>\n")

    def post_html(self, a: Article, mobile: bool) -> str:
        idx = self.articles.index(a)
        newer = self.articles[idx - 1] if idx > 0 else None
        older = self.articles[idx + 1] if idx + 1 < len(self.articles) else None
        suffix = "?m=1" if mobile else ""
        pager = "<div class=\"blog-pager\" id=\"blog-pager\">"
        if newer:
            pager += f"<span id=\"blog-pager-newer-link\"><a class=\"blog-pager-newer-link\" href=\"{newer.url}{suffix}\" title=\"Posting Lebih Baru\">Posting Lebih Baru</a></span>"
        if older:
            pager += f"<span id=\"blog-pager-older-link\"><a class=\"blog-pager-older-link\" href=\"{older.url}{suffix}\" title=\"Posting Lama\">Posting Lama</a></span>"
        pager += f"<a class=\"home-link\" href=\"{self.url('/')}{suffix}\">Beranda</a></div>"
        labels = ", ".join(f"<a href=\"{self.url('/search/label/' + quote(t))}\" rel=\"tag\">{esc(t)}</a>" for t in a.tags)
        share = ("<div class=\"post-share-buttons goog-inline-block\">"
                 f"<a class=\"goog-inline-block share-button sb-email\" href=\"https://www.blogger.com/share-post.g?blogID={self.blog_id}&amp;postID={a.post_id}&amp;target=email\" target=\"_blank\" title=\"Kirimkan Ini lewat Email\"><span class=\"share-button-link-text\">Kirimkan Ini lewat Email</span></a>"
                 f"<a class=\"goog-inline-block share-button sb-blog\" href=\"https://www.blogger.com/share-post.g?blogID={self.blog_id}&amp;postID={a.post_id}&amp;target=blog\" target=\"_blank\" title=\"BlogThis!\"><span class=\"share-button-link-text\">BlogThis!</span></a>"
                 f"<a class=\"goog-inline-block share-button sb-twitter\" href=\"https://www.blogger.com/share-post.g?blogID={self.blog_id}&amp;postID={a.post_id}&amp;target=twitter\" target=\"_blank\" title=\"Berbagi ke X\"><span class=\"share-button-link-text\">Berbagi ke X</span></a>"
                 f"<a class=\"goog-inline-block share-button sb-facebook\" href=\"https://www.blogger.com/share-post.g?blogID={self.blog_id}&amp;postID={a.post_id}&amp;target=facebook\" target=\"_blank\" title=\"Berbagi ke Facebook\"><span class=\"share-button-link-text\">Berbagi ke Facebook</span></a></div>")
        mobile_link = "" if mobile else f" <a class=\"mobile-link\" href=\"{a.url}?m=1\">Tampilan seluler</a>"
        inner = (f"<div class=\"date-outer\"><h2 class=\"date-header\"><span>{day_id(a.published)}</span></h2>\n"
                 f"<div class=\"post hentry uncustomized-post-template\" itemscope=\"itemscope\" itemtype=\"http://schema.org/BlogPosting\">\n"
                 f"<meta itemprop=\"blogId\" content=\"{self.blog_id}\" /><meta itemprop=\"postId\" content=\"{a.post_id}\" />\n"
                 f"<a name=\"{a.post_id}\"></a><h3 class=\"post-title entry-title\" itemprop=\"name\">{esc(a.title)}</h3>\n"
                 f"<div class=\"post-header\"><div class=\"post-header-line-1\"></div></div>\n"
                 f"<div class=\"post-body entry-content\" id=\"post-body-{a.post_id}\" itemprop=\"description articleBody\">\n{self.body_html(a)}\n<div style=\"clear: both;\"></div></div>\n"
                 f"<div class=\"post-footer\"><div class=\"post-footer-line post-footer-line-1\"><span class=\"post-author vcard\">Diposting oleh "
                 f"<span class=\"fn\" itemprop=\"author\">{esc(a.author)}</span></span> <span class=\"post-timestamp\">di "
                 f"<a class=\"timestamp-link\" href=\"{a.url}\" rel=\"bookmark\" title=\"permanent link\"><abbr class=\"published\" itemprop=\"datePublished\" "
                 f"title=\"{a.published.isoformat()}\">{a.published:%H.%M}</abbr></a></span> <span class=\"post-comment-link\"></span>{mobile_link}</div>\n"
                 f"<div class=\"post-footer-line post-footer-line-2\"><span class=\"post-labels\">Label: {labels}</span></div>\n"
                 f"<div class=\"post-footer-line post-footer-line-3\">{share}</div></div>\n</div>\n"
                 f"<div class=\"comments\" id=\"comments\"><a name=\"comments\"></a><h4>Tidak ada komentar:</h4><div id=\"Blog1_comments-block-wrapper\"></div>"
                 f"<p class=\"comment-footer\"><a href=\"https://www.blogger.com/comment/fullpage/post/{self.blog_id}/{a.post_id}\" onclick=\"\">Posting Komentar</a></p></div>\n"
                 f"</div>\n{pager}\n<div class=\"post-feeds\">Langganan: <a class=\"feed-link\" href=\"{self.url(f'/feeds/{a.post_id}/comments/default')}\" "
                 "target=\"_blank\" type=\"application/atom+xml\">Posting Komentar (Atom)</a></div>\n")
        canonical = a.url
        return self.head(f"{self.title}: {a.title}", canonical, a, mobile) + self.frame(inner, mobile, a.url + "?m=0")

    def listing_html(self, arts: list[Article], heading: str, canonical: str) -> str:
        posts = "".join(
            f"<div class=\"date-outer\"><h2 class=\"date-header\"><span>{day_id(a.published)}</span></h2>"
            f"<div class=\"post hentry\"><h3 class=\"post-title entry-title\"><a href=\"{a.url}\">{esc(a.title)}</a></h3>"
            f"<div class=\"post-body entry-content\">{esc(a.paragraphs[0])}<div class=\"jump-link\"><a href=\"{a.url}#more\" title=\"{esc(a.title)}\">Baca selengkapnya &#187;</a></div></div>"
            f"<div class=\"post-footer\">Diposting oleh {esc(a.author)} di {a.published:%H.%M}</div></div></div>\n" for a in arts)
        pager = "<div class=\"blog-pager\" id=\"blog-pager\">"
        if arts:
            older = [a for a in self.articles if a.published < arts[-1].published]
            if older:
                stamp = quote(arts[-1].published.isoformat(timespec="seconds"), safe=":")
                pager += (f"<a class=\"blog-pager-older-link\" href=\"{self.url('/search?updated-max=' + stamp + f'&max-results={HOME_POSTS}')}\" "
                          "title=\"Posting Lama\">Posting Lama</a>")
        pager += f"<a class=\"home-link\" href=\"{self.url('/')}\">Beranda</a></div>"
        head = f"<div class=\"status-msg-wrap\"><div class=\"status-msg-body\">{esc(heading)}</div></div>" if heading else ""
        title = f"{self.title}: {heading}" if heading else self.title
        return self.head(title, canonical) + self.frame(f"{head}<div class=\"blog-posts hfeed\">{posts}</div>{pager}")

    def static_html(self, slug: str, name: str) -> str:
        text = {"tentang-kami": f"{self.title} menyajikan informasi kegiatan Bhabinkamtibmas dan jajaran kepolisian.",
                "redaksi": "Blog ini dikelola oleh admin. Kirim informasi kegiatan ke email redaksi."}[slug]
        inner = f"<div class=\"post hentry\"><h3 class=\"post-title entry-title\">{name}</h3><div class=\"post-body entry-content\">{esc(text)}</div></div>"
        return self.head(f"{self.title}: {name}", self.url(f"/p/{slug}.html")) + self.frame(inner)
