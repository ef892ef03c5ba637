"""Plain records passed between the crawler and the archive (no Scrapy types cross over)."""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime


def pack_body(body: bytes) -> tuple[bytes, str]:
    """A capture's stored form: the body zlib-compressed, and its SHA-256."""
    return zlib.compress(body, 6), hashlib.sha256(body).hexdigest()


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
