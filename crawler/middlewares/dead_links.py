"""Dead links (404, 410) cost one request and leave one record each.

404 and 410 are never retried (they are not in RETRY_HTTP_CODES). Scrapy's HttpError
middleware then drops such a response silently; this middleware records it first: one
``crawl_errors`` row (kind `DeadLink`, via ``crawler.signals.page_failed``) and a count per
site and status. Answers the spider asked to see (revisits of stored articles, which the
spider marks deleted after a second 404/410; robots.txt) and missed sitemap guesses are not
dead links. Opt out with ``meta["dont_dead_links"]``. Stats: ``humas/dead_links/<status>``
and ``humas/dead_links/<status>/<site>``.
"""

from __future__ import annotations

from scrapy.exceptions import NotConfigured
from twisted.python.failure import Failure

from crawler import signals

GONE = (404, 410)


class DeadLink(Exception):
    """A linked page answered 404 or 410."""


class DeadLinkMiddleware:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("HUMAS_DEAD_LINKS_ENABLED", True):
            raise NotConfigured
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        meta = request.meta
        if response.status not in GONE or meta.get("dont_dead_links") \
                or meta.get("humas_guess") or meta.get("handle_httpstatus_all") \
                or response.status in meta.get("handle_httpstatus_list", ()):
            return response
        site = meta.get("site")
        self.stats.inc_value(f"humas/dead_links/{response.status}")
        if site:
            self.stats.inc_value(f"humas/dead_links/{response.status}/{site}")
        failure = Failure(DeadLink(f"HTTP {response.status}: {response.url}"))
        self.crawler.signals.send_catch_log(signals.page_failed, request=request,
                                            failure=failure)
        return response
