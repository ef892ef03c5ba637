"""Keep the search index in step with the crawl: re-index what was stored, when it closes.

Indexing at the end (one writer, one commit) costs far less than a commit per article, and
the index can always be rebuilt from the database if a crawl dies first (``humas reindex``).
Disable with ``HUMAS_INDEX_ENABLED = False``. Stats: ``humas/index/updated``.
"""

from __future__ import annotations

import logging

from scrapy import signals as scrapy_signals
from scrapy.exceptions import NotConfigured

from archive import config
from archive.store import ArchiveStore
from crawler import signals

logger = logging.getLogger(__name__)


class IndexUpdater:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.ids: set[int] = set()

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("HUMAS_INDEX_ENABLED", True):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.article_saved, signals.article_saved)
        crawler.signals.connect(ext.spider_closed, scrapy_signals.spider_closed)
        return ext

    def article_saved(self, item, result) -> None:
        self.ids.add(result.article_id)
        self.ids.update(result.relinked)

    def spider_closed(self, spider, reason) -> None:
        # Called even when nothing was stored: update() also catches up with articles a
        # killed crawl stored but never indexed.
        from search.indexer import LockError, update  # Whoosh's, as the index raises it

        store = ArchiveStore(self.crawler.settings.get("HUMAS_DB_URL"))
        try:
            n = update(config.index_dir(), store, self.ids)
        except LockError as exc:
            # A rebuild (humas reindex) holds the index: the stored articles are safe, and the
            # next crawl's update catches up with them through the index's watermark.
            self.crawler.stats.set_value("humas/index/busy", 1)
            logger.warning("Index not updated (%s): it is being written by another process; "
                           "the next crawl or 'humas reindex' brings it up to date", exc)
            return
        self.crawler.stats.set_value("humas/index/updated", n)
        logger.info("Index updated: %d articles", n)
