"""Keep the crawl out of traps: calendars, endless tag combinations, query explosions.

Every URL has two *templates*: the fine one (digits folded, query keys kept: ``/agenda?bulan=N
&tahun=N``) and the coarse one (first path segment and query keys: ``/agenda?bulan&tahun``).
A template earns credit when a page of it is an article or first led to one (a calendar's
never does: its articles are listed elsewhere too, and it never ends). Until it has,
at most ``HUMAS_TRAP_PATIENCE`` of its requests are let through; the rest wait, and are
released once it earns credit (or at idle time). Once that many pages were processed without
credit the template is abandoned: waiting, queued and future requests are dropped. So a trap
costs about ``HUMAS_TRAP_PATIENCE`` requests per template, however fast its links multiply.
Abandoned templates are kept in the site's run record, and a later run leaves them at once
until they are ``HUMAS_PAGE_REVISIT`` old (then they get ``patience`` tries again), so a
daily crawl does not sample a few more of a site's thousand tag pages every day.

Opt out per request with ``meta["dont_trap_guard"]``. Stats: ``humas/trap/*``.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest, NotConfigured

logger = logging.getLogger(__name__)
DIGITS = re.compile(r"\d+")


@functools.lru_cache(maxsize=1 << 16)  # asked for every link of every page
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


# Calendar pages: a query naming a date part, or holding a date ("?bulan=11&tahun=2024",
# "?tanggal=2024-11-08", "?date=2024-11"). Such a page may list articles, but listings, sitemaps
# and feeds list them too, and a calendar never ends: it earns no credit for what it leads to.
CALENDAR_KEYS = frozenset({"year", "month", "day", "date", "tahun", "bulan", "tanggal", "hari",
                           "thn", "bln", "tgl", "yr", "mon"})
CALENDAR_VALUES = frozenset({"N-N-N", "N-N", "N/N/N", "N/N", "N.N.N"})


@functools.lru_cache(maxsize=1 << 12)
def is_calendar(template: str) -> bool:
    """Whether a fine ``template`` (see :func:`url_templates`) is a calendar page's."""
    _, _, query = template.partition("?")
    for pair in query.split("&") if query else ():
        key, _, value = pair.partition("=")
        if key.lower() in CALENDAR_KEYS or value in CALENDAR_VALUES:
            return True
    return False


class TrapDetector:
    """Per-site template bookkeeping shared by the spider and downloader middlewares."""

    def __init__(self, patience: int, stats, crawler=None) -> None:
        self.patience = patience
        self.stats = stats
        self.crawler = crawler
        self.processed: Counter[tuple[str, str]] = Counter()
        self.scheduled: Counter[tuple[str, str]] = Counter()
        self.credit: Counter[tuple[str, str]] = Counter()
        self.abandoned: set[tuple[str, str]] = set()
        self.abandoned_sites: set[str] = set()  # a cheap first test, asked for every link
        self.abandoned_at: dict[tuple[str, str], datetime] = {}  # remembered between runs
        self.waiting: dict[tuple[str, str], list[Request]] = defaultdict(list)
        self.seen: set[str] = set()  # URLs admitted once: repeats are the dupefilter's job

    @classmethod
    def of(cls, crawler) -> TrapDetector:
        det = getattr(crawler, "_humas_trap_detector", None)
        if det is None:
            s = crawler.settings
            if not s.getbool("HUMAS_TRAP_GUARD_ENABLED", True):
                raise NotConfigured
            det = cls(s.getint("HUMAS_TRAP_PATIENCE", 8), crawler.stats, crawler)
            crawler._humas_trap_detector = det
            crawler.signals.connect(det.page_done, signal=signals.item_scraped)
            crawler.signals.connect(det.spider_idle, signal=signals.spider_idle)
        return det

    def keys(self, site: str, url: str) -> list[tuple[str, str]]:
        return [(site, t) for t in url_templates(url)]

    def credit_known(self, site: str, urls) -> None:
        """Articles already in the archive prove their templates before the crawl starts."""
        for url in urls:
            for k in self.keys(site, url):
                self.credit[k] += 1

    def remember(self, site: str, templates: dict[str, datetime]) -> None:
        """Templates a recent run of ``site`` abandoned: left at once, not tried again."""
        for template, at in templates.items():
            key = (site, template)
            if self.credit[key] == 0:  # stored articles since have proved it
                self.abandoned.add(key)
                self.abandoned_sites.add(site)
                self.abandoned_at[key] = at
                self.stats.inc_value("humas/trap/remembered")

    def abandoned_templates(self, site: str) -> dict[str, datetime]:
        """This site's abandoned templates, with when they were first abandoned."""
        return {t: self.abandoned_at[(s, t)] for s, t in self.abandoned if s == site}

    def is_abandoned(self, site: str, url: str) -> bool:
        if site not in self.abandoned_sites:  # the common case, asked for every link yielded
            return False
        return any(k in self.abandoned for k in self.keys(site, url))

    def admit(self, request: Request) -> bool:
        """Let ``request`` through now, or keep it waiting while its template is unproven."""
        if request.url in self.seen or request.dont_filter:
            return True
        keys = self.keys(request.meta["site"], request.url)
        for k in keys:
            if self.credit[k] == 0 and self.scheduled[k] >= self.patience:
                self.waiting[k].append(request)
                self.stats.inc_value("humas/trap/waiting")
                return False
        self._count(request)
        return True

    def _count(self, request: Request) -> None:
        self.seen.add(request.url)
        for k in self.keys(request.meta["site"], request.url):
            self.scheduled[k] += 1

    def page_done(self, item, response=None, spider=None) -> None:
        """Called for every page item: credit templates when it was an article."""
        site, url = getattr(item, "site", None), getattr(item, "url", None)
        if site is None or url is None:
            return
        keys = self.keys(site, url)
        credited = keys if getattr(item, "is_article", False) else []
        credited = [*credited, *((site, t) for t in getattr(item, "via_templates", ()) or ()
                                 if credited and not is_calendar(t))]
        for k in credited:
            self.credit[k] += 1
            self._release(k, len(self.waiting.get(k, ())))
        self._processed(site, keys)

    def alias_done(self, site: str, url: str, target: str) -> None:
        """``url`` redirected to ``target``: when that was requested already and lives under
        another template (a short link ``/s/abc`` to its article), the page led to nothing
        new, and counts as such; a template of such aliases is left after ``patience``."""
        if target not in self.seen or url_templates(url)[1] == url_templates(target)[1]:
            return  # new, or the same page's other spelling (a slash, http -> https)
        self.stats.inc_value("humas/trap/alias_redirects")
        self._processed(site, self.keys(site, url))

    def _processed(self, site: str, keys: list[tuple[str, str]]) -> None:
        for k in keys:
            self.processed[k] += 1
            if self.credit[k] == 0 and self.processed[k] >= self.patience \
                    and k not in self.abandoned:
                self.abandoned.add(k)
                self.abandoned_sites.add(site)
                self.abandoned_at[k] = datetime.now(UTC)
                dropped = len(self.waiting.pop(k, ()))
                self.stats.inc_value("humas/trap/abandoned_templates")
                self.stats.inc_value("humas/trap/dropped", dropped)
                logger.info("Leaving %s pages of %s: %d pages, no article", k[1], k[0],
                            self.processed[k])

    def _release(self, key: tuple[str, str], n: int) -> int:
        queue = self.waiting.get(key)
        released = 0
        while queue and released < n:
            request = queue.pop(0)
            if request.url not in self.seen and not self.is_abandoned(
                    request.meta["site"], request.url):
                self._count(request)
                self.crawler.engine.crawl(request)
                released += 1
        if not queue:
            self.waiting.pop(key, None)
        return released

    def spider_idle(self, spider=None) -> None:
        """Nothing else to do: give each waiting template another ``patience`` tries."""
        released = sum(self._release(k, self.patience) for k in list(self.waiting))
        if released:
            raise DontCloseSpider


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
