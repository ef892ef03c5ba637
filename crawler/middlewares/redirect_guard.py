"""Look where a redirect or meta refresh leads before Scrapy follows it.

Runs on the response before ``RedirectMiddleware``/``MetaRefreshMiddleware`` see it, and
refuses three kinds of target, each with its own error (so the page gets a ``crawl_errors``
row and the per-site summary names it) instead of Scrapy's silent drop:

- `RedirectLoop`: the target is a URL of the chain so far (``a -> b -> a``, ``/x -> /x``,
  a page that refreshes to itself);
- `TooManyRedirects`: the chain would exceed ``REDIRECT_MAX_TIMES`` (20: a legitimate
  15-hop chain still reaches its article);
- `InternalRedirect`: the target leaves the listed sites for a private, loopback or
  link-local address, in any spelling (dotted, decimal, hex, octal, IPv6-mapped; see
  ``private_address.resolves_internal``). The request-side guard refuses these too; here
  they are refused before a request exists, whatever the offsite filter would say.

A chain that arrives is counted (``followed``) with its longest length (``longest``).
Opt out with ``meta["dont_redirect_guard"]``. Stats: ``humas/redirect/<event>`` and
``humas/redirect/<event>/<site>`` (loop, too_many, internal, followed).
"""

from __future__ import annotations

import logging
from urllib.parse import urljoin

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.response import get_meta_refresh
from w3lib.url import safe_url_string

from archive.urls import canonicalize, host_of, site_domain
from crawler.middlewares.meta_refresh import may_refresh
from crawler.middlewares.private_address import resolves_internal
from crawler.traps import TrapDetector

logger = logging.getLogger(__name__)
REDIRECT_CODES = (301, 302, 303, 307, 308)


class RedirectLoop(Exception):
    pass


class TooManyRedirects(Exception):
    pass


class InternalRedirect(Exception):
    pass


class RedirectGuardMiddleware:
    def __init__(self, max_times: int, refresh_max_delay: float, stats, traps=None) -> None:
        self.max_times = max_times
        self.refresh_max_delay = refresh_max_delay
        self.stats = stats
        self.traps = traps  # the trap guard's TrapDetector, told of redirects to known pages
        self.trusted: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        if not s.getbool("HUMAS_REDIRECT_GUARD_ENABLED", True):
            raise NotConfigured
        try:
            traps = TrapDetector.of(crawler)
        except NotConfigured:
            traps = None
        mw = cls(s.getint("REDIRECT_MAX_TIMES", 20), s.getfloat("METAREFRESH_MAXDELAY", 100),
                 crawler.stats, traps)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider) -> None:
        self.trusted.update(site_domain(h) for h in getattr(spider, "site_hosts", ()))

    def _count(self, event: str, site: str | None, value: int = 1) -> None:
        self.stats.inc_value(f"humas/redirect/{event}", value)
        if site:
            self.stats.inc_value(f"humas/redirect/{event}/{site}", value)

    def target(self, request, response) -> str | None:
        """Where ``response`` sends the crawler next, if anywhere."""
        if response.status in REDIRECT_CODES and b"Location" in response.headers:
            location = response.headers[b"Location"].decode("latin-1")
            return urljoin(request.url, safe_url_string(location))
        if isinstance(response, HtmlResponse) and response.status == 200 \
                and may_refresh(response):
            delay, url = get_meta_refresh(response)
            if url and delay is not None and delay < self.refresh_max_delay:
                return url
        return None

    def process_response(self, request, response, spider=None):
        meta = request.meta
        if meta.get("dont_redirect_guard") or meta.get("dont_redirect"):
            return response
        site = meta.get("site")
        target = self.target(request, response)
        if target is None:
            if hops := meta.get("redirect_times"):
                self._count("followed", site)
                self.stats.max_value("humas/redirect/longest", hops)
            return response
        host = site_domain(host_of(target))
        if host not in self.trusted and resolves_internal(host):
            self._count("internal", site)
            logger.warning("Refused redirect %s -> %s: internal address", request.url, target)
            raise InternalRedirect(f"redirect to an internal address refused: {target}")
        chain = {canonicalize(u) for u in (*meta.get("redirect_urls", ()), request.url)}
        if canonicalize(target) in chain:
            self._count("loop", site)
            logger.info("Redirect loop at %s -> %s", request.url, target)
            raise RedirectLoop(f"redirect loop: {request.url} -> {target}")
        if meta.get("redirect_times", 0) + 1 > self.max_times:
            self._count("too_many", site)
            logger.info("More than %d redirects from %s", self.max_times,
                        meta.get("redirect_urls", [request.url])[0])
            raise TooManyRedirects(f"more than {self.max_times} redirects: {request.url}")
        if self.traps is not None and site:
            self.traps.alias_done(site, request.url, canonicalize(target))
        return response
