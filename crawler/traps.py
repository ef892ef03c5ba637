"""Trap detection: which URL templates a crawl keeps to and which it leaves.

Every URL has two *templates*: the fine one (digits folded, query keys kept: ``/agenda?bulan=N
&tahun=N``) and the coarse one (first path segment and query keys: ``/agenda?bulan&tahun``).
A template earns credit when a page of it is an article or first led to one, or, for a
listing's pages (``/page/2``, ``?page=2``), links to an article that no earlier page of the
template linked to: each page of a real listing shows new articles even when related-post
links reached them first, while pages past its end show the same ones again. A calendar
never earns credit (its articles are listed elsewhere too, and it never ends).
Until a template has credit,
at most ``HUMAS_TRAP_PATIENCE`` of its requests are let through; the rest wait, and are
released once it earns credit (or at idle time). Once that many pages were processed without
credit the template is abandoned: waiting, queued and future requests are dropped. So a trap
costs about ``HUMAS_TRAP_PATIENCE`` requests per template, however fast its links multiply.
Abandoned templates are kept in the site's run record, and a later run leaves them at once
until they are ``HUMAS_PAGE_REVISIT`` old (then they get ``patience`` tries again), so a
daily crawl does not sample a few more of a site's thousand tag pages every day.

On a site whose sitemaps list its pages, linking to an article earns credit only if the
sitemaps did not list it (so that is judged once they are read), and templates get
``HUMAS_TRAP_PATIENCE_MAPPED`` tries: there tag, author and category archives are a fallback
that must show it finds what the sitemaps miss.

The middlewares in ``crawler/middlewares/trap_guard.py`` apply it to requests; opt out per
request with ``meta["dont_trap_guard"]``. Stats: ``humas/trap/*``.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from w3lib.url import safe_url_string

from archive.urls import canonicalize
from crawler.discovery import PAGINATION

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


@functools.lru_cache(maxsize=1 << 16)  # menus repeat on every page
def request_url(url: str) -> str:
    """``url`` as the spider's request for it spells it (canonical, then URL-safe)."""
    return safe_url_string(canonicalize(url))


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

    def __init__(self, patience: int, stats, crawler=None, mapped_patience: int | None = None
                 ) -> None:
        self.patience = patience
        self.mapped_patience = min(patience, mapped_patience or patience)
        self.mapped_sites: set[str] = set()  # sites whose sitemaps listed pages
        self.listed: set[str] = set()  # URLs sitemaps listed
        self.articles: set[str] = set()  # articles processed this run
        # Per unproven template, the links its processed non-article pages had, those that
        # were new to it when they appeared (its claim), and the other way round for claimed
        # links not processed yet: an article among them is credit.
        self.claims: dict[tuple[str, str], set[str]] = {}
        self.novel: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.claimants: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self.done: set[str] = set()  # URLs whose page was processed
        self.settled: set[str] = set()  # sites whose sitemaps are all read
        self.postponed: set[tuple[str, str]] = set()  # verdicts waiting on the above
        # articles processed before, with the templates that first led to them
        self.unsettled: dict[str, list[tuple[str, list]]] = defaultdict(list)
        self.stats = stats
        self.crawler = crawler
        self.processed: Counter[tuple[str, str]] = Counter()
        self.scheduled: Counter[tuple[str, str]] = Counter()
        self.credit: Counter[tuple[str, str]] = Counter()
        self.abandoned: set[tuple[str, str]] = set()
        self.abandoned_sites: set[str] = set()  # a cheap first test, asked for every link
        self.abandoned_at: dict[tuple[str, str], datetime] = {}  # remembered between runs
        self.waiting: dict[tuple[str, str], list[Request]] = defaultdict(list)
        self.held: set[str] = set()  # URLs waiting (or let through since)
        self.seen: set[str] = set()  # URLs admitted once: repeats are the dupefilter's job

    @classmethod
    def of(cls, crawler) -> TrapDetector:
        det = getattr(crawler, "_humas_trap_detector", None)
        if det is None:
            s = crawler.settings
            if not s.getbool("HUMAS_TRAP_GUARD_ENABLED", True):
                raise NotConfigured
            det = cls(s.getint("HUMAS_TRAP_PATIENCE", 8), crawler.stats, crawler,
                      s.getint("HUMAS_TRAP_PATIENCE_MAPPED", 3))
            crawler._humas_trap_detector = det
            crawler.signals.connect(det.page_done, signal=signals.item_scraped)
            crawler.signals.connect(det.spider_idle, signal=signals.spider_idle)
        return det

    def keys(self, site: str, url: str) -> list[tuple[str, str]]:
        return [(site, t) for t in url_templates(url)]

    def patience_of(self, site: str) -> int:
        return self.mapped_patience if site in self.mapped_sites else self.patience

    def list_url(self, site: str, url: str) -> None:
        """A sitemap of ``site`` lists ``url`` (spelled as its request will be)."""
        self.listed.add(request_url(url))
        self.mapped_sites.add(site)

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
        site = request.meta["site"]
        patience = self.patience_of(site)
        for k in self.keys(site, request.url):
            if self.credit[k] == 0 and self.scheduled[k] >= patience:
                self.waiting[k].append(request)
                self.held.add(request.url)
                self.stats.inc_value("humas/trap/waiting")
                return False
        self._count(request)
        return True

    def _count(self, request: Request) -> None:
        self.seen.add(request.url)
        for k in self.keys(request.meta["site"], request.url):
            self.scheduled[k] += 1

    def page_done(self, item, response=None, spider=None) -> None:
        """Called for every page item: credit templates when it was an article, or led to
        one first, or (a listing's page) linked to one no earlier page of its template did."""
        site, url = getattr(item, "site", None), getattr(item, "url", None)
        if site is None or url is None:
            return
        self.done.add(url)
        keys = self.keys(site, url)
        claimants = ()
        if getattr(item, "is_article", False):
            self.articles.add(url)
            for k in keys:
                self._credit(k)
            via = [(site, t) for t in getattr(item, "via_templates", ()) or ()
                   if not is_calendar(t)]
            if site in self.settled:
                self._credit_referrers(url, via)
            else:  # whether a sitemap lists it is not known yet
                self.unsettled[site].append((url, via))
        else:
            claimants = self.claimants.pop(url, ())
            if PAGINATION.search(url):
                self._claim(site, keys, getattr(item, "links", ()) or ())
        self._processed(site, keys)
        for k in claimants:  # a page they waited for is in
            self._maybe_abandon(k)

    def sitemaps_read(self, site: str) -> None:
        """All of ``site``'s sitemaps are read: judge the links to articles met before."""
        self.settled.add(site)
        for url, via in self.unsettled.pop(site, ()):
            self._credit_referrers(url, via)
        for k in [k for k in self.postponed if k[0] == site]:  # verdicts that waited
            self._maybe_abandon(k)

    def _credit_referrers(self, url: str, via: list[tuple[str, str]]) -> None:
        """Credit the page that first led to article ``url`` and the listings that showed it
        new, unless a sitemap lists it: then it is no listing's merit."""
        claimants = self.claimants.pop(url, ())
        if url not in self.listed:
            for k in (*via, *claimants):
                self._credit(k)

    def _claim(self, site: str, keys: list[tuple[str, str]], links: Iterable[str]) -> None:
        """Links of a listing page: those no earlier page of its template had are its claim.
        The first such page sets the baseline (menus, sidebars: on every page)."""
        # Only templates that may still be left need it; a template of one page (an article
        # slug, one tag) cannot be a trap on its own.
        keys = [k for k in keys if not self.credit[k] and k not in self.abandoned
                and self.scheduled[k] > 1 and not is_calendar(k[1])]
        if not keys:
            return
        links = [request_url(u) for u in links]
        for k in keys:
            if k not in self.claims:
                self.claims[k] = set(links)
                continue
            claimed, novel = self.claims[k], self.novel[k]
            for link in links:
                if link in claimed:
                    continue
                claimed.add(link)
                if link in self.articles and site in self.settled and link not in self.listed:
                    self._credit(k)
                    break
                novel.add(link)
                self.claimants[link].add(k)

    def _credit(self, key: tuple[str, str]) -> None:
        self.credit[key] += 1
        self.postponed.discard(key)
        self.claims.pop(key, None)
        self.novel.pop(key, None)
        self._release(key, len(self.waiting.get(key, ())))

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
            self._maybe_abandon(k)

    def _maybe_abandon(self, k: tuple[str, str], idle: bool = False) -> None:
        """Leave ``k`` if it had its tries and none showed an article. While pages its pages
        link to are still on their way (non-article pages are extracted faster than
        articles), that is not known yet; at idle time nothing is on its way any more."""
        if self.credit[k] or k in self.abandoned or self.processed[k] < self.patience_of(k[0]):
            return
        if not idle and self._undecided(k):
            self.postponed.add(k)
            return
        self.postponed.discard(k)
        self.abandoned.add(k)
        self.abandoned_sites.add(k[0])
        self.abandoned_at[k] = datetime.now(UTC)
        self.claims.pop(k, None)
        self.novel.pop(k, None)
        dropped = self.waiting.pop(k, ())
        self.held.difference_update(r.url for r in dropped)
        self.stats.inc_value("humas/trap/abandoned_templates")
        self.stats.inc_value("humas/trap/dropped", len(dropped))
        logger.info("Leaving %s pages of %s: %d pages, no article", k[1], k[0],
                    self.processed[k])

    def _undecided(self, k: tuple[str, str]) -> bool:
        """Whether ``k`` may still earn credit it has not got: its site's sitemaps are not
        all read (until then, articles' credit for their referrers waits), or a page its
        listing pages newly link to is still on its way."""
        if is_calendar(k[1]):
            return False
        if k[0] not in self.settled:
            return True
        return any(u not in self.done and (u in self.seen or u in self.held)
                   for u in self.novel.get(k, ()))

    def _release(self, key: tuple[str, str], n: int, recheck: bool = True) -> int:
        """Send up to ``n`` of the requests waiting on ``key``. With ``recheck``, each must
        pass the URL's other template too (a month archive waits on its own template when
        the article template it shares a coarse one with is proved)."""
        queue = self.waiting.get(key)
        released = 0
        while queue and released < n:
            request = queue.pop(0)
            if request.url in self.seen or self.is_abandoned(request.meta["site"], request.url):
                self.held.discard(request.url)
                continue
            if recheck and not self.admit(request):
                continue  # now waiting on its other template
            if not recheck:
                self._count(request)
            self.crawler.engine.crawl(request)
            released += 1
        if not queue:
            self.waiting.pop(key, None)
        return released

    def spider_idle(self, spider=None) -> None:
        """Nothing else to do: leave the templates whose verdict waited for pages on their
        way, and give each other waiting template another ``patience`` tries."""
        for site in {k[0] for k in self.postponed} | set(self.unsettled):
            self.sitemaps_read(site)  # nothing is on its way any more
        for k in list(self.postponed):
            self._maybe_abandon(k, idle=True)
        released = sum(self._release(k, self.patience_of(k[0]), recheck=False)
                       for k in list(self.waiting))
        if released:
            raise DontCloseSpider
