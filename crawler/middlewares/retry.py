"""Scrapy's retries, with backoff: wait before a retry, as the site asked or exponentially.

Replaces ``scrapy.downloadermiddlewares.retry.RetryMiddleware`` (same settings: RETRY_TIMES,
RETRY_HTTP_CODES, RETRY_EXCEPTIONS). A retry is not sent at once: an answer carrying
``Retry-After`` (seconds or an HTTP date) is retried after that long, capped at
``HUMAS_RETRY_AFTER_MAX``; any other failure after ``HUMAS_RETRY_BACKOFF`` x 2^(n-1)
seconds, capped at ``HUMAS_RETRY_BACKOFF_MAX``. The wait happens in ``process_request``
of the re-scheduled request (``meta["humas_retry_at"]``), so it holds no connection and no
slot of the site. Opt out of the wait with ``meta["dont_backoff"]`` (``dont_retry`` is
Scrapy's). 404 and 410 are never retried: a dead link costs one request.

Stats: ``humas/retry/<reason>`` and ``humas/retry/<reason>/<site>`` (reason: http_503,
timeout, data_loss, connection, ...), ``humas/retry/retry_after[/<site>]`` (waits the
site asked for), ``humas/retry/gave_up[/<site>]``.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import (
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    NotConfigured,
    ResponseDataLossError,
)
from scrapy.utils.asyncio import sleep

logger = logging.getLogger(__name__)
REASONS = ((DownloadTimeoutError, "timeout"), (ResponseDataLossError, "data_loss"),
           (DownloadConnectionRefusedError, "refused"), (DownloadFailedError, "connection"))


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or HTTP-date), else None."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def reason_of(exception: Exception) -> str:
    for cls, name in REASONS:
        if isinstance(exception, cls):
            return name
    return "connection" if "Connection" in type(exception).__name__ else "other"


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings) -> None:
        if not settings.getbool("HUMAS_RETRY_BACKOFF_ENABLED", True):
            raise NotConfigured  # Scrapy's RetryMiddleware is then the one to enable
        super().__init__(settings)
        self.backoff = settings.getfloat("HUMAS_RETRY_BACKOFF", 1.0)
        self.backoff_max = settings.getfloat("HUMAS_RETRY_BACKOFF_MAX", 30.0)
        self.after_max = settings.getfloat("HUMAS_RETRY_AFTER_MAX", 120.0)

    def _count(self, event: str, site: str | None) -> None:
        stats = self.crawler.stats
        stats.inc_value(f"humas/retry/{event}")
        if site:
            stats.inc_value(f"humas/retry/{event}/{site}")

    def _schedule(self, request, reason: str, asked: float | None):
        """The retry of ``request`` with its wait set, or None when retries are spent."""
        site = request.meta.get("site")
        new = self._retry(request, reason)
        if new is None:
            self._count("gave_up", site)
            return None
        self._count(reason, site)
        if asked is not None:
            delay = min(asked, self.after_max)
            self._count("retry_after", site)
        else:
            delay = min(self.backoff * 2 ** (new.meta["retry_times"] - 1), self.backoff_max)
        new.meta["humas_retry_delay"] = delay
        new.meta["humas_retry_at"] = time.monotonic() + delay
        logger.info("Retrying %s in %.1fs (%s, attempt %d)", request.url, delay, reason,
                    new.meta["retry_times"] + 1)
        return new

    def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        return self._schedule(request, f"http_{response.status}", asked) or response

    def process_exception(self, request, exception, spider=None):
        if request.meta.get("dont_retry") or not isinstance(exception, self.exceptions_to_retry):
            return None
        return self._schedule(request, reason_of(exception), None)

    async def process_request(self, request, spider=None):
        at = request.meta.get("humas_retry_at")
        if at is not None and not request.meta.get("dont_backoff"):
            wait = at - time.monotonic()
            if wait > 0:
                await sleep(wait)
        return None
