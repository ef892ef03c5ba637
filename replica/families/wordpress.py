"""WordPress news portal (Polda/Polres 'tribratanews' sites): core sitemaps, RSS, archives.

Imitates WP 6.x core output: robots.txt with `Sitemap:`, wp-sitemap.xml index and its
posts/pages/taxonomies/users sub-sitemaps (2,000 URLs each), /feed/ with 10 items and
?paged=N, /page/N/, category/tag/author archives, /?p=ID redirects, /wp-json/wp/v2/posts,
and a theme with comments, 'Baca Juga', share buttons and a 'Berita Terbaru' sidebar.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, timedelta

from replica.content.generator import slugify
from replica.dates import day_id, iso, rfc822, short_id
from replica.families.base import Site, esc, paginate
from replica.model import Article, Page

WP_VERSION = "6.4.3"
PER_PAGE = 10  # Settings > Reading "Blog pages show at most", also the feed size
SITEMAP_MAX = 2000  # wp_sitemaps_get_max_urls()
COMMENTERS = ("Budi Santoso", "Siti Aminah", "Warga Desa", "Hendra", "Ibu Ratna", "Yusuf Efendi")
COMMENTS = ("Mantap, terima kasih atas pengabdiannya bapak-bapak polisi.",
            "Semoga kegiatan seperti ini terus dilakukan di desa kami juga.",
            "Salut untuk Bhabinkamtibmas yang selalu hadir di tengah warga.",
            "Polri makin dekat dengan masyarakat, sukses selalu!")
STATIC_PAGES = (("redaksi", "Redaksi"), ("tentang-kami", "Tentang Kami"), ("kontak", "Kontak"),
                ("pedoman-media-siber", "Pedoman Media Siber"))


class WordPressSite(Site):
    family = "wordpress"
    asset_prefixes = ("/wp-content/", "/wp-includes/")
    theme = "newsup"
    date_sep = " - "

    # -- URL scheme -----------------------------------------------------------------
    def article_path(self, art: Article) -> str:
        d = art.published
        return f"/{d:%Y}/{d:%m}/{d:%d}/{art.slug}/"

    def cats(self) -> dict[str, list[Article]]:
        out: dict[str, list[Article]] = {}
        for a in self.articles:
            out.setdefault(a.category, []).append(a)
        return out

    def tags(self) -> dict[str, list[Article]]:
        out: dict[str, list[Article]] = {}
        for a in self.articles:
            for t in a.tags:
                out.setdefault(t, []).append(a)
        return out

    def authors(self) -> dict[str, list[Article]]:
        out: dict[str, list[Article]] = {}
        for a in self.articles:
            out.setdefault(a.author, []).append(a)
        return out

    # -- routes ---------------------------------------------------------------------
    def build(self) -> None:
        base_id = int(self.options.get("first_id", 1200))
        for i, art in enumerate(reversed(self.articles)):  # oldest gets the smallest id
            art.post_id = art.post_id or base_id + i * 7
        self.by_id = {a.post_id: a for a in self.articles}
        self.add("/robots.txt", lambda: self.text(self.robots()))
        for art in self.articles:
            self.add(self.article_path(art), lambda a=art: self.html(self.article_html(a), a.published + timedelta(hours=2)))
        self._listing("/", self.articles, "Beranda")
        for cat, arts in self.cats().items():
            self._listing(f"/category/{slugify(cat)}/", arts, f"Arsip Kategori: {cat}")
            self.add(f"/category/{slugify(cat)}/feed/", lambda a=arts, c=cat: self.rss(a, 1, f" &#187; {c}"))
        for tag, arts in self.tags().items():
            self._listing(f"/tag/{slugify(tag)}/", arts, f"Arsip Tag: {tag}")
        for author, arts in self.authors().items():
            self._listing(f"/author/{slugify(author)}/", arts, f"Arsip Penulis: {author}")
        for slug, name in STATIC_PAGES:
            self.add(f"/{slug}/", lambda s=slug, n=name: self.html(self.static_html(s, n)), listed=True)
        pages = paginate(self.articles, PER_PAGE)
        for n in range(1, len(pages) + 1):
            key = "/feed/" if n == 1 else f"/feed/?paged={n}"
            self.add(key, lambda n=n: self.rss(self.articles, n))
        self.sitemaps()

    def _listing(self, root: str, arts: list[Article], heading: str) -> None:
        pages = paginate(arts, PER_PAGE)
        total = len(pages)
        for n, chunk in enumerate(pages, 1):
            path = root if n == 1 else f"{root}page/{n}/"
            self.add(path, lambda c=chunk, n=n, total=total: self.html(
                self.listing_html(root, heading, c, n, total), c[0].published if c else None), listed=True)

    def robots(self) -> str:
        return (f"User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
                f"Sitemap: {self.url('/wp-sitemap.xml')}\n")

    def sitemaps(self) -> None:
        posts = paginate(self.articles, SITEMAP_MAX)
        subs = [f"/wp-sitemap-posts-post-{i}.xml" for i in range(1, len(posts) + 1)]
        subs += ["/wp-sitemap-posts-page-1.xml", "/wp-sitemap-taxonomies-category-1.xml",
                 "/wp-sitemap-taxonomies-post_tag-1.xml", "/wp-sitemap-users-1.xml"]
        self.add("/wp-sitemap.xml", lambda: self.xml(self._sm_index(subs)))
        for i, chunk in enumerate(posts, 1):
            self.add(f"/wp-sitemap-posts-post-{i}.xml", lambda c=chunk: self.xml(self._urlset(
                [(a.url, a.published + timedelta(hours=2)) for a in c])))
        self.add("/wp-sitemap-posts-page-1.xml", lambda: self.xml(self._urlset(
            [(self.url(f"/{s}/"), None) for s, _ in STATIC_PAGES])))
        self.add("/wp-sitemap-taxonomies-category-1.xml", lambda: self.xml(self._urlset(
            [(self.url(f"/category/{slugify(c)}/"), None) for c in self.cats()])))
        self.add("/wp-sitemap-taxonomies-post_tag-1.xml", lambda: self.xml(self._urlset(
            [(self.url(f"/tag/{slugify(t)}/"), None) for t in self.tags()])))
        self.add("/wp-sitemap-users-1.xml", lambda: self.xml(self._urlset(
            [(self.url(f"/author/{slugify(a)}/"), None) for a in self.authors()])))
        for xsl in ("/wp-sitemap-index.xsl", "/wp-sitemap.xsl"):
            self.add(xsl, lambda: self.xml("<?xml version=\"1.0\"?><xsl:stylesheet version=\"1.0\" "
                 "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"/>", ctype="text/xsl; charset=UTF-8"))

    def _sm_index(self, subs: list[str]) -> str:
        body = "".join(f"<sitemap><loc>{self.url(s)}</loc></sitemap>" for s in subs)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<?xml-stylesheet type="text/xsl" href="{self.url("/wp-sitemap-index.xsl")}" ?>\n'
                f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>\n')

    def _urlset(self, rows: list) -> str:
        items = []
        for loc, mod in rows:
            lm = f"<lastmod>{iso(mod.astimezone(UTC))}</lastmod>" if mod else ""
            items.append(f"<url><loc>{esc(loc)}</loc>{lm}</url>")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<?xml-stylesheet type="text/xsl" href="{self.url("/wp-sitemap.xsl")}" ?>\n'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{"".join(items)}</urlset>\n')

    def dynamic(self, path: str, query: dict[str, list[str]]) -> Page | None:
        if path == "/" and "p" in query:  # ugly permalink -> pretty one, like WP core
            art = self.by_id.get(int(query["p"][0])) if query["p"][0].isdigit() else None
            return self.redirect(art.url) if art else self.not_found()
        if path == "/" and "s" in query:
            term = query["s"][0].lower()
            hits = [a for a in self.articles if term and term in a.title.lower()]
            return self.html(self.listing_html("/", f"Hasil pencarian untuk: {esc(query['s'][0])}", hits[:PER_PAGE], 1, 1))
        if path == "/wp-json/wp/v2/posts":
            return self.rest(query)
        if path in ("/feed/", "/feed") and "paged" in query:
            return self.not_found()  # beyond the last page WordPress answers 404
        return None

    def rest(self, query: dict[str, list[str]]) -> Page:
        per = min(int(query.get("per_page", ["10"])[0] or 10), 100)
        page = int(query.get("page", ["1"])[0] or 1)
        chunks = paginate(self.articles, per)
        if page > len(chunks) or page < 1:
            body = json.dumps({"code": "rest_post_invalid_page_number", "message": "Nomor halaman yang diminta lebih besar dari jumlah halaman yang tersedia.", "data": {"status": 400}})
            return Page(400, body.encode(), "application/json; charset=UTF-8", self.newest)
        rows = [{"id": a.post_id, "date": a.published.strftime("%Y-%m-%dT%H:%M:%S"),
                 "date_gmt": a.published.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
                 "link": a.url, "slug": a.slug, "type": "post", "status": "publish",
                 "title": {"rendered": esc(a.title)},
                 "content": {"rendered": "".join(f"<p>{esc(p)}</p>\n" for p in a.paragraphs), "protected": False},
                 "excerpt": {"rendered": f"<p>{esc(a.paragraphs[0][:200])} [&hellip;]</p>\n"}}
                for a in chunks[page - 1]]
        headers = (("X-WP-Total", str(len(self.articles))), ("X-WP-TotalPages", str(len(chunks))))
        return Page(200, json.dumps(rows, ensure_ascii=False).encode(), "application/json; charset=UTF-8",
                    self.newest, headers)

    # -- feeds ----------------------------------------------------------------------
    def rss(self, arts: list[Article], page: int, suffix: str = "") -> Page:
        chunks = paginate(arts, PER_PAGE)
        if page > len(chunks):
            return self.not_found()
        items = "".join(self._item(a) for a in chunks[page - 1])
        build = arts[0].published if arts else self.newest
        self_link = self.url("/feed/") + (f"?paged={page}" if page > 1 else "")
        body = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
                '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
                '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
                '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
                '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
                '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
                '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n>\n<channel>\n'
                f"\t<title>{esc(self.title)}{suffix}</title>\n"
                f'\t<atom:link href="{esc(self_link)}" rel="self" type="application/rss+xml" />\n'
                f"\t<link>{self.url('/')}</link>\n\t<description>{esc(self.options.get('tagline', ''))}</description>\n"
                f"\t<lastBuildDate>{rfc822(build)}</lastBuildDate>\n\t<language>id</language>\n"
                "\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
                f"\t<generator>https://wordpress.org/?v={WP_VERSION}</generator>\n{items}</channel>\n</rss>\n")
        return self.xml(body, build, "application/rss+xml; charset=UTF-8")

    def _item(self, a: Article) -> str:
        content = "".join(f"<p>{esc(p)}</p>\n" for p in a.paragraphs)
        cats = "".join(f"\t\t<category><![CDATA[{c}]]></category>\n" for c in [a.category, *a.tags])
        return (f"\t<item>\n\t\t<title>{esc(a.title)}</title>\n\t\t<link>{a.url}</link>\n"
                f"\t\t<comments>{a.url}#respond</comments>\n\t\t<dc:creator><![CDATA[{a.author}]]></dc:creator>\n"
                f"\t\t<pubDate>{rfc822(a.published)}</pubDate>\n{cats}"
                f'\t\t<guid isPermaLink="false">{self.url("/?p=" + str(a.post_id))}</guid>\n'
                f"\t\t<description><![CDATA[{esc(a.paragraphs[0][:220])} [&#8230;]]]></description>\n"
                f"\t\t<content:encoded><![CDATA[{content}]]></content:encoded>\n"
                f"\t\t<wfw:commentRss>{a.url}feed/</wfw:commentRss>\n\t\t<slash:comments>0</slash:comments>\n\t</item>\n")

    # -- HTML -----------------------------------------------------------------------
    def head(self, title: str, canonical: str, art: Article | None = None) -> str:
        feed = f'<link rel="alternate" type="application/rss+xml" title="{esc(self.title)} &raquo; Feed" href="{self.url("/feed/")}" />'
        meta = ""
        if art:
            desc = esc(art.paragraphs[0][:155])
            meta = (f'<meta name="description" content="{desc}" />\n'
                    f'<meta property="og:type" content="article" />\n<meta property="og:title" content="{esc(art.title)}" />\n'
                    f'<meta property="og:description" content="{desc}" />\n<meta property="og:url" content="{art.url}" />\n'
                    f'<meta property="og:site_name" content="{esc(self.title)}" />\n'
                    f'<meta property="article:published_time" content="{iso(art.published)}" />\n'
                    f'<meta property="article:modified_time" content="{iso(art.published + timedelta(hours=2))}" />\n'
                    f'<meta property="og:image" content="{self.image(art)}" />\n<meta name="author" content="{esc(art.author)}" />\n'
                    f'<meta name="twitter:card" content="summary_large_image" />\n{self.jsonld(art)}\n'
                    f'<link rel="alternate" type="application/json" href="{self.url("/wp-json/wp/v2/posts/" + str(art.post_id))}" />\n'
                    f'<link rel="shortlink" href="{self.url("/?p=" + str(art.post_id))}" />\n')
        return (f'<!DOCTYPE html>\n<html lang="id-ID">\n<head>\n<meta charset="UTF-8">\n'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{esc(title)}</title>\n'
                f'<meta name="robots" content="index, follow, max-image-preview:large" />\n'
                f'<link rel="canonical" href="{canonical}" />\n<meta property="og:locale" content="id_ID" />\n{meta}'
                f'{feed}\n<link rel="https://api.w.org/" href="{self.url("/wp-json/")}" />\n'
                f'<link rel="stylesheet" id="{self.theme}-style-css" href="{self.url(f"/wp-content/themes/{self.theme}/style.css?ver={WP_VERSION}")}" media="all" />\n'
                f'<script src="{self.url("/wp-includes/js/jquery/jquery.min.js?ver=3.7.1")}" id="jquery-core-js"></script>\n'
                f'<meta name="generator" content="WordPress {WP_VERSION}" />\n</head>\n')

    def image(self, art: Article) -> str:
        d = art.published
        return self.url(f"/wp-content/uploads/{d:%Y}/{d:%m}/{art.slug[:40]}-1024x576.png")

    def jsonld(self, art: Article) -> str:
        graph = {"@context": "https://schema.org", "@graph": [
            {"@type": "NewsArticle", "@id": art.url + "#article", "isPartOf": {"@id": art.url},
             "author": {"name": art.author, "@id": self.url(f"/#/schema/person/{slugify(art.author)}")},
             "headline": art.title, "datePublished": iso(art.published),
             "dateModified": iso(art.published + timedelta(hours=2)), "mainEntityOfPage": {"@id": art.url},
             "publisher": {"@id": self.url("/#organization")}, "articleSection": [art.category],
             "inLanguage": "id"},
            {"@type": "WebPage", "@id": art.url, "url": art.url, "name": f"{art.title} - {self.title}",
             "datePublished": iso(art.published), "breadcrumb": {"@id": art.url + "#breadcrumb"}},
            {"@type": "BreadcrumbList", "@id": art.url + "#breadcrumb", "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Beranda", "item": self.url("/")},
                {"@type": "ListItem", "position": 2, "name": art.title}]},
            {"@type": "Organization", "@id": self.url("/#organization"), "name": self.title, "url": self.url("/")}]}
        return f'<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(graph, ensure_ascii=False)}</script>'

    def header(self) -> str:
        cats = "".join(f'<li class="menu-item"><a href="{self.url("/category/" + slugify(c) + "/")}">{esc(c)}</a></li>'
                       for c in self.cats())
        return (f'<body class="wp-theme-{self.theme}">\n<div id="page" class="site">\n<header id="masthead" class="site-header">\n'
                f'<div class="site-branding"><p class="site-title"><a href="{self.url("/")}" rel="home">{esc(self.title)}</a></p>'
                f'<p class="site-description">{esc(self.options.get("tagline", ""))}</p></div>\n'
                f'<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">'
                f'<li class="menu-item"><a href="{self.url("/")}">Beranda</a></li>{cats}'
                f'<li class="menu-item"><a href="{self.url("/redaksi/")}">Redaksi</a></li>'
                f'<li class="menu-item"><a href="{self.url("/kontak/")}">Kontak</a></li></ul></nav>\n'
                f'<form role="search" method="get" class="search-form" action="{self.url("/")}"><label>'
                f'<span class="screen-reader-text">Cari untuk:</span><input type="search" class="search-field" '
                f'placeholder="Cari &hellip;" name="s" /></label><input type="submit" class="search-submit" value="Cari" /></form>\n'
                '</header>\n<div id="content" class="site-content">\n')

    def sidebar(self, art: Article | None) -> str:
        items = "".join(f'<li><a href="{a.url}">{esc(a.title)}</a><span class="post-date">{short_id(a.published)}</span></li>'
                        for a in self.others(art))
        cats = "".join(f'<li class="cat-item"><a href="{self.url("/category/" + slugify(c) + "/")}">{esc(c)}</a> ({len(v)})</li>'
                       for c, v in self.cats().items())
        return (f'<aside id="secondary" class="widget-area">\n<section class="widget widget_recent_entries">'
                f'<h2 class="widget-title">Berita Terbaru</h2><ul>{items}</ul></section>\n'
                f'<section class="widget widget_categories"><h2 class="widget-title">Kategori</h2><ul>{cats}</ul></section>\n</aside>\n')

    def footer(self) -> str:
        year = self.newest.year if self.newest else 2024
        return (f'</div>\n<footer id="colophon" class="site-footer"><div class="site-info">Copyright &copy; {year} '
                f'{esc(self.title)}. Seluruh hak cipta dilindungi. | <a href="{self.url("/pedoman-media-siber/")}">Pedoman Media Siber</a>'
                f' | <a href="{self.url("/tentang-kami/")}">Tentang Kami</a> | Proudly powered by WordPress | Tema: {self.theme}</div></footer>\n'
                f'</div>\n<script src="{self.url(f"/wp-content/themes/{self.theme}/js/navigation.js?ver={WP_VERSION}")}"></script>\n'
                '</body>\n</html>\n')

    def byline(self, art: Article) -> str:
        return (f'<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{iso(art.published)}">'
                f'{short_id(art.published)}{self.date_sep}{art.published:%H:%M} {art.zone}</time></span> '
                f'<span class="byline">Oleh <span class="author vcard"><a class="url fn n" href="{self.url("/author/" + slugify(art.author) + "/")}">'
                f'{esc(art.author)}</a></span></span> <span class="cat-links"><a href="{self.url("/category/" + slugify(art.category) + "/")}" rel="category tag">{esc(art.category)}</a></span></div>\n')

    def body_html(self, art: Article) -> str:
        """Paragraphs with one 'Baca Juga' inserted mid-body, as WP auto-insert plugins do."""
        paras = [f"<p>{esc(p)}</p>" for p in art.paragraphs]
        rel = self.related(art, 1)
        if rel and len(paras) > 3:
            paras.insert(2, f'<p><strong>Baca Juga: <a href="{rel[0].url}">{esc(rel[0].title)}</a></strong></p>')
        return "\n".join(paras) + "\n" + self.after_body(art)

    def after_body(self, art: Article) -> str:
        return ""

    def comments(self, art: Article) -> str:
        rng = random.Random(f"comments|{art.key}")
        items = []
        for i in range(rng.choice((0, 0, 1, 2))):
            when = art.published + timedelta(hours=rng.randrange(1, 30))
            items.append(f'<li class="comment" id="comment-{art.post_id * 10 + i}"><article class="comment-body">'
                         f'<footer class="comment-meta"><b class="fn">{rng.choice(COMMENTERS)}</b> <span class="says">berkata:</span>'
                         f'<div class="comment-metadata"><time datetime="{iso(when)}">{short_id(when)} pukul {when:%H.%M}</time></div></footer>'
                         f'<div class="comment-content"><p>{rng.choice(COMMENTS)}</p></div>'
                         '<div class="reply"><a class="comment-reply-link" href="#respond">Balas</a></div></article></li>')
        listing = (f'<h2 class="comments-title">{len(items)} tanggapan untuk &ldquo;{esc(art.title)}&rdquo;</h2>'
                   f'<ol class="comment-list">{"".join(items)}</ol>') if items else ""
        return (f'<div id="comments" class="comments-area">{listing}<div id="respond" class="comment-respond">'
                '<h3 id="reply-title" class="comment-reply-title">Tinggalkan Balasan</h3>'
                f'<form action="{self.url("/wp-comments-post.php")}" method="post" id="commentform" class="comment-form">'
                '<p class="comment-notes"><span id="email-notes">Alamat email Anda tidak akan dipublikasikan.</span> '
                'Ruas yang wajib ditandai <span class="required">*</span></p>'
                '<p class="comment-form-comment"><label for="comment">Komentar <span class="required">*</span></label>'
                '<textarea id="comment" name="comment" cols="45" rows="8" required></textarea></p>'
                '<p class="comment-form-author"><label for="author">Nama <span class="required">*</span></label> <input id="author" name="author" type="text" /></p>'
                '<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label> <input id="email" name="email" type="email" /></p>'
                '<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Kirim Komentar" /></p>'
                '</form></div></div>\n')

    def share(self, art: Article) -> str:
        return (f'<div class="share-buttons"><span class="share-title">Bagikan:</span> '
                f'<a href="https://www.facebook.com/sharer.php?u={art.url}" target="_blank" rel="nofollow">Facebook</a> '
                f'<a href="https://twitter.com/intent/tweet?url={art.url}" target="_blank" rel="nofollow">Twitter</a> '
                f'<a href="https://api.whatsapp.com/send?text={art.url}" target="_blank" rel="nofollow">Bagikan ke WhatsApp</a></div>\n')

    def article_html(self, art: Article) -> str:
        idx = self.articles.index(art)
        newer = self.articles[idx - 1] if idx > 0 else None
        older = self.articles[idx + 1] if idx + 1 < len(self.articles) else None
        nav = ""
        if older:
            nav += f'<div class="nav-previous"><a href="{older.url}" rel="prev">&laquo; {esc(older.title)}</a></div>'
        if newer:
            nav += f'<div class="nav-next"><a href="{newer.url}" rel="next">{esc(newer.title)} &raquo;</a></div>'
        tags = " ".join(f'<a href="{self.url("/tag/" + slugify(t) + "/")}" rel="tag">{esc(t)}</a>' for t in art.tags)
        related = "".join(f'<li><a href="{r.url}">{esc(r.title)}</a></li>' for r in self.related(art))
        return (self.head(f"{art.title} - {self.title}", art.url, art) + self.header()
                + f'<main id="main" class="site-main">\n<nav class="breadcrumbs"><a href="{self.url("/")}">Beranda</a> &raquo; '
                f'<a href="{self.url("/category/" + slugify(art.category) + "/")}">{esc(art.category)}</a> &raquo; <span>{esc(art.title)}</span></nav>\n'
                f'<article id="post-{art.post_id}" class="post-{art.post_id} post type-post status-publish format-standard has-post-thumbnail">\n'
                f'<header class="entry-header"><h1 class="entry-title">{esc(art.title)}</h1>\n{self.byline(art)}</header>\n'
                f'<div class="post-thumbnail"><img src="{self.image(art)}" alt="{esc(art.title)}" width="1024" height="576" /></div>\n'
                f'<div class="entry-content">\n{self.body_html(art)}</div>\n'
                f'<footer class="entry-footer"><span class="tags-links">Tag: {tags}</span></footer>\n{self.share(art)}'
                f'</article>\n<nav class="navigation post-navigation"><h2 class="screen-reader-text">Navigasi pos</h2><div class="nav-links">{nav}</div></nav>\n'
                f'<div class="related-posts"><h3>Berita Terkait</h3><ul>{related}</ul></div>\n{self.comments(art)}</main>\n'
                + self.sidebar(art) + self.footer())

    def listing_html(self, root: str, heading: str, chunk: list[Article], n: int, total: int) -> str:
        cards = "".join(
            f'<article class="post-{a.post_id} post type-post"><h2 class="entry-title"><a href="{a.url}" rel="bookmark">{esc(a.title)}</a></h2>'
            f'<div class="entry-meta"><span class="posted-on">{day_id(a.published)}</span> <span class="byline">{esc(a.author)}</span></div>'
            f'<div class="entry-summary"><p>{esc(a.paragraphs[0][:200])} [&hellip;]</p></div>'
            f'<a class="more-link" href="{a.url}">Baca Selengkapnya</a></article>\n' for a in chunk)
        nav = ""
        if n > 1:
            prev = root if n == 2 else f"{root}page/{n - 1}/"
            nav += f'<a class="prev page-numbers" href="{self.url(prev)}">&laquo; Sebelumnya</a> '
        nav += " ".join(f'<a class="page-numbers" href="{self.url(root if i == 1 else f"{root}page/{i}/")}">{i}</a>'
                        if i != n else f'<span aria-current="page" class="page-numbers current">{i}</span>'
                        for i in range(1, total + 1))
        if n < total:
            nav += f' <a class="next page-numbers" href="{self.url(f"{root}page/{n + 1}/")}">Selanjutnya &raquo;</a>'
        canonical = self.url(root if n == 1 else f"{root}page/{n}/")
        title = self.title if root == "/" and n == 1 else f"{heading} - Halaman {n} - {self.title}"
        return (self.head(title, canonical) + self.header()
                + f'<main id="main" class="site-main"><header class="page-header"><h1 class="page-title">{heading}</h1></header>\n'
                f'{cards}<nav class="navigation pagination"><div class="nav-links">{nav}</div></nav></main>\n'
                + self.sidebar(None) + self.footer())

    def static_html(self, slug: str, name: str) -> str:
        text = {
            "redaksi": f"Pelindung: Kapolda. Penanggung jawab: Kabid Humas. Redaktur pelaksana: Subbid Penmas. Alamat redaksi: {self.options.get('address', 'Jl. Ahmad Yani No. 116')}.",
            "tentang-kami": f"{self.title} adalah portal berita resmi yang menyajikan informasi kegiatan kepolisian, pelayanan publik dan imbauan kamtibmas.",
            "kontak": "Layanan pengaduan masyarakat: Call Center 110. Email: humas@example.polri.go.id. WhatsApp pengaduan tersedia 24 jam.",
            "pedoman-media-siber": "Kemerdekaan berpendapat, kemerdekaan berekspresi, dan kemerdekaan pers adalah hak asasi manusia yang dilindungi Pancasila dan Undang-Undang Dasar 1945.",
        }[slug]
        return (self.head(f"{name} - {self.title}", self.url(f"/{slug}/")) + self.header()
                + f'<main id="main" class="site-main"><article class="page type-page"><h1 class="entry-title">{name}</h1>'
                f'<div class="entry-content"><p>{esc(text)}</p></div></article></main>\n' + self.sidebar(None) + self.footer())
