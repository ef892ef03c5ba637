"""Keep the crawl out of traps: calendars, endless tag combinations, query explosions.

Every URL has two *templates*: the fine one (digits folded, query keys kept: ``/agenda?bulan=N
&tahun=N``) and the coarse one (first path segment and query keys: ``/agenda?bulan&tahun``).
A template earns credit when a page of it is an article or first led to one. Once a template
has had ``HUMAS_TRAP_PATIENCE`` pages processed without any credit it is abandoned: its queued
and future requests are dropped. Pagination (a link to the same fine template) keeps its depth,
so deep listings are walked, while other hops count against ``HUMAS_MAX_DEPTH``.

Opt out per request with ``meta["dont_trap_guard"]``. Stats: ``humas/trap/*``, ``humas/depth/*``.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from urllib.parse import parse_qsl, urlsplit

from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

logger = logging.getLogger(__name__)
DIGITS = re.compile(r"\d+")


def url_templates(url: str) -> tuple[str, str]:
    """(fine, coarse) templates of ``url``."""
    parts = urlsplit(url)
    path = DIGITS.sub("N", parts.path or "/")
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    query = "&".join(f"{k}={DIGITS.sub('N', v)}" for k, v in sorted(
        parse_qsl(parts.query, keep_blank_values=True)))
    fine = path + ("?" + query if query else "")
    segs = [s for s in path.split("/") if s]
    coarse = ("/" + segs[0] + ("/*" if len(segs) > 1 else "")) if segs else "/"
    if keys:
        coarse += "?" + "&".join(keys)
    return fine, coarse


class TrapDetector:
    """Per-site template bookkeeping shared by the spider and downloader middlewares."""

    def __init__(self, patience: int, max_depth: int, stats) -> None:
        self.patience = patience
        self.max_depth = max_depth
        self.stats = stats
        self.processed: Counter[tuple[str, str]] = Counter()
        self.credit: Counter[tuple[str, str]] = Counter()
        self.abandoned: set[tuple[str, str]] = set()

    @classmethod
    def of(cls, crawler) -> TrapDetector:
        det = getattr(crawler, "_humas_trap_detector", None)
        if det is None:
            s = crawler.settings
            if not s.getbool("HUMAS_TRAP_GUARD_ENABLED", True):
                raise NotConfigured
            det = cls(s.getint("HUMAS_TRAP_PATIENCE", 8), s.getint("HUMAS_MAX_DEPTH", 6),
                      crawler.stats)
            crawler._humas_trap_detector = det
            crawler.signals.connect(det.page_done, signal=signals.item_scraped)
        return det

    def keys(self, site: str, url: str) -> list[tuple[str, str]]:
        return [(site, t) for t in url_templates(url)]

    def is_abandoned(self, site: str, url: str) -> bool:
        return any(k in self.abandoned for k in self.keys(site, url))

    def page_done(self, item, response=None, spider=None) -> None:
        """Called for every page item: credit templates when it was an article."""
        site, url = getattr(item, "site", None), getattr(item, "url", None)
        if site is None or url is None:
            return
        keys = self.keys(site, url)
        if getattr(item, "is_article", False):
            for k in [*keys, *((site, t) for t in getattr(item, "via_templates", ()) or ())]:
                self.credit[k] += 1
        for k in keys:
            self.processed[k] += 1
            if self.credit[k] == 0 and self.processed[k] >= self.patience \
                    and k not in self.abandoned:
                self.abandoned.add(k)
                self.stats.inc_value("humas/trap/abandoned_templates")
                logger.info("Leaving %s pages of %s: %d pages, no article", k[1], k[0],
                            self.processed[k])


class TrapGuardSpiderMiddleware:
    """Drops links into abandoned templates and links past the depth limit."""

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
        parent_fine, _ = url_templates(response.url)
        depth = response.meta.get("humas_depth", 0)
        if url_templates(r.url)[0] != parent_fine:
            depth += 1  # a pagination sibling keeps its depth
        if depth > self.det.max_depth:
            self.det.stats.inc_value("humas/depth/dropped")
            return False
        r.meta.setdefault("humas_depth", depth)
        r.meta.setdefault("humas_via", url_templates(response.url))
        return True


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
