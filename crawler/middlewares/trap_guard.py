"""Keep the crawl out of traps: calendars, endless tag combinations, query explosions.

The two middlewares apply :class:`crawler.traps.TrapDetector`'s verdicts: links into left
templates are dropped as they are yielded and again before they are downloaded (they may have
been queued before the verdict), links into unproven ones wait. Opt out per request with
``meta["dont_trap_guard"]``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable

from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from crawler.traps import TrapDetector, url_templates


class TrapGuardSpiderMiddleware:
    """Drops links into abandoned templates; holds back links into unproven ones."""

    def __init__(self, detector: TrapDetector) -> None:
        self.det = detector

    @classmethod
    def from_crawler(cls, crawler):
        return cls(TrapDetector.of(crawler))

    async def process_spider_output_async(self, response, result: AsyncIterator, spider=None):
        async for r in result:
            if self._keep(response, r):
                yield r

    def process_spider_output(self, response, result: Iterable, spider=None):
        for r in result:
            if self._keep(response, r):
                yield r

    def _keep(self, response, r) -> bool:
        if not isinstance(r, Request) or r.meta.get("dont_trap_guard"):
            return True
        site = r.meta.get("site")
        if site is None:
            return True
        if self.det.is_abandoned(site, r.url):
            self.det.stats.inc_value("humas/trap/dropped")
            return False
        r.meta.setdefault("humas_via", url_templates(response.url))
        return self.det.admit(r)


class TrapGuardDownloaderMiddleware:
    """Drops requests already queued for a template that was abandoned meanwhile."""

    def __init__(self, detector: TrapDetector) -> None:
        self.det = detector

    @classmethod
    def from_crawler(cls, crawler):
        return cls(TrapDetector.of(crawler))

    def process_request(self, request, spider=None):
        site = request.meta.get("site")
        if site and not request.meta.get("dont_trap_guard") \
                and self.det.is_abandoned(site, request.url):
            self.det.stats.inc_value("humas/trap/dropped_queued")
            raise IgnoreRequest(f"trap template abandoned: {request.url}")
        return None
