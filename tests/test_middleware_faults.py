"""Component tests of the issue-9 middlewares: built from a test crawler, fed Requests and
Responses, judged by their result and their stats."""

from __future__ import annotations

import asyncio
import time
import zlib

import pytest
from scrapy import Request
from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.spiders import Spider
from scrapy.utils.test import get_crawler

from archive.decode import decode_html
from crawler import signals
from crawler.extensions.fault_report import site_faults
from crawler.middlewares.dead_links import DeadLinkMiddleware
from crawler.middlewares.redirect_guard import (
    InternalRedirect,
    RedirectGuardMiddleware,
    RedirectLoop,
    TooManyRedirects,
)
from crawler.middlewares.retry import BackoffRetryMiddleware, retry_after_seconds
from crawler.middlewares.size_limit import PageTooLarge, SizeLimitMiddleware

SITE = "http://127.0.0.100:8000"


class _Spider(Spider):
    name = "t"
    site_hosts = {"127.0.0.100"}


def build(cls, **settings):
    crawler = get_crawler(_Spider, settings)
    crawler.spider = crawler._create_spider()
    crawler.stats.open_spider()
    mw = cls.from_crawler(crawler)
    if hasattr(mw, "spider_opened"):
        mw.spider_opened(crawler.spider)
    return mw, crawler


def req(path="/a", **meta):
    return Request(SITE + path, meta={"site": "s1", **meta})


# -- retry ----------------------------------------------------------------------------------
def test_retry_after_is_honoured_and_capped():
    mw, crawler = build(BackoffRetryMiddleware, HUMAS_RETRY_AFTER_MAX=5)
    r = req()
    new = mw.process_response(r, Response(r.url, status=503, headers={"Retry-After": "3"}))
    assert isinstance(new, Request) and new.meta["humas_retry_delay"] == 3
    assert new.meta["humas_retry_at"] > time.monotonic() + 2.5
    capped = mw.process_response(new, Response(r.url, status=503, headers={"Retry-After": "600"}))
    assert capped.meta["humas_retry_delay"] == 5
    s = crawler.stats
    assert s.get_value("humas/retry/http_503/s1") == 2
    assert s.get_value("humas/retry/retry_after/s1") == 2


def test_backoff_doubles_then_gives_up():
    mw, crawler = build(BackoffRetryMiddleware, HUMAS_RETRY_BACKOFF=0.5, RETRY_TIMES=3)
    r, delays = req(), []
    for _ in range(3):
        r = mw.process_exception(r, DownloadTimeoutError("slow"))
        delays.append(r.meta["humas_retry_delay"])
    assert delays == [0.5, 1.0, 2.0]
    assert mw.process_exception(r, DownloadTimeoutError("slow")) is None
    assert crawler.stats.get_value("humas/retry/timeout/s1") == 3
    assert crawler.stats.get_value("humas/retry/gave_up/s1") == 1


def test_dead_links_and_opt_outs_are_not_retried():
    mw, _ = build(BackoffRetryMiddleware)
    r = req()
    for status in (404, 410):
        resp = Response(r.url, status=status)
        assert mw.process_response(r, resp) is resp
    resp = Response(r.url, status=503)
    assert mw.process_response(req(dont_retry=True), resp) is resp


def test_retry_waits_in_process_request():
    mw, _ = build(BackoffRetryMiddleware)
    r = req(humas_retry_at=time.monotonic() + 0.2)
    t0 = time.monotonic()
    assert asyncio.run(mw.process_request(r)) is None
    assert time.monotonic() - t0 >= 0.19
    t0 = time.monotonic()
    asyncio.run(mw.process_request(req(humas_retry_at=time.monotonic() + 5, dont_backoff=True)))
    assert time.monotonic() - t0 < 0.1


def test_retry_after_http_date():
    from datetime import UTC, datetime
    now = datetime(2024, 11, 8, 10, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(b"Fri, 08 Nov 2024 10:00:30 GMT", now) == 30
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None


def test_retry_backoff_can_be_disabled():
    with pytest.raises(NotConfigured):
        build(BackoffRetryMiddleware, HUMAS_RETRY_BACKOFF_ENABLED=False)


# -- size limit ---------------------------------------------------------------------------
def test_cancelled_download_becomes_page_too_large():
    mw, crawler = build(SizeLimitMiddleware, DOWNLOAD_MAXSIZE=1000)
    with pytest.raises(PageTooLarge, match="1000 bytes"):
        mw.process_exception(req("/big"), DownloadCancelledError("Expected to receive 5000"))
    assert crawler.stats.get_value("humas/size/refused/s1") == 1
    assert mw.process_exception(req(), DownloadTimeoutError()) is None
    assert mw.process_exception(req(dont_size_limit=True), DownloadCancelledError()) is None


# -- redirect guard ------------------------------------------------------------------------
def redirect(r, location, status=302):
    return Response(r.url, status=status, headers={"Location": location})


def test_loops_and_self_redirects():
    mw, crawler = build(RedirectGuardMiddleware)
    with pytest.raises(RedirectLoop):
        mw.process_response(req("/x"), redirect(req("/x"), "/x"))
    b = req("/b", redirect_urls=[SITE + "/a"], redirect_times=1)
    with pytest.raises(RedirectLoop):
        mw.process_response(b, redirect(b, SITE + "/a"))
    page = req("/segar")
    refresh = HtmlResponse(page.url, body=b'<html><head><meta http-equiv="refresh" '
                           b'content="0; url=/segar"></head></html>', encoding="utf-8")
    with pytest.raises(RedirectLoop):
        mw.process_response(page, refresh)
    assert crawler.stats.get_value("humas/redirect/loop/s1") == 3


def test_long_chain_passes_and_endless_one_stops():
    mw, crawler = build(RedirectGuardMiddleware, REDIRECT_MAX_TIMES=20)
    hop15 = req("/rantai/1", redirect_times=14, redirect_urls=[f"{SITE}/rantai/{i}"
                                                               for i in range(15, 1, -1)])
    resp = redirect(hop15, "/artikel")
    assert mw.process_response(hop15, resp) is resp
    arrived = req("/artikel", redirect_times=15)
    ok = Response(arrived.url, status=200)
    assert mw.process_response(arrived, ok) is ok
    assert crawler.stats.get_value("humas/redirect/longest") == 15
    hop21 = req("/tanpa-akhir/21", redirect_times=20)
    with pytest.raises(TooManyRedirects):
        mw.process_response(hop21, redirect(hop21, "/tanpa-akhir/22"))


@pytest.mark.parametrize("host", ["127.0.0.99", "2130706531", "0x7f000063", "0177.0.0.0143",
                                  "[::ffff:127.0.0.99]", "169.254.169.254", "10.0.0.8",
                                  "localhost"])
def test_internal_targets_refused_in_every_spelling(host):
    mw, crawler = build(RedirectGuardMiddleware)
    r = req("/keluar")
    with pytest.raises(InternalRedirect):
        mw.process_response(r, redirect(r, f"http://{host}:8080/rahasia"))
    page = HtmlResponse(r.url, body=f'<meta http-equiv="refresh" content="0;url=http://{host}/">'
                        .encode(), encoding="utf-8")
    with pytest.raises(InternalRedirect):
        mw.process_response(r, page)
    assert crawler.stats.get_value("humas/redirect/internal/s1") == 2


def test_listed_hosts_are_trusted():
    mw, _ = build(RedirectGuardMiddleware)
    r = req("/s/abc")
    resp = redirect(r, SITE + "/artikel", 301)
    assert mw.process_response(r, resp) is resp


# -- dead links, fault report, decoding ---------------------------------------------------
def test_dead_link_recorded_once_and_passed_on():
    mw, crawler = build(DeadLinkMiddleware)
    failed = []
    crawler.signals.connect(lambda request, failure: failed.append(failure.type.__name__),
                            signal=signals.page_failed, weak=False)
    r = req("/hilang")
    resp = Response(r.url, status=410)
    assert mw.process_response(r, resp) is resp
    revisit = req("/lama", handle_httpstatus_list=[404, 410])
    mw.process_response(revisit, Response(revisit.url, status=404))
    mw.process_response(req("/sitemap.xml", humas_guess=True), Response(r.url, status=404))
    assert failed == ["DeadLink"]
    assert crawler.stats.get_value("humas/dead_links/410/s1") == 1


def test_site_faults_reads_one_sites_share():
    stats = {"humas/retry/timeout/s1": 2, "humas/retry/timeout": 2, "humas/robots/s1": 200,
             "humas/size/refused/s2": 1, "humas/trap/dropped": 4}
    assert site_faults(stats, "s1") == {"retry/timeout": 2}


@pytest.mark.parametrize("declared, meta", [("utf-8", "utf-8"), ("utf-8", "iso-8859-1"),
                                            (None, "iso-8859-1"), ("iso-8859-1", None)])
def test_windows_1252_bodies_decode_without_mojibake(declared, meta):
    text = "\u201cKami hadir\u201d \u2014 Caf\u00e9 (\u00b150)\u2026"
    head = f'<meta charset="{meta}">' if meta else ""
    body = f"<html><head>{head}</head><body><p>{text}</p></body></html>".encode("cp1252")
    html, _ = decode_html(body, declared)
    assert text in html


# -- compression labels ---------------------------------------------------------------------
def test_plain_body_labelled_gzip_is_read_as_sent():
    import gzip

    from crawler.middlewares.lenient_compression import LenientCompressionMiddleware

    mw, crawler = build(LenientCompressionMiddleware)
    r = req("/sitemap.xml.gz")
    xml = b'<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>'
    plain = Response(r.url, body=xml, headers={"Content-Encoding": "gzip"})
    out = mw.process_response(r, plain)
    assert out.body == xml and b"Content-Encoding" not in out.headers
    assert crawler.stats.get_value("humas/compression/false_label") == 1
    real = Response(r.url, body=gzip.compress(xml), headers={"Content-Encoding": "gzip"})
    assert mw.process_response(r, real).body == xml  # true gzip still decoded
    garbled = b"\x1f\x8b\x08\x00" + bytes(range(7, 60))  # gzip's magic, then no gzip
    broken = Response(r.url, body=garbled, headers={"Content-Encoding": "gzip"})
    with pytest.raises((OSError, zlib.error)):  # claims gzip and looks it: still an error
        mw.process_response(r, broken)
    with pytest.raises(OSError):  # the opt-out keeps Scrapy's behaviour
        mw.process_response(req("/s.gz", dont_lenient_compression=True), plain)
    assert crawler.stats.get_value("humas/compression/false_label") == 1


# -- meta refresh --------------------------------------------------------------------------
def test_meta_refresh_is_looked_for_only_where_it_can_be():
    from crawler.middlewares.meta_refresh import CheapMetaRefreshMiddleware, may_refresh

    mw, _ = build(CheapMetaRefreshMiddleware)
    r = req("/lama")
    moved = HtmlResponse(r.url, body=b'<html><head><META HTTP-EQUIV="Refresh" '
                         b'content="0; url=/baru"></head><body>x</body></html>', encoding="utf-8")
    assert may_refresh(moved)
    followed = mw.process_response(r, moved)
    assert followed.url == SITE + "/baru"
    plain = HtmlResponse(r.url, body=b"<html><head><title>Berita</title></head><body>"
                         + b"teks " * 5000 + b"</body></html>", encoding="utf-8")
    assert not may_refresh(plain)
    assert mw.process_response(r, plain) is plain
    # past the first 4,096 characters the tag does not count (w3lib reads no further)
    late = HtmlResponse(r.url, body=b"<html><body>" + b"x" * 20000
                        + b'<meta http-equiv="refresh" content="0; url=/baru"></body></html>',
                        encoding="utf-8")
    assert not may_refresh(late) and mw.process_response(r, late) is late
    wide = HtmlResponse(r.url, body='<meta http-equiv="refresh" content="0; url=/baru">'
                        .encode("utf-16"), encoding="utf-16")
    assert may_refresh(wide)
