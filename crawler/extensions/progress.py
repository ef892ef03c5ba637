"""Progress while a crawl runs (``HUMAS_PROGRESS = True``, which ``humas crawl`` sets).

On a terminal: a live line with requests, pages, articles stored (new/updated/unchanged) and
errors. Elsewhere (cron, CI): the same line printed every ``HUMAS_PROGRESS_INTERVAL``
seconds. The per-site summary is printed by ``humas crawl`` from the crawl-run records.
"""

from __future__ import annotations

import sys
import time
from collections import Counter

from scrapy import signals as scrapy_signals
from scrapy.exceptions import NotConfigured

from crawler import signals


class CrawlProgress:
    def __init__(self, crawler) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.counts: Counter[str] = Counter()
        self.live = sys.stderr.isatty()
        self.interval = crawler.settings.getfloat("HUMAS_PROGRESS_INTERVAL", 15.0)
        self.last_line = time.monotonic()
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                 TimeElapsedColumn(), console=Console(stderr=True),
                                 transient=False)
        self.task = None

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("HUMAS_PROGRESS", False):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, scrapy_signals.spider_opened)
        crawler.signals.connect(ext.closed, scrapy_signals.spider_closed)
        crawler.signals.connect(ext.response, scrapy_signals.response_received)
        crawler.signals.connect(ext.item, scrapy_signals.item_scraped)
        crawler.signals.connect(ext.saved, signals.article_saved)
        crawler.signals.connect(ext.failed, signals.page_failed)
        return ext

    def opened(self, spider) -> None:
        if self.live:
            self.progress.start()
            self.task = self.progress.add_task(self._text(), total=None)

    def closed(self, spider, reason) -> None:
        self._refresh()
        if self.live:
            self.progress.stop()

    def response(self, response, request, spider=None) -> None:
        self.counts["requests"] += 1
        self._refresh()

    def item(self, item, response=None, spider=None) -> None:
        self.counts["pages"] += 1

    def saved(self, item, result) -> None:
        self.counts[result.outcome] += 1
        self._refresh()

    def failed(self, request, failure) -> None:
        self.counts["errors"] += 1

    def _text(self) -> str:
        c = self.counts
        return (f"crawling: {c['requests']} requests, {c['pages']} pages, "
                f"{c['new']} new / {c['updated']} updated / {c['unchanged']} unchanged "
                f"articles, {c['errors']} errors")

    def _refresh(self) -> None:
        if self.task is not None:
            self.progress.update(self.task, description=self._text())
        elif not self.live and time.monotonic() - self.last_line >= self.interval:
            self.last_line = time.monotonic()
            print(self._text(), file=sys.stderr, flush=True)
