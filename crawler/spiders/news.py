"""The one generic spider: finds and fetches the articles of every site in sites.yaml.

Discovery, strongest source first: sitemaps named in robots.txt (else the usual locations),
feeds advertised by the start page (Atom ``rel=next`` paging: Blogger), then the site's own
links from its start page (listing pagination is the fallback for portals with neither). It
never parses articles: every HTML page goes to the pipelines, which decide what an article is.

Articles already in the archive are not fetched again when discovery meets them; they are
revisited on the schedule of ``HUMAS_REVISIT_POLICY`` (young often, old rarely; a newer
sitemap ``lastmod`` makes one due), conditionally, so an unchanged one costs an empty 304.
A revisited article that answers 404 or 410 twice is recorded as deleted.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from urllib.parse import urljoin

import scrapy
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError

from archive.dates import parse_iso
from archive.revisit import DEFAULT_POLICY, is_due, parse_duration, parse_policy
from archive.sites import SiteConfig, load_sites
from archive.urls import canonicalize, host_of, same_site, site_domain
from crawler import discovery, signals
from crawler.items import PageItem
from crawler.since import SinceBound
from crawler.traps import TrapDetector, url_templates

HTML_TYPES = (b"text/html", b"application/xhtml")
GONE = (404, 410)


class NewsSpider(scrapy.Spider):
    name = "news"
    # Priorities: robots/sitemaps/feeds first, then pages they list, then listing links.
    PRIORITY_DISCOVERY = 30
    PRIORITY_LISTED = 20
    PRIORITY_LINK = 0

    def __init__(self, sites: str | None = None, site: str | None = None, **kw) -> None:
        super().__init__(**kw)
        only = [s.strip() for s in site.split(",")] if site else None
        self.sites: list[SiteConfig] = load_sites(sites, only=only)
        self.site_hosts = {s.host for s in self.sites}
        self.site_budgets = {s.name: s.max_pages for s in self.sites if s.max_pages}
        self.site_regions = {s.name: s.region for s in self.sites if s.region}
        self.allowed_domains = sorted({site_domain(h) for h in self.site_hosts})
        self._by_host = {site_domain(s.host): s for s in self.sites}
        self._requested: set[str] = set()  # canonical URLs already requested
        self.known: dict = {}  # stored articles (archive.revisit.KnownArticle), by URL
        self.completed: set[str] = set()  # sites crawled to the end before
        self.known_pages: dict = {}  # non-article pages read before: URL -> last fetched
        self._sitemaps_left: dict[str, int] = {}  # robots.txt and sitemap requests in flight
        self._sitemap_urls: set[str] = set()  # sitemaps requested
        self.revisit_all = False
        self.since: SinceBound | None = None  # --since: older articles neither sought nor kept

    @property
    def max_depth(self) -> int:
        return self.settings.getint("HUMAS_MAX_DEPTH", 6)

    # -- start -----------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        self._load_known()
        for site in self.sites:
            self._sitemaps_pending(site.name, 1)  # robots.txt, which names them
            # first, so the robots middleware reads its rules from this response
            yield self._request(urljoin(site.url, "/robots.txt"), site, self.parse_robots,
                                self.PRIORITY_DISCOVERY + 1, dont_obey_robotstxt=True,
                                humas_robots=True, dont_trap_guard=True,
                                handle_httpstatus_all=True)
            yield self._request(site.url, site, self.parse_start, self.PRIORITY_DISCOVERY,
                                humas_depth=0)
        for request in self._revisits():
            yield request

    def _load_known(self) -> None:
        from archive.store import ArchiveStore

        s = self.settings
        store = ArchiveStore(s.get("HUMAS_DB_URL"))
        ids = store.site_ids((x.name, x.url) for x in self.sites)
        self.known = store.known_articles(ids.values())
        self.known_pages = store.known_pages(ids.values())
        self.page_revisit = parse_duration(s.get("HUMAS_PAGE_REVISIT", "7d"))
        done = store.crawled_sites(ids.values())
        self.completed = {name for name, i in ids.items() if i in done}
        self._credit_known_templates()
        self.revisit_all = s.getbool("HUMAS_REVISIT_ALL", False)
        self.policy = parse_policy(s.get("HUMAS_REVISIT_POLICY", DEFAULT_POLICY))
        self.now = datetime.now(UTC)
        self._remember_traps(store.latest_run_stats(ids.values()), ids)
        self.since = SinceBound.from_setting(s.get("HUMAS_SINCE"))

    @functools.cached_property
    def trap_detector(self) -> TrapDetector | None:
        try:
            return TrapDetector.of(self.crawler)
        except NotConfigured:
            return None

    def _credit_known_templates(self) -> None:
        """Stored articles are skipped, not fetched: tell the trap guard their URL shapes
        are article shapes, or a re-crawl would take a site's article URLs for a trap."""
        detector = self.trap_detector
        if detector is None:
            return
        for known in {k.id: k for k in self.known.values()}.values():
            if site := self.site_for(known.url):
                detector.credit_known(site.name, [known.url])

    def _remember_traps(self, runs: dict[int, tuple[datetime, dict]],
                        ids: dict[str, int]) -> None:
        """Templates the site's last run left as traps stay left until they are re-tested."""
        detector = self.trap_detector
        if detector is None:
            return
        for name, site_id in ids.items():
            _, stats = runs.get(site_id, (None, {}))
            recent = {}
            for template, at in (stats.get("trap_templates") or {}).items():
                when = parse_iso(at)
                if when is not None and self.now - when < self.page_revisit \
                        and not self.revisit_all:
                    recent[template] = when
            detector.remember(name, recent)

    def _revisits(self) -> Iterator[scrapy.Request]:
        """Stored articles due for a look, whether or not discovery links them any more."""
        by_id = {k.id: k for k in self.known.values()}
        for known in by_id.values():
            site = self.site_for(known.url)
            if site is None:
                continue
            if self.revisit_all or is_due(known, self.now, self.policy):
                self.crawler.stats.inc_value("humas/revisit/due")
                self._requested.add(known.url)
                yield self._request(known.url, site, self.parse_page, self.PRIORITY_LISTED,
                                    humas_depth=1, humas_known=True,
                                    handle_httpstatus_list=list(GONE))

    def _request(self, url: str, site: SiteConfig, callback, priority: int, **meta):
        return scrapy.Request(url, callback=callback, priority=priority,
                              meta={"site": site.name, **meta}, errback=self.on_error)

    def site_of(self, response: Response) -> SiteConfig:
        return next(s for s in self.sites if s.name == response.meta["site"])

    def site_for(self, url: str) -> SiteConfig | None:
        """The listed site ``url`` belongs to (its host, a subdomain, or the www. twin)."""
        domain = site_domain(host_of(url))
        while domain:
            if site := self._by_host.get(domain):
                return site
            domain = domain.partition(".")[2]
        return None

    # -- robots.txt and sitemaps -----------------------------------------------------------
    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.site_of(response)
        self.crawler.stats.set_value(f"humas/robots/{site.name}", response.status)
        found = []
        if response.status == 200:
            found = [u for u in discovery.sitemaps_from_robots(response.body, response.url)
                     if same_site(u, self.site_hosts)]
        self.crawler.stats.inc_value("humas/discovery/robots_sitemaps", len(found))
        guess = not found
        urls = [urljoin(site.url, p) for p in discovery.COMMON_SITEMAPS] if guess else [
            u for u in dict.fromkeys(found) if u not in self._sitemap_urls]  # once per crawl
        self._sitemap_urls.update(urls)
        self._sitemaps_pending(site.name, len(urls) - 1)
        for url in urls:
            yield self._request(url, site, self.parse_sitemap, self.PRIORITY_DISCOVERY,
                                dont_trap_guard=True, humas_depth=0, humas_guess=guess,
                                humas_sitemap=True)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.site_of(response)
        try:
            yield from self._sitemap_entries(response, site)
        finally:
            self._sitemaps_pending(site.name, -1)

    def _sitemaps_pending(self, site: str, change: int) -> None:
        """Count a site's robots.txt and sitemap requests in flight. At zero its sitemaps are
        read, and the trap guard can tell which articles its listings found first."""
        left = self._sitemaps_left[site] = self._sitemaps_left.get(site, 0) + change
        if left == 0 and self.trap_detector is not None:
            self.trap_detector.sitemaps_read(site)

    def _sitemap_entries(self, response: Response, site: SiteConfig) -> Iterator:
        for entry in discovery.parse_sitemap(response.body):
            if not same_site(entry.url, self.site_hosts):
                continue
            if self.since and self.since.older(parse_iso(entry.lastmod)):
                self.crawler.stats.inc_value("humas/since/sitemap_skipped")
                continue  # not even edited since the bound
            if entry.is_index:
                if entry.url in self._sitemap_urls:  # the dupefilter would drop it unseen
                    continue
                self._sitemap_urls.add(entry.url)
                self._sitemaps_pending(site.name, 1)
                yield self._request(entry.url, site, self.parse_sitemap,
                                    self.PRIORITY_DISCOVERY, dont_trap_guard=True, humas_depth=0,
                                    humas_sitemap=True)
            else:
                self.crawler.stats.inc_value("humas/discovery/sitemap_urls")
                if self.trap_detector is not None:  # listed: no archive's or listing's merit
                    self.trap_detector.list_url(site.name, canonicalize(entry.url))
                yield from self._follow(response, entry.url, self.PRIORITY_LISTED, depth=1,
                                        lastmod=parse_iso(entry.lastmod))

    # -- feeds -----------------------------------------------------------------------------
    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.site_of(response)
        feed = discovery.parse_feed(response.body, response.url)
        if feed is None:
            self.crawler.stats.inc_value("humas/discovery/not_a_feed")
            return
        self.crawler.stats.inc_value("humas/discovery/feed_urls", len(feed.entries))
        entries = feed.entries
        if self.since:
            dates = feed.dates or (None,) * len(entries)
            entries = [u for u, d in zip(entries, dates, strict=True) if not self.since.older(d)]
            self.crawler.stats.inc_value("humas/since/feed_skipped",
                                         len(feed.entries) - len(entries))
        for url in entries:
            yield from self._follow(response, url, self.PRIORITY_LISTED, depth=1)
        if feed.next_url and entries and same_site(feed.next_url, self.site_hosts):
            yield self._request(feed.next_url, site, self.parse_feed, self.PRIORITY_DISCOVERY,
                                dont_trap_guard=True, humas_depth=0)

    # -- HTML pages ------------------------------------------------------------------------
    def parse_start(self, response: Response) -> Iterator:
        """The start page: a page like any other, and the place feeds are advertised."""
        site = self.site_of(response)
        yield from self.parse_page(response)
        if not self._is_html(response):
            return
        for url in discovery.parse_links(response.body, response.url).feeds:
            if same_site(url, self.site_hosts):
                yield self._request(url, site, self.parse_feed, self.PRIORITY_DISCOVERY,
                                    dont_trap_guard=True, humas_depth=0)

    def parse_page(self, response: Response) -> Iterator:
        if response.status == 304:  # a stored article, unchanged: nothing to parse or follow
            yield PageItem(site=response.meta["site"], url=response.url, status=304, body=b"",
                           encoding=None, not_modified=True)
            return
        if response.status in GONE:
            yield from self._gone(response)
            return
        if not self._is_html(response):
            self.crawler.stats.inc_value("humas/pages/not_html")
            return
        links = discovery.scan_links(response.body, response.url)
        yield PageItem(
            site=response.meta["site"], url=response.url, status=response.status,
            body=response.body, encoding=getattr(response, "encoding", None),
            content_type=_header(response, b"Content-Type"), etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"), links=links,
            via_templates=tuple(response.meta.get("humas_via", ())),
        )
        fresh = [u for u in links if u not in self._requested]  # skips canonicalising repeats
        if self._only_known_articles(response, links):
            page = url_templates(response.url)[0]
            fresh = [u for u in fresh if url_templates(u)[0] != page]
            self.crawler.stats.inc_value("humas/discovery/pagination_stopped")
        elif self.since and discovery.PAGINATION.search(" ".join(fresh)) \
                and self.since.older_listing(response.body):
            page = url_templates(response.url)[0]
            fresh = [u for u in fresh if url_templates(u)[0] != page
                     and not discovery.PAGINATION.search(u)]
            self.crawler.stats.inc_value("humas/since/pagination_stopped")
        for url in fresh:
            yield from self._follow(response, url, self.PRIORITY_LINK)

    def _page_not_due(self, url: str, site: str) -> bool:
        """A tag, category, author or about page read lately, on a site crawled to the end:
        new articles show on start pages, listings, sitemaps and feeds, not only there.
        Listing pages (pagination) are always read; their own rule stops them."""
        seen = self.known_pages.get(url)
        if seen is None or site not in self.completed or self.revisit_all:
            return False
        if discovery.PAGINATION.search(url):
            return False
        return self.now - seen < self.page_revisit

    def _only_known_articles(self, response: Response, links: list[str]) -> bool:
        """A listing page whose new links are all stored articles: older pages are too.

        Then its pagination is not followed, so a daily crawl reads the first listing pages,
        not the whole archive of the site. Only for sites crawled to the end before: a first
        crawl, or one after a killed crawl, walks everything.
        """
        if response.meta["site"] not in self.completed or self.revisit_all:
            return False
        page = url_templates(response.url)[0]
        others = [canonicalize(u) for u in links if url_templates(u)[0] != page]
        # Menus and tag pages were requested already; stored articles count even so.
        others = [u for u in others if u in self.known or u not in self._requested]
        return bool(others) and all(u in self.known for u in others)

    def _gone(self, response: Response) -> Iterator:
        """A stored article answered 404/410: ask once more before calling it deleted."""
        if not response.meta.get("humas_gone_check"):
            self.crawler.stats.inc_value("humas/revisit/gone_once")
            yield response.request.replace(dont_filter=True, meta={
                **response.request.meta, "humas_gone_check": True})
            return
        self.crawler.stats.inc_value("humas/revisit/gone")
        yield PageItem(site=response.meta["site"], url=response.url, status=response.status,
                       body=b"", encoding=None, gone=True)

    def _follow(self, response: Response, url: str, priority: int,
                depth: int | None = None, lastmod: datetime | None = None
                ) -> Iterator[scrapy.Request]:
        """Request ``url`` once, unless it is off-site, not HTML, or too deep.

        Depth counts hops from the start page; pagination (a link to the page's own URL
        template) keeps its depth, so a long listing is walked to its end.
        """
        if not same_site(url, self.site_hosts) or not discovery.looks_like_html_link(url):
            return
        if self.since and self.since.older_url(url):
            self.crawler.stats.inc_value("humas/since/url_skipped")
            return
        raw, url = url, canonicalize(url)
        if url in self._requested:  # menus repeat on every page: skip the middleware trip
            self._requested.add(raw)
            return
        known = self.known.get(url)
        if known is not None and not (lastmod and is_due(known, self.now, self.policy,
                                                         lastmod)):
            self.crawler.stats.inc_value("humas/revisit/not_due")
            self._requested.update((url, raw))  # stored, and not due for a look
            return
        if depth is None:
            depth = response.meta.get("humas_depth", 0)
            if url_templates(url)[0] != url_templates(response.url)[0]:
                depth += 1
        if depth > self.max_depth:
            self.crawler.stats.inc_value("humas/depth/dropped")
            return  # not remembered: a shallower page may still lead here
        if self._page_not_due(url, response.meta["site"]):
            self.crawler.stats.inc_value("humas/revisit/page_not_due")
            self._requested.update((url, raw))
            return
        self._requested.add(url)
        self._requested.add(raw)
        site = self.site_for(url) or self.site_of(response)
        if self.trap_detector is not None and self.trap_detector.is_abandoned(site.name, url):
            # what the trap guard would do with it, without building a request to drop
            self.crawler.stats.inc_value("humas/trap/dropped")
            return
        yield self._request(url, site, self.parse_page, priority, humas_depth=depth)

    @staticmethod
    def _is_html(response: Response) -> bool:
        ctype = (response.headers.get(b"Content-Type") or b"").lower()
        return any(t in ctype for t in HTML_TYPES) or (not ctype and b"<html" in
                                                        response.body[:2048].lower())

    def on_error(self, failure) -> None:
        request = failure.request
        if request.meta.get("humas_sitemap") or request.meta.get("humas_robots"):
            self._sitemaps_pending(request.meta["site"], -1)
        if failure.check(IgnoreRequest):  # robots.txt, traps, budgets: decisions, not errors
            return
        if request.meta.get("humas_guess") and failure.check(HttpError):
            self.crawler.stats.inc_value("humas/discovery/guess_missed")
            return
        self.crawler.stats.inc_value("humas/errors/download")
        self.logger.info("Failed %s: %s", request.url, failure.getErrorMessage())
        self.crawler.signals.send_catch_log(signals.page_failed, request=request,
                                            failure=failure)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
