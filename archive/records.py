"""Plain records passed between the crawler and the archive (no Scrapy types cross over)."""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

# zlib level of stored captures. Measured on the replica's themed pages (88 KB): level 3
# takes 0.67 ms a page and keeps 18.8% of the bytes, level 6 takes 1.45 ms and keeps 16.6%;
# the crawl compresses every article it stores, so the faster level is worth 13% more disk.
CAPTURE_ZLIB_LEVEL = 3


def pack_body(body: bytes) -> tuple[bytes, str]:
    """A capture's stored form: the body zlib-compressed, and its SHA-256."""
    return zlib.compress(body, CAPTURE_ZLIB_LEVEL), hashlib.sha256(body).hexdigest()


@dataclass
class FetchedPage:
    """One HTTP response as the crawler received it."""

    url: str  # the URL requested (after redirects: the final one)
    status: int
    body: bytes
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    # (zlib body, SHA-256 hex) when already computed, e.g. by an extraction worker
    packed: tuple[bytes, str] | None = None


@dataclass
class SiteRef:
    name: str
    url: str


@dataclass
class Extracted:
    """What one page says about itself; dates are timezone-aware, raw strings kept beside them.

    ``archive.extract`` makes it. It is defined here so that the crawler process unpickles the
    workers' results without importing trafilatura.
    """

    url: str
    canonical_url: str | None = None
    is_article: bool = False
    article_reasons: list[str] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    published_raw: str | None = None
    modified: datetime | None = None
    text: str = ""
    description: str | None = None
    site_name: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    language: str | None = None

    def to_dict(self) -> dict:
        """JSON-ready dict, dates as ISO 8601 strings."""
        data = asdict(self)
        for key in ("published", "modified"):
            data[key] = data[key].isoformat() if data[key] else None
        return data
