"""What the spider hands to the pipelines: one fetched HTML page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass
class PageItem:
    site: str
    url: str  # final URL after redirects
    status: int
    body: bytes = field(repr=False)
    encoding: str | None  # the encoding the response declared or Scrapy inferred
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    via_templates: tuple[str, ...] = ()  # of the page that first linked to this one
    links: list[str] = field(default_factory=list, repr=False)  # its <a href>s, absolute
    not_modified: bool = False  # a 304 for a stored article
    gone: bool = False  # a stored article answered 404/410 twice
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    # Filled in by the pipelines:
    is_article: bool = False
    extracted: Any = field(default=None, repr=False)
    enrichment: Any = field(default=None, repr=False)
    signature: bytes | None = field(default=None, repr=False)  # MinHash of the text
    packed: tuple[bytes, str] | None = field(default=None, repr=False)  # (zlib body, SHA-256)
    outcome: str | None = None  # new | updated | unchanged | non_article | error
