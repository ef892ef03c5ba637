"""The trap guard on its own: templates, abandonment, depth, pagination."""

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.items import PageItem
from crawler.middlewares.trap_guard import (
    TrapDetector,
    TrapGuardDownloaderMiddleware,
    TrapGuardSpiderMiddleware,
    url_templates,
)


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
    spider_mw = TrapGuardSpiderMiddleware.from_crawler(crawler)
    dl_mw = TrapGuardDownloaderMiddleware.from_crawler(crawler)
    return crawler, spider_mw, dl_mw, TrapDetector.of(crawler)


def response(url, depth):
    req = Request(url, meta={"site": "s", "humas_depth": depth})
    return HtmlResponse(url, body=b"", request=req)


def page(url, article=False, via=()):
    return PageItem(site="s", url=url, status=200, body=b"", encoding="utf-8",
                    is_article=article, via_templates=via)


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


def test_articles_credit_their_own_and_their_referrers_templates():
    _, _, _, det = make()
    via = url_templates("http://s.id/berita?page=1")
    for i in range(5):
        det.page_done(page(f"http://s.id/berita?page={i}"))
        det.page_done(page(f"http://s.id/berita/detail/{i}-judul", article=True, via=via))
    assert not det.is_abandoned("s", "http://s.id/berita?page=9")
    assert not det.is_abandoned("s", "http://s.id/berita/detail/99-judul")


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
    from crawler.middlewares.trap_guard import is_calendar

    assert all(is_calendar(t) for u in ("http://s.id/agenda?bulan=11&tahun=2024",
                                        "http://s.id/agenda?tanggal=2024-11-08",
                                        "http://s.id/events?date=2024-11")
               for t in url_templates(u))
    assert not any(is_calendar(t) for u in (
        "http://s.id/berita?page=3", "http://s.id/2024/11/08/patroli/",
        "http://b.id/search?updated-max=2024-11-08T10:00:00%2B07:00&max-results=20")
        for t in url_templates(u))
    _, _, _, det = make()
    day = "http://s.id/agenda?tanggal=2024-11-08"
    det.page_done(page(day))
    # the day page was the first to lead to an article: a listing would be credited for it
    det.page_done(page("http://s.id/2024/11/08/patroli/", article=True, via=url_templates(day)))
    for d in (9, 10):
        det.page_done(page(f"http://s.id/agenda?tanggal=2024-11-{d:02d}"))
    assert det.is_abandoned("s", "http://s.id/agenda?tanggal=2024-11-11")


def test_short_links_to_known_pages_are_left_after_patience():
    _, _, _, det = make()
    article = "http://s.id/berita/2024/patroli-dialogis"
    det.admit(Request(article, meta={"site": "s"}))
    det.alias_done("s", "http://s.id/berita/2024/patroli-dialogis/", article)  # a spelling
    det.alias_done("s", "http://s.id/s/new1", "http://s.id/berita/2024/baru")  # not yet seen
    assert not det.is_abandoned("s", "http://s.id/s/abc")
    for code in ("a1", "b2", "c3"):
        det.alias_done("s", f"http://s.id/s/{code}", article)
    assert det.is_abandoned("s", "http://s.id/s/d4")
    assert not det.is_abandoned("s", "http://s.id/berita/2024/lain")
