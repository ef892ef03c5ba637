"""The weight of a real news theme: inline styles and scripts, menus, widgets, footers.

Real article pages are heavy. The 181 real news pages of the public extraction benchmark
weigh 112 KB (median), with about 785 elements, 34 KB of inline ``<style>``/``<script>`` and
135 links; pages of the families alone were 16 KB, 180 elements and 36 links. Cleaning,
link scanning and storage all cost in proportion to that weight, so a replica without it
would flatter what a crawl costs per page and hide the furniture an extractor must drop.

``Theme(site).dress(html)`` adds, at the three places every theme has them:
- before ``</head>``: inline global styles, the theme's customizer CSS, JSON config blobs
  and analytics/ad loaders, as WordPress 6.x, Blogger skins and portal apps inline them;
- after ``<body ...>``: a top bar (today's date, social icons as inline SVG), a breaking
  news ticker, a mega menu whose columns show the latest posts, and its off-canvas copy;
- before ``</body>``: footer widget columns (popular posts with lazy thumbnails, editor's
  picks, an archive dropdown), social links and the theme's inline scripts.

Links go only to the site's own articles, its home page and outside social profiles: the
furniture adds weight, not new URL spaces. Deterministic per site; ``theme_weight`` (a site
option, default 1.0, varied per site between 0.6x and 1.4x) scales it, 0 turns it off.
"""

from __future__ import annotations

import hashlib
import json
import random
from functools import cached_property

from replica.dates import day_id, short_id
from replica.families.base import esc
from replica.model import Article

SOCIAL = ("facebook", "instagram", "x", "youtube", "tiktok")
SOCIAL_HOSTS = {"facebook": "www.facebook.com", "instagram": "www.instagram.com", "x": "x.com",
                "youtube": "www.youtube.com", "tiktok": "www.tiktok.com"}
CSS_BLOCKS = ("header", "nav", "menu", "ticker", "post", "card", "widget", "footer", "btn",
              "grid", "thumb", "meta", "share", "social", "search", "pagination", "offcanvas")
CSS_PARTS = ("wrap", "inner", "title", "item", "link", "icon", "list", "img", "text", "label",
             "active", "hover", "col", "row", "badge", "caption")
CSS_PROPS = ("margin:0 0 {n}px", "padding:{n}px {m}px", "font-size:{r}rem", "line-height:1.{n}",
             "color:#{c}", "background:#{c}", "border-bottom:1px solid #{c}", "display:flex",
             "align-items:center", "gap:{n}px", "border-radius:{n}px", "font-weight:{w}",
             "text-transform:uppercase", "letter-spacing:.{n}em", "transition:all .{n}s ease",
             "max-width:{m}0px", "position:relative", "z-index:{n}", "overflow:hidden")
PRESETS = ("black", "white", "cyan-bluish-gray", "pale-pink", "vivid-red", "luminous-vivid-orange",
           "luminous-vivid-amber", "light-green-cyan", "vivid-green-cyan", "pale-cyan-blue",
           "vivid-cyan-blue", "vivid-purple")
ICON_PATHS = 3  # a theme's social icon: one <svg> with a few <path>s


class Theme:
    """Page furniture for one replica site."""

    def __init__(self, site) -> None:
        self.site = site
        digest = hashlib.sha1(f"theme|{site.name}".encode()).digest()
        varied = 0.6 + digest[0] / 255 * 0.8  # 0.6x..1.4x: themes differ in weight
        self.weight = float(site.options.get("theme_weight", 1.0)) * varied
        self._seed = int.from_bytes(digest[1:5], "big")

    @property
    def enabled(self) -> bool:
        return self.weight > 0 and bool(self.site.articles)

    def n(self, base: int) -> int:
        return max(1, round(base * self.weight))

    def dress(self, html: str) -> str:
        """``html`` with the theme's furniture in place; pages without a head stay as they are."""
        head_end, body_at = html.find("</head>"), html.find("<body")
        body_open = html.find(">", body_at) + 1 if body_at >= 0 else 0
        tail_at = html.rfind("</body>")
        if not self.enabled or head_end < 0 or body_open <= 0 or tail_at < body_open:
            return html
        return (html[:head_end] + self.head + html[head_end:body_open] + self.top
                + html[body_open:tail_at] + self.bottom + html[tail_at:])

    # -- <head> ------------------------------------------------------------------------
    # head, top and bottom are the same on every page of the site, as a theme's are
    @cached_property
    def head(self) -> str:
        rng = random.Random(self._seed)
        return (self._presets() + self._css(rng, self.n(170), "theme-inline-css")
                + self._config(rng) + self._loaders())

    def _presets(self) -> str:
        colors = ";".join(f"--wp--preset--color--{p}:#{_hex(p)}" for p in PRESETS)
        grads = ";".join(f"--wp--preset--gradient--{p}-to-{q}:linear-gradient(135deg,#{_hex(p)} 0%,#{_hex(q)} 100%)"
                         for p, q in zip(PRESETS, PRESETS[1:], strict=False))
        sizes = ";".join(f"--wp--preset--font-size--{s}:{v}px" for s, v in
                         (("small", 13), ("medium", 20), ("large", 36), ("x-large", 42)))
        rules = "".join(f".has-{p}-color{{color:var(--wp--preset--color--{p}) !important;}}"
                        f".has-{p}-background-color{{background-color:var(--wp--preset--color--{p}) !important;}}"
                        f".has-{p}-border-color{{border-color:var(--wp--preset--color--{p}) !important;}}"
                        for p in PRESETS)
        return (f'<style id="global-styles-inline-css">\nbody{{{colors};{grads};{sizes};'
                f'--wp--preset--spacing--20:0.44rem;--wp--preset--spacing--30:0.67rem;}}\n{rules}\n</style>\n')

    def _css(self, rng: random.Random, rules: int, ident: str, media: str = "") -> str:
        out = []
        for _ in range(rules):
            sel = f".{rng.choice(CSS_BLOCKS)}-{rng.choice(CSS_PARTS)}"
            if rng.random() < 0.4:
                sel += f" .{rng.choice(CSS_BLOCKS)}-{rng.choice(CSS_PARTS)}"
            if rng.random() < 0.2:
                sel += ":hover"
            props = ";".join(rng.choice(CSS_PROPS).format(
                n=rng.randrange(1, 40), m=rng.randrange(2, 99), r=round(rng.uniform(0.7, 2.4), 2),
                c=f"{rng.randrange(0xFFFFFF):06x}", w=rng.choice((400, 500, 600, 700)))
                for _ in range(rng.randrange(2, 6)))
            out.append(f"{sel}{{{props}}}")
        queries = "".join(f"@media (max-width:{w}px){{{''.join(rng.sample(out, min(len(out), 6)))}}}"
                          for w in (1199, 991, 767, 575))
        attr = f' media="{media}"' if media else ""
        return f'<style{attr} id="{ident}">\n{"".join(out)}{queries}\n</style>\n'

    def _config(self, rng: random.Random) -> str:
        site = self.site
        strings = {f"{rng.choice(CSS_BLOCKS)}_{rng.choice(CSS_PARTS)}_{i}": rng.choice(
            ("Memuat...", "Tidak ada berita lagi", "Baca Selengkapnya", "Bagikan", "Tutup", "Cari berita",
             "Berita Sebelumnya", "Berita Selanjutnya", "Salin tautan", "Tautan disalin"))
            for i in range(self.n(40))}
        config = {"ajax_url": site.url("/wp-admin/admin-ajax.php"), "site_url": site.url("/"),
                  "nonce": hashlib.md5(site.name.encode()).hexdigest()[:10], "lang": "id",
                  "lazyload": True, "dark_mode": False, "sticky_header": True, "i18n": strings}
        emoji = {"baseUrl": "https://s.w.org/images/core/emoji/14.0.0/72x72/", "ext": ".png",
                 "svgUrl": "https://s.w.org/images/core/emoji/14.0.0/svg/", "svgExt": ".svg",
                 "source": {"concatemoji": site.url("/wp-includes/js/wp-emoji-release.min.js?ver=6.4.3")}}
        body = ";".join(f"function {_ident(rng)}({_ident(rng)},{_ident(rng)}){{var {_ident(rng)}="
                        f"{_ident(rng)}.querySelectorAll('.{rng.choice(CSS_BLOCKS)}-{rng.choice(CSS_PARTS)}');"
                        f"return {_ident(rng)}.length>{rng.randrange(9)}?{_ident(rng)}:null}}"
                        for _ in range(self.n(45)))
        return (f'<script id="theme-config-js-extra">\nvar theme_config = {json.dumps(config, ensure_ascii=False)};\n</script>\n'
                f'<script>\nwindow._wpemojiSettings = {json.dumps(emoji)};\n!function(i,n){{{body}}}(window,document);\n</script>\n')

    def _loaders(self) -> str:
        tag = f"G-{hashlib.sha1(self.site.name.encode()).hexdigest()[:10].upper()}"
        return (f'<script async src="https://www.googletagmanager.com/gtag/js?id={tag}"></script>\n'
                "<script>window.dataLayer = window.dataLayer || [];function gtag(){dataLayer.push(arguments);}"
                f"gtag('js', new Date());gtag('config', '{tag}');</script>\n"
                '<script async src="https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js?client=ca-pub-'
                f'{int(hashlib.sha1(self.site.name.encode()).hexdigest(), 16) % 10**16:016d}" crossorigin="anonymous"></script>\n')

    # -- top of <body> ----------------------------------------------------------------
    @cached_property
    def top(self) -> str:
        arts = self.site.articles
        today = day_id(arts[0].published)
        ticker = "".join(f'<li class="ticker-item"><a href="{a.url}">{esc(a.title)}</a></li>'
                         for a in arts[:self.n(8)])
        menu = self._mega_menu()
        return (f'<div class="theme-topbar"><div class="topbar-wrap"><div class="topbar-inner">'
                f'<span class="topbar-date">{today}</span>{self._social("topbar")}</div></div></div>\n'
                f'<div class="theme-ticker"><span class="ticker-label">Breaking News</span>'
                f'<ul class="ticker-list">{ticker}</ul></div>\n'
                f'<div class="theme-megamenu"><div class="menu-wrap"><ul class="menu-list">{menu}</ul></div></div>\n'
                f'<div class="theme-offcanvas" aria-hidden="true"><div class="offcanvas-inner">'
                f'<button class="offcanvas-close" aria-label="Tutup">&times;</button>'
                f'<ul class="offcanvas-menu">{menu}</ul>{self._social("offcanvas")}</div></div>\n')

    def _mega_menu(self) -> str:
        by_cat: dict[str, list[Article]] = {}
        for a in self.site.articles:
            by_cat.setdefault(a.category or "Berita", []).append(a)
        cols = []
        for cat, arts in list(by_cat.items())[:self.n(6)]:
            posts = "".join(
                f'<li class="menu-post"><a class="menu-post-link" href="{a.url}">'
                f'<span class="menu-post-thumb"><img src="{_placeholder()}" data-src="{_thumb(self.site, a)}" alt="" loading="lazy"></span>'
                f'<span class="menu-post-title">{esc(a.title)}</span></a><span class="menu-post-date">{short_id(a.published)}</span></li>'
                for a in arts[:self.n(4)])
            cols.append(f'<li class="menu-item menu-item-has-children"><span class="menu-label">{esc(cat)}</span>'
                        f'<div class="sub-menu-wrap"><ul class="sub-menu">{posts}</ul></div></li>')
        home = self.site.url("/")
        return f'<li class="menu-item"><a href="{home}">Beranda</a></li>' + "".join(cols)

    def _social(self, where: str) -> str:
        links = "".join(
            f'<li class="social-{name}"><a href="https://{SOCIAL_HOSTS[name]}/{_handle(self.site.name)}" '
            f'target="_blank" rel="noopener" aria-label="{name}">{_svg(name)}</a></li>' for name in SOCIAL)
        return f'<ul class="social-list social-{where}">{links}</ul>'

    # -- bottom of <body> -------------------------------------------------------------
    @cached_property
    def bottom(self) -> str:
        arts = self.site.articles
        rng = random.Random(self._seed + 1)
        popular = sorted(arts, key=lambda a: hashlib.sha1(a.key.encode()).digest())[:self.n(8)]
        pop = "".join(
            f'<li class="widget-post"><a href="{a.url}"><figure class="widget-thumb"><img src="{_placeholder()}" '
            f'data-src="{_thumb(self.site, a)}" alt="{esc(a.title)}" loading="lazy"></figure>'
            f'<h4 class="widget-post-title">{esc(a.title)}</h4></a><span class="widget-post-meta">'
            f'<span class="views">{rng.randrange(120, 9000)} kali dibaca</span></span></li>' for a in popular)
        picks = "".join(f'<li><a href="{a.url}">{esc(a.title)}</a></li>' for a in arts[::7][:self.n(6)])
        months = sorted({(a.published.year, a.published.month) for a in arts}, reverse=True)
        options = "".join(f'<option value="{y}-{m:02d}">{m:02d}/{y}</option>' for y, m in months[:self.n(24)])
        return (f'<div class="theme-footer-widgets"><div class="footer-row">'
                f'<section class="footer-col widget widget-popular"><h3 class="widget-title">Terpopuler</h3><ul>{pop}</ul></section>'
                f'<section class="footer-col widget widget-picks"><h3 class="widget-title">Pilihan Redaksi</h3><ul>{picks}</ul></section>'
                f'<section class="footer-col widget widget-archive"><h3 class="widget-title">Arsip</h3>'
                f'<label class="screen-reader-text" for="archive-select">Arsip</label><select id="archive-select" name="archive">'
                f'<option value="">Pilih Bulan</option>{options}</select></section>'
                f'<section class="footer-col widget widget-follow"><h3 class="widget-title">Ikuti Kami</h3>{self._social("footer")}</section>'
                f'</div></div>\n<a href="#" class="back-to-top" aria-label="Kembali ke atas">{_svg("up")}</a>\n'
                + self._css(rng, self.n(40), "theme-footer-css", media="print")
                + f'<script id="theme-main-js">\n{self._inline_js(rng)}\n</script>\n')

    def _inline_js(self, rng: random.Random) -> str:
        return ";".join(f"document.querySelectorAll('.{rng.choice(CSS_BLOCKS)}-{rng.choice(CSS_PARTS)}')"
                        f".forEach(function({_ident(rng)}){{{_ident(rng)}.addEventListener('click',function(e)"
                        f"{{e.preventDefault();this.classList.toggle('is-{rng.choice(CSS_PARTS)}')}})}})"
                        for _ in range(self.n(30)))


def _hex(name: str) -> str:
    return hashlib.md5(name.encode()).hexdigest()[:6]


def _ident(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randrange(1, 3)))


def _handle(site_name: str) -> str:
    return site_name.replace("-", "")[:24]


def _thumb(site, art: Article) -> str:
    return site.url(f"/media/thumbs/{art.slug[:40]}-300x200.jpg")


def _placeholder() -> str:
    return "data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20viewBox='0%200%20300%20200'%3E%3C/svg%3E"


def _svg(name: str) -> str:
    digest = hashlib.md5(name.encode()).digest()
    paths = "".join(f'<path d="M{digest[i]} {digest[i + 1]}c{digest[i + 2] % 9}.{i} 1.{digest[i + 3] % 9} '
                    f'-{digest[i + 4] % 7} {digest[i + 5] % 5}.5z"></path>' for i in range(0, ICON_PATHS * 5, 5))
    return (f'<svg class="icon icon-{name}" width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">'
            f"{paths}</svg>")
