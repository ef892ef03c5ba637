"""Record pages refused for their size (``DOWNLOAD_MAXSIZE``) as what they are.

Scrapy's HTTP handler cancels a download whose Content-Length, or whose bytes so far,
exceed ``DOWNLOAD_MAXSIZE`` (8 MB here): nothing of such a page reaches the spider or the
archive. The cancellation surfaces as a bare ``DownloadCancelledError``; this middleware
turns it into `PageTooLarge`, which is never retried, names the limit, and reaches the
spider's errback, so the page gets one ``crawl_errors`` row. (Cancellation is the handler's
answer to the size limit only; timeouts and data loss have their own errors.) Opt out with
``meta["dont_size_limit"]``. Stats: ``humas/size/refused`` and ``humas/size/refused/<site>``.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import DownloadCancelledError, NotConfigured

logger = logging.getLogger(__name__)


class PageTooLarge(Exception):
    """A page larger than DOWNLOAD_MAXSIZE: refused, never stored."""


class SizeLimitMiddleware:
    def __init__(self, maxsize: int, stats) -> None:
        self.maxsize = maxsize
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        if not s.getbool("HUMAS_SIZE_LIMIT_ENABLED", True) or s.getint("DOWNLOAD_MAXSIZE") <= 0:
            raise NotConfigured
        return cls(s.getint("DOWNLOAD_MAXSIZE"), crawler.stats)

    def process_exception(self, request, exception, spider=None):
        if not isinstance(exception, DownloadCancelledError) or \
                request.meta.get("dont_size_limit"):
            return None
        limit = request.meta.get("download_maxsize", self.maxsize)
        self.stats.inc_value("humas/size/refused")
        if site := request.meta.get("site"):
            self.stats.inc_value(f"humas/size/refused/{site}")
        logger.warning("Refused %s: larger than DOWNLOAD_MAXSIZE (%d bytes)", request.url, limit)
        raise PageTooLarge(f"larger than DOWNLOAD_MAXSIZE ({limit} bytes): {request.url}")
