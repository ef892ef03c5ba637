"""Store articles in the archive and keep per-site counts for the crawl-run record.

Idempotent: the canonical URL is the key, so crawling twice never duplicates an article.
Writes are grouped: one transaction per ``HUMAS_STORE_BATCH`` articles or
``HUMAS_STORE_BATCH_SECONDS`` (each article in its own savepoint, so one bad row costs only
itself); a killed crawl loses at most that uncommitted tail, which the next run fetches again.
Pages that failed for good are recorded in ``crawl_errors``. Stats: ``humas/store/<outcome>``.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime

from scrapy import signals as scrapy_signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from archive.records import FetchedPage
from archive.store import ArchiveStore, ArticleToSave
from archive.urls import canonicalize, same_site
from crawler import signals
from crawler.extensions.fault_report import site_faults
from crawler.items import PageItem
from crawler.traps import TrapDetector

logger = logging.getLogger(__name__)


def _robots_status(status: int | None) -> str:
    if status is None:
        return "unreachable"
    if status == 200:
        return "ok"
    return "none (404)" if status == 404 else f"http {status}"


class StorePipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.run_key = crawler.settings.get("HUMAS_RUN_KEY") or uuid.uuid4().hex
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)
        self.store: ArchiveStore | None = None
        self.started_at = datetime.now(UTC)
        self.batch_size = crawler.settings.getint("HUMAS_STORE_BATCH", 50)
        self.batch_seconds = crawler.settings.getfloat("HUMAS_STORE_BATCH_SECONDS", 2.0)
        self.session = None
        self.to_save: list[tuple[PageItem, ArticleToSave]] = []  # written at the next commit
        self.pending: list[tuple[PageItem, object]] = []  # saved, counted once committed
        self.pages: list[tuple[int, str, datetime]] = []  # non-article pages read
        self.last_commit = time.monotonic()
        crawler.signals.connect(self.response_received, scrapy_signals.response_received)
        crawler.signals.connect(self.page_failed, signals.page_failed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        self.store = ArchiveStore(self.crawler.settings.get("HUMAS_DB_URL")
                                  or os.environ.get("HUMAS_DB_URL"))
        spider = self.crawler.spider
        self.site_ids = self.store.site_ids((s.name, s.url) for s in spider.sites)
        # Loaded here, before the first request, not in a thread beside the crawl: a thread
        # doing CPU work (importing datasketch and scipy, filling the LSH) takes the GIL each
        # time the reactor waits on a socket (a 2,000-page crawl: median 27.1 s against 25.6 s).
        self.syndication = None
        if self.crawler.settings.getbool("HUMAS_SYNDICATION_ENABLED", True):
            self.syndication = self._load_syndication()
        self.started_at = datetime.now(UTC)
        # An idle crawl must not sit on an open transaction (it holds SQLite's write lock).
        self.ticker = task.LoopingCall(self._commit_if_due)
        self.ticker.start(self.batch_seconds, now=False)

    def _load_syndication(self):
        """The near-duplicate index over the archive; None if it cannot be read."""
        from archive.syndication import SyndicationIndex

        try:
            with self.store.Session() as session:
                return SyndicationIndex.rebuild_from(session)
        except Exception as exc:  # articles are still stored; only their copies go unlinked
            logger.error("Could not load the near-duplicate index (%r): copies found in this "
                         "run are not linked", exc)
            return None

    def _commit_if_due(self) -> None:
        if (self.session is not None or self.to_save) and \
                time.monotonic() - self.last_commit >= self.batch_seconds:
            self.commit()

    def response_received(self, response, request, spider=None) -> None:
        if site := request.meta.get("site"):
            self.counts[site]["requests"] += 1

    def page_failed(self, request, failure) -> None:
        site = request.meta.get("site")
        self.counts[site]["errors"] += 1
        if self.store is not None:
            # In the open batch: a second connection would wait on the batch's write lock.
            self.store.record_error(self.run_key, self.site_ids.get(site), request.url,
                                    failure.type.__name__, failure.getErrorMessage(),
                                    session=self._session())

    def process_item(self, item):
        if not isinstance(item, PageItem):
            return item
        counts = self.counts[item.site]
        counts["pages"] += 1
        if item.not_modified:
            return self._not_modified(item)
        if item.gone:
            return self._gone(item)
        if item.outcome == "error":
            counts["errors"] += 1
            self.store.record_error(self.run_key, self.site_ids[item.site], item.url,
                                    "extraction", "extraction failed", session=self._session())
            return item
        if not item.is_article:
            item.outcome = "non_article"
            self.pages.append((self.site_ids[item.site], canonicalize(item.url),
                               item.fetched_at))
            return item
        ex = item.extracted
        since = self.crawler.spider.since
        if since and since.older(ex.published):
            item.outcome = "before_since"  # --since: found, but older than asked for
            counts["before_since"] += 1
            self.stats.inc_value("humas/since/not_stored")
            return item
        url = canonicalize(ex.canonical_url) if ex.canonical_url and same_site(
            ex.canonical_url, self.crawler.spider.site_hosts) else canonicalize(item.url)
        page = FetchedPage(url=item.url, status=item.status, body=item.body,
                           content_type=item.content_type, etag=item.etag,
                           last_modified=item.last_modified, fetched_at=item.fetched_at,
                           packed=item.packed)
        self.to_save.append((item, ArticleToSave(self.site_ids[item.site], url, page, ex,
                                                 item.enrichment, item.signature)))
        if len(self.to_save) >= self.batch_size or \
                time.monotonic() - self.last_commit >= self.batch_seconds:
            self.commit()
        return item

    def _not_modified(self, item: PageItem) -> PageItem:
        result = self.store.mark_not_modified(canonicalize(item.url), item.fetched_at,
                                              session=self._session())
        item.is_article = result is not None  # credits its URL template like a fetched one
        item.outcome = "unchanged" if result else "non_article"
        if result is not None:
            self.pending.append((item, result))
        return item

    def _gone(self, item: PageItem) -> PageItem:
        result = self.store.mark_deleted(canonicalize(item.url), item.fetched_at,
                                         session=self._session())
        item.outcome = "deleted" if result else "non_article"
        if result is not None:
            self.pending.append((item, result))
        return item

    def _save_batch(self) -> None:
        """The batch in a few many-row statements; if the database refuses it, each article
        in its own savepoint, so that one bad row costs only itself."""
        entries = [entry for _, entry in self.to_save]
        syndication = self.syndication
        session = self._session()
        try:
            with session.begin_nested():
                results = self.store.save_articles(entries, session, syndication=syndication)
        except Exception:
            results = []
            for item, entry in self.to_save:
                try:
                    with session.begin_nested():
                        results += self.store.save_articles([entry], session,
                                                            syndication=syndication)
                except Exception as exc:  # a row the database refuses must not stop the crawl
                    logger.warning("Could not store %s: %r", item.url, exc)
                    self.counts[item.site]["errors"] += 1
                    item.outcome = "error"
                    results.append(None)
        for (item, _), result in zip(self.to_save, results, strict=True):
            if result is not None:
                item.outcome = result.outcome
                self.pending.append((item, result))
        self.to_save.clear()

    def _session(self):
        if self.session is None:
            self.session = self.store.Session()
            self.session.begin()
        return self.session

    def commit(self) -> None:
        """Write the batch and end the transaction; only then are its articles counted."""
        if self.to_save:
            self._save_batch()
        if self.pages:
            self.store.record_pages(self.pages, self._session())
            self.pages.clear()
        if self.session is not None:
            self.session.commit()
            self.session.close()
            self.session = None
        self.last_commit = time.monotonic()
        for item, result in self.pending:
            self.counts[item.site][result.outcome] += 1
            self.stats.inc_value(f"humas/store/{result.outcome}")
            self.crawler.signals.send_catch_log(signals.article_saved, item=item, result=result)
        self.pending.clear()

    def close_spider(self) -> None:
        if self.store is None:
            return
        if self.ticker.running:
            self.ticker.stop()
        self.commit()
        try:
            traps = TrapDetector.of(self.crawler)
        except NotConfigured:
            traps = None
        for site, sid in self.site_ids.items():
            c = self.counts.get(site, Counter())
            self.store.record_run(
                self.run_key, sid, self.started_at,
                {k: c.get(k, 0) for k in ("requests", "pages", "new", "updated", "unchanged",
                                          "deleted", "errors")},
                {"non_article": c.get("non_article", 0),
                 "before_since": c.get("before_since", 0),
                 "robots": _robots_status(self.stats.get_value(f"humas/robots/{site}")),
                 # issue 9: the faults this site's crawl met (retries, timeouts, refusals)
                 "faults": site_faults(self.stats.get_stats(), site),
                 # URL templates left as traps, and since when: the next run skips them
                 "trap_templates": {t: at.isoformat() for t, at in sorted(
                     traps.abandoned_templates(site).items())} if traps else {}},
            )
