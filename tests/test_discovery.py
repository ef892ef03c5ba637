import gzip

from crawler import discovery

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://s.id/2024/11/08/a/</loc><lastmod>2024-11-08T11:35:00+07:00</lastmod></url>
<url><loc> https://s.id/2024/11/09/b/ </loc></url>
</urlset>"""
INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://s.id/wp-sitemap-posts-post-1.xml</loc></sitemap></sitemapindex>"""


def test_urlset_entries_with_lastmod():
    entries = list(discovery.parse_sitemap(URLSET))
    assert [e.url for e in entries] == ["https://s.id/2024/11/08/a/", "https://s.id/2024/11/09/b/"]
    assert entries[0].lastmod == "2024-11-08T11:35:00+07:00"
    assert not entries[0].is_index


def test_sitemap_index_and_gzip():
    entries = list(discovery.parse_sitemap(gzip.compress(INDEX)))
    assert entries[0].is_index and entries[0].url.endswith("post-1.xml")


def test_not_xml_is_skipped():
    assert list(discovery.parse_sitemap(b"<html><body>404</body></html>")) == []


def test_robots_sitemap_lines():
    body = b"User-agent: *\nDisallow: /wp-admin/\nSitemap: https://s.id/wp-sitemap.xml\n"
    assert discovery.sitemaps_from_robots(body, "https://s.id/robots.txt") == [
        "https://s.id/wp-sitemap.xml"]


def test_rss_and_atom_feeds():
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><generator>https://wordpress.org/?v=6.5</generator>
    <item><link>https://s.id/a/</link></item><item><link>https://s.id/b/</link></item></channel></rss>"""
    feed = discovery.parse_feed(rss, "https://s.id/feed/")
    assert feed.entries == ["https://s.id/a/", "https://s.id/b/"]
    assert "wordpress" in feed.generator
    atom = b"""<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>
    <link rel='next' href='https://b.id/feeds/posts/default?start-index=26&amp;max-results=25'/>
    <entry><link rel='replies' href='https://b.id/x#comments'/>
    <link rel='alternate' href='https://b.id/2024/10/post.html'/></entry></feed>"""
    feed = discovery.parse_feed(atom, "https://b.id/feeds/posts/default")
    assert feed.entries == ["https://b.id/2024/10/post.html"]
    assert feed.next_url.endswith("start-index=26&max-results=25")
    assert discovery.parse_feed(b"<html></html>", "https://b.id/") is None


def test_page_links_feeds_and_pagination():
    html = b"""<html><head>
    <link rel="alternate" type="application/rss+xml" title="Site &raquo; Feed" href="/feed/">
    <link rel="alternate" type="application/rss+xml" title="Site &raquo; Komentar Feed" href="/comments/feed/">
    <link rel="next" href="/page/2/"></head><body>
    <a href="/a/#respond">a</a><a href="/a/">again</a><a href="mailto:x@y">m</a>
    <a href="https://wa.me/?text=x">share</a><a href="javascript:void(0)">j</a></body></html>"""
    links = discovery.parse_links(html, "https://s.id/")
    assert links.feeds == ["https://s.id/feed/"]
    assert links.next_pages == ["https://s.id/page/2/"]
    assert links.links == ["https://s.id/a/", "https://wa.me/?text=x"]


def test_non_html_links_are_recognised():
    assert not discovery.looks_like_html_link("https://s.id/uploads/laporan.PDF")
    assert not discovery.looks_like_html_link("https://b.id/feeds/2950217/comments/default")
    assert not discovery.looks_like_html_link("https://s.id/2024/11/08/berita/feed/")
    assert not discovery.looks_like_html_link("https://s.id/?feed=rss2")
    assert discovery.looks_like_html_link("https://s.id/feedback-warga/")
    assert discovery.looks_like_html_link("https://s.id/2024/11/post.html")


def test_scan_links_matches_the_parser():
    html = b"""<html><head><base href="https://s.id/sub/"><link rel="next" href="/page/2/">
    </head><body><a class="x" href="a.html?x=1&amp;y=2">a</a> <A HREF='/b/#top'>b</A>
    <a href=/c/ rel=nofollow>c</a><a href="mailto:x@y">m</a><a name="anchor">n</a>
    <a href="a.html?x=1&amp;y=2">dup</a></body></html>"""
    assert discovery.scan_links(html, "https://s.id/") == [
        "https://s.id/page/2/", "https://s.id/sub/a.html?x=1&y=2", "https://s.id/b/",
        "https://s.id/c/"]


def test_scan_links_resolves_each_page_against_its_own_url():
    """Links are read through a cache (menus repeat on every page): a relative link still
    resolves against the page it is on, an absolute one is the same on every page."""
    html = (b'<a href="HTTPS://s.id/berita/#komentar">x</a> <a href="lain/">y</a>'
            b'<a href=" javascript:void(0)">z</a><a href="#">t</a>')
    assert discovery.scan_links(html, "https://s.id/tag/a/") == [
        "https://s.id/berita/", "https://s.id/tag/a/lain/"]
    assert discovery.scan_links(html, "https://s.id/2024/11/b.html") == [
        "https://s.id/berita/", "https://s.id/2024/11/lain/"]
