"""The trap guard on its own: templates, abandonment, depth, pagination."""

from types import SimpleNamespace

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.items import PageItem
from crawler.middlewares.trap_guard import (
    TrapGuardDownloaderMiddleware,
    TrapGuardSpiderMiddleware,
)
from crawler.traps import TrapDetector, url_templates


def test_templates_fold_digits_and_keep_query_keys():
    assert url_templates("http://s.id/agenda?bulan=11&tahun=2024") == (
        "/agenda?bulan=N&tahun=N", "/agenda?bulan&tahun")
    assert url_templates("http://s.id/2024/05/14/polres-gelar-patroli/") == (
        "/N/N/N/polres-gelar-patroli/", "/N/*")
    assert url_templates("http://s.id/berita?page=3")[0] == url_templates(
        "http://s.id/berita?page=4")[0]
    assert url_templates("http://s.id/") == ("/", "/")


def make(settings=None):
    crawler = get_crawler(settings_dict={"HUMAS_TRAP_PATIENCE": 3, "HUMAS_MAX_DEPTH": 2,
                                         **(settings or {})})
    crawler.stats.open_spider()
    # Requests the guard releases go to the engine: here, a list of them.
    crawler.engine = SimpleNamespace(sent=[], crawl=lambda r: crawler.engine.sent.append(r))
    spider_mw = TrapGuardSpiderMiddleware.from_crawler(crawler)
    dl_mw = TrapGuardDownloaderMiddleware.from_crawler(crawler)
    return crawler, spider_mw, dl_mw, TrapDetector.of(crawler)


def response(url, depth):
    req = Request(url, meta={"site": "s", "humas_depth": depth})
    return HtmlResponse(url, body=b"", request=req)


def page(url, article=False, links=(), via=()):
    return PageItem(site="s", url=url, status=200, body=b"", encoding="utf-8",
                    is_article=article, links=list(links), via_templates=via)


def admitted(det, *urls):
    """Requests for ``urls`` pass the guard (or wait, past its patience)."""
    for url in urls:
        det.admit(Request(url, meta={"site": "s"}))


def test_unproductive_template_is_abandoned_and_queued_requests_dropped():
    crawler, spider_mw, dl_mw, det = make()
    for month in (1, 2, 3):
        det.page_done(page(f"http://s.id/agenda?bulan={month}&tahun=2024"))
    assert det.is_abandoned("s", "http://s.id/agenda?bulan=4&tahun=2024")
    resp = response("http://s.id/", depth=0)
    out = list(spider_mw.process_spider_output(
        resp, [Request("http://s.id/agenda?bulan=5&tahun=2024", meta={"site": "s"}),
               Request("http://s.id/2024/11/berita.html", meta={"site": "s"})]))
    assert [r.url for r in out] == ["http://s.id/2024/11/berita.html"]
    try:
        dl_mw.process_request(Request("http://s.id/agenda?bulan=9&tahun=2024",
                                      meta={"site": "s"}))
        raise AssertionError("queued trap request was not dropped")
    except IgnoreRequest:
        pass
    assert crawler.stats.get_value("humas/trap/abandoned_templates") == 2  # fine and coarse


def test_articles_credit_their_own_templates_and_listings_that_show_new_ones():
    _, _, _, det = make()
    det.sitemaps_read("s")  # the site has none
    listing = [f"http://s.id/berita?page={i}" for i in range(1, 6)]
    admitted(det, *listing)
    for i, url in enumerate(listing):
        det.page_done(page(url, links=["http://s.id/", f"http://s.id/berita/detail/{i}-judul"]))
        det.page_done(page(f"http://s.id/berita/detail/{i}-judul", article=True))
    assert not det.is_abandoned("s", "http://s.id/berita?page=9")
    assert not det.is_abandoned("s", "http://s.id/berita/detail/99-judul")


def test_listing_credited_for_articles_that_related_links_reached_first():
    """Related-post links reach a listing's articles before its own pages do: the listing
    still shows each page new articles, and its later pages hold the only links to some."""
    _, _, _, det = make()
    det.sitemaps_read("s")
    for i in range(9):
        det.page_done(page(f"http://s.id/news/detail/{i}-judul", article=True))
    listing = [f"http://s.id/news/all?page={n}" for n in range(2, 6)]
    admitted(det, *listing)
    for n, url in enumerate(listing):
        det.page_done(page(url, links=[f"http://s.id/news/detail/{2 * n + j}-judul"
                                       for j in (0, 1)]))
    assert not det.is_abandoned("s", "http://s.id/news/all?page=14")


def test_listing_repeating_the_same_articles_is_left():
    _, _, _, det = make()
    det.sitemaps_read("s")
    det.page_done(page("http://s.id/news/detail/1-judul", article=True))
    pages = [f"http://s.id/news/all?page={n}" for n in range(20, 24)]
    admitted(det, *pages)
    for url in pages:  # past the end, every page shows the last one again
        det.page_done(page(url, links=["http://s.id/news/detail/1-judul", url]))
    assert det.is_abandoned("s", "http://s.id/news/all?page=30")


def test_verdict_waits_for_the_pages_a_listing_links_to():
    """Non-article pages are extracted faster than articles: a listing is not left while
    the articles its pages link to are still on their way (fetched, or waiting)."""
    _, _, _, det = make()
    det.sitemaps_read("s")
    listing = [f"http://s.id/berita?page={n}" for n in range(2, 6)]
    articles = [f"http://s.id/berita/{n}/judul-{n}" for n in range(2, 6)]
    admitted(det, *listing, *articles)
    assert articles[-1] in det.held  # past the patience of /berita/*
    for url, art in zip(listing, articles, strict=True):
        det.page_done(page(url, links=[art]))
    assert not det.is_abandoned("s", "http://s.id/berita?page=9")
    det.page_done(page(articles[1], article=True))  # new on the second listing page
    assert det.credit[("s", "/berita?page=N")]
    assert not det.is_abandoned("s", "http://s.id/berita?page=9")


def test_unresolved_verdicts_are_given_at_idle_time():
    _, _, _, det = make()
    det.sitemaps_read("s")
    listing = [f"http://s.id/berita?page={n}" for n in range(2, 5)]
    admitted(det, *listing, "http://s.id/berita/lain")
    det.page_done(page(listing[0]))
    for url in listing[1:]:
        det.page_done(page(url, links=["http://s.id/berita/lain"]))
    assert not det.is_abandoned("s", "http://s.id/berita?page=9")  # a linked page is due
    det.spider_idle()  # it never came (robots.txt, a failure): nothing is on its way now
    assert det.is_abandoned("s", "http://s.id/berita?page=9")


def test_sitemap_listed_articles_earn_archives_no_credit():
    _, _, _, det = make({"HUMAS_TRAP_PATIENCE": 8, "HUMAS_TRAP_PATIENCE_MAPPED": 3})
    arts = [f"http://s.id/2024/11/{i:02d}/patroli-{i}/" for i in range(1, 9)]
    for url in arts:
        det.list_url("s", url)
    tags = [f"http://s.id/tag/t{i}/" for i in range(4)]
    admitted(det, *tags)
    for i, url in enumerate(tags):
        det.page_done(page(arts[i], article=True))
        det.page_done(page(url, links=arts[2 * i:2 * i + 2]))
    assert not det.is_abandoned("s", "http://s.id/tag/t9/")  # its sitemaps are not read yet
    det.sitemaps_read("s")
    assert det.is_abandoned("s", "http://s.id/tag/t9/")  # after 3 pages, not 8
    assert not det.is_abandoned("s", "http://s.id/2024/11/30/lain/")


def test_remembered_templates_are_left_at_once_unless_articles_proved_them():
    from datetime import UTC, datetime

    crawler, _, dl_mw, det = make()
    det.credit_known("s", ["http://s.id/berita/123-polres-gelar-patroli"])
    at = datetime(2026, 11, 30, tzinfo=UTC)
    det.remember("s", {"/tag/*": at, "/berita/*": at})
    assert det.is_abandoned("s", "http://s.id/tag/sambang/")
    assert not det.is_abandoned("s", "http://s.id/berita/124-lain")  # proved by an article
    try:
        dl_mw.process_request(Request("http://s.id/tag/kryd/", meta={"site": "s"}))
        raise AssertionError("a remembered trap template was requested")
    except IgnoreRequest:
        pass
    assert det.abandoned_templates("s") == {"/tag/*": at}  # kept with its first date
    assert crawler.stats.get_value("humas/trap/remembered") == 1


def test_calendar_pages_earn_no_credit_for_the_articles_they_list():
    from crawler.traps import is_calendar

    assert all(is_calendar(t) for u in ("http://s.id/agenda?bulan=11&tahun=2024",
                                        "http://s.id/agenda?tanggal=2024-11-08",
                                        "http://s.id/events?date=2024-11")
               for t in url_templates(u))
    assert not any(is_calendar(t) for u in (
        "http://s.id/berita?page=3", "http://s.id/2024/11/08/patroli/",
        "http://b.id/search?updated-max=2024-11-08T10:00:00%2B07:00&max-results=20")
        for t in url_templates(u))
    _, _, _, det = make()
    det.sitemaps_read("s")
    days = [f"http://s.id/agenda?tanggal=2024-11-{d:02d}" for d in (8, 9, 10)]
    admitted(det, *days)
    for d, day in enumerate(days):
        # each day page shows a new article: a listing would be credited for it
        det.page_done(page(f"http://s.id/2024/11/{d}/patroli/", article=True))
        det.page_done(page(day, links=[f"http://s.id/2024/11/{d}/patroli/"]))
    assert det.is_abandoned("s", "http://s.id/agenda?tanggal=2024-11-11")


def test_short_links_to_known_pages_are_left_after_patience():
    _, _, _, det = make()
    det.sitemaps_read("s")
    article = "http://s.id/berita/2024/patroli-dialogis"
    det.admit(Request(article, meta={"site": "s"}))
    det.alias_done("s", "http://s.id/berita/2024/patroli-dialogis/", article)  # a spelling
    det.alias_done("s", "http://s.id/s/new1", "http://s.id/berita/2024/baru")  # not yet seen
    assert not det.is_abandoned("s", "http://s.id/s/abc")
    for code in ("a1", "b2", "c3"):
        det.alias_done("s", f"http://s.id/s/{code}", article)
    assert det.is_abandoned("s", "http://s.id/s/d4")
    assert not det.is_abandoned("s", "http://s.id/berita/2024/lain")


def test_archive_that_first_led_to_an_article_is_credited():
    _, _, _, det = make()
    det.sitemaps_read("s")
    tags = [f"http://s.id/tag/t{i}/" for i in range(3)]
    admitted(det, *tags)
    det.page_done(page(tags[0]))
    det.page_done(page("http://s.id/berita/1/baru", article=True, via=url_templates(tags[0])))
    for url in tags[1:]:
        det.page_done(page(url))
    assert not det.is_abandoned("s", "http://s.id/tag/t9/")


def test_tag_combinations_showing_known_articles_in_new_subsets_are_left():
    """Combinations of tags list subsets of articles read already: each combination shows
    some the earlier ones did not, but tags are not a listing's pages: no credit for that."""
    _, _, _, det = make()
    det.sitemaps_read("s")
    arts = [f"http://s.id/berita/{i}/judul" for i in range(12)]
    for url in arts:
        det.page_done(page(url, article=True))
    combos = [f"http://s.id/tag/a+b{i}/" for i in range(4)]
    admitted(det, *combos)
    for i, url in enumerate(combos):
        det.page_done(page(url, links=arts[3 * i:3 * i + 3]))
    assert det.is_abandoned("s", "http://s.id/tag/a+b9/")
