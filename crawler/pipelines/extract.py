"""Extract and tag every fetched page in a pool of worker processes.

trafilatura is CPU-bound; run in the reactor it would stall every download. A process pool
(``HUMAS_EXTRACT_WORKERS``, default: one per core; 0 runs in-process) keeps the network loop
free and uses both cores. Stats: ``humas/extract/{article,non_article,error}``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import process as futures_process
from pathlib import Path

from archive import config
from archive.process import ProcessedPage, init_worker, process_page
from crawler.items import PageItem

logger = logging.getLogger(__name__)


def init_niced_worker(nice: int, programs_path: str, regions_path: str) -> None:
    """Worker initializer: lower the worker's priority, then load what extraction needs.

    The crawler's own process feeds the workers (downloads, parsing links, storing); with
    one worker per core it would get only a fair share of the CPU and starve them all.
    """
    if nice:
        os.nice(nice)
    init_worker(programs_path, regions_path)


_PRESTARTED: dict[tuple, ProcessPoolExecutor] = {}  # pools started before the crawler

# Pages handed to the workers ahead of need, beyond one each. The standard library queues one
# extra call, so a worker that finishes a page waits until the pool's manager thread gets the
# crawler's GIL to pass it the next: in a crawl, workers sat idle 15-18% of the time with
# dozens of pages pending. Queued 16 ahead through a 1 MB pipe (a 90 KB page does not fit the
# default 64 KB one), they idle 6-7%: a 2,076-article crawl, three alternating pairs, took
# 26.6-34.2 s instead of 27.6-38.2 s. (Futures in that queue can no longer be cancelled: at
# shutdown, at most these 16 pages are still extracted.)
QUEUED_AHEAD = 16
PIPE_BYTES = 1 << 20


def _widen_pipes(pool: ProcessPoolExecutor) -> None:
    """Let the pool's call and result pipes hold several pages (Linux; elsewhere a no-op)."""
    try:
        import fcntl

        set_size = fcntl.F_SETPIPE_SZ
        limit = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    except (ImportError, AttributeError, OSError, ValueError):
        return
    # the queues' pipes are CPython internals of ProcessPoolExecutor: skipped if they move
    for queue in (getattr(pool, "_call_queue", None), getattr(pool, "_result_queue", None)):
        writer = getattr(queue, "_writer", None)
        if writer is not None:
            with contextlib.suppress(OSError, ValueError):
                fcntl.fcntl(writer.fileno(), set_size, min(PIPE_BYTES, limit))


def _pool_args(settings) -> tuple[int, int, str, str]:
    workers = settings.getint("HUMAS_EXTRACT_WORKERS", -1)
    return ((os.cpu_count() or 1) if workers < 0 else workers,
            settings.getint("HUMAS_EXTRACT_NICE", 5),
            str(config.programs_path()), str(config.regions_path()))


def _start_pool(workers: int, nice: int, programs: str, regions: str) -> ProcessPoolExecutor:
    # spawn: a fork of a process running the reactor would inherit its sockets.
    # The stdlib reads the queue depth from this module constant when a pool is made.
    default, futures_process.EXTRA_QUEUED_CALLS = futures_process.EXTRA_QUEUED_CALLS, QUEUED_AHEAD
    try:
        pool = ProcessPoolExecutor(workers, multiprocessing.get_context("spawn"),
                                   initializer=init_niced_worker,
                                   initargs=(nice, programs, regions))
    finally:
        futures_process.EXTRA_QUEUED_CALLS = default
    _widen_pipes(pool)
    # The pool starts a worker per task it is given, not before: started now, the workers
    # import and warm up while the crawler starts and reads robots.txt and sitemaps, instead
    # of after the first article arrived (the crawl waits on that article: until one is
    # extracted, the trap guard holds its URL template back).
    for _ in range(workers):
        pool.submit(os.getpid)
    return pool


def prestart_workers(settings) -> None:
    """Start the extraction workers for a crawl with ``settings`` now, before Scrapy builds
    its engine: their start-up (imports, taxonomy, dateparser) overlaps the crawler's own."""
    args = _pool_args(settings)
    if args[0] > 0 and args not in _PRESTARTED:
        _PRESTARTED[args] = _start_pool(*args)


def stop_prestarted_workers() -> None:
    """Stop workers started for a crawl that will not run (its database failed the check)."""
    while _PRESTARTED:
        _PRESTARTED.popitem()[1].shutdown(wait=False, cancel_futures=True)


class ExtractPipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.args = _pool_args(crawler.settings)
        self.pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        workers, _, programs, regions = self.args
        if workers > 0:
            self.pool = _PRESTARTED.pop(self.args, None) or _start_pool(*self.args)
        else:
            init_worker(programs, regions)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    async def process_item(self, item):
        if not isinstance(item, PageItem) or item.not_modified or item.gone:
            return item
        region = self.crawler.spider.site_regions.get(item.site)
        try:
            if self.pool is None:
                done = process_page(item.body, item.encoding, item.url, region)
            else:  # awaited on the event loop of Scrapy's asyncio reactor (its default)
                done = await asyncio.wrap_future(
                    self.pool.submit(process_page, item.body, item.encoding, item.url, region))
        except Exception as exc:  # one broken page must not stop the crawl
            return self._failed(item, exc)
        return self._extracted(item, done)

    def _failed(self, item: PageItem, exc: BaseException) -> PageItem:
        logger.warning("Extraction failed for %s: %r", item.url, exc)
        self.stats.inc_value("humas/extract/error")
        item.outcome = "error"
        item.extracted = None
        return item

    def _extracted(self, item: PageItem, done: ProcessedPage) -> PageItem:
        item.extracted, item.enrichment, item.signature = done.extracted, done.enrichment, \
            done.signature
        item.packed = done.packed
        item.is_article = bool(done.extracted.is_article and done.extracted.title
                               and done.extracted.text)
        self.stats.inc_value("humas/extract/" + ("article" if item.is_article else "non_article"))
        return item
