"""Ask for stored articles only if they changed: If-None-Match / If-Modified-Since.

On spider open the validators (ETag, Last-Modified) of the sites' live articles are read from
the archive; a request for one of them carries them, and a 304 answer reaches the spider
(``handle_httpstatus_list``), which records the article as seen and unchanged at the cost of
one empty response. Opt out per request with ``meta["dont_conditional"]``; disable with
``HUMAS_CONDITIONAL_ENABLED = False``. Stats: ``humas/conditional/{sent,not_modified}``.
"""

from __future__ import annotations

from scrapy import signals
from scrapy.exceptions import NotConfigured

from archive.store import ArchiveStore


class ConditionalRequestMiddleware:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.validators: dict[str, tuple[str | None, str | None]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("HUMAS_CONDITIONAL_ENABLED", True):
            raise NotConfigured
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider) -> None:
        store = ArchiveStore(self.crawler.settings.get("HUMAS_DB_URL"))
        site_ids = list(store.site_ids((s.name, s.url) for s in spider.sites).values())
        self.validators = store.validators(site_ids)

    def process_request(self, request, spider=None):
        found = self.validators.get(request.url)
        if found is None or request.meta.get("dont_conditional"):
            return None
        etag, modified = found
        if etag:
            request.headers.setdefault(b"If-None-Match", etag.encode("latin-1"))
        if modified:
            request.headers.setdefault(b"If-Modified-Since", modified.encode("latin-1"))
        request.meta["handle_httpstatus_list"] = [
            *request.meta.get("handle_httpstatus_list", []), 304]
        self.stats.inc_value("humas/conditional/sent")
        return None

    def process_response(self, request, response, spider=None):
        if response.status == 304:
            self.stats.inc_value("humas/conditional/not_modified")
        return response
