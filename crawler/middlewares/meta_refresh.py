"""Meta refresh redirects, looked for only in pages that can hold one.

Scrapy's ``MetaRefreshMiddleware`` decodes every HTML body to search it for
``<meta http-equiv="refresh">``, a cost paid on each page although almost none has the tag.
The tag counts only within a page's first 4,096 characters (w3lib reads no further), which
fit in its first 16 KB in any ASCII-compatible encoding: a page whose first 16 KB never
spell "refresh" cannot redirect, and is passed on without being decoded.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse

SCAN_BYTES = 4 * 4096  # 4,096 characters of at most 4 bytes each (UTF-8)
WIDE_ENCODINGS = ("utf-16", "utf-32", "utf_16", "utf_32")


def may_refresh(response: HtmlResponse) -> bool:
    """False when ``response`` certainly holds no meta refresh in the part that counts."""
    if (response.encoding or "").lower().startswith(WIDE_ENCODINGS):
        return True  # "refresh" is not spelt in ASCII bytes there
    # lower() then find(): a case-insensitive regex scans byte by byte, ten times slower
    return b"refresh" in response.body[:SCAN_BYTES].lower()


class CheapMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta refresh handling, skipped for pages that cannot have the tag."""

    def process_response(self, request, response, spider=None):
        if isinstance(response, HtmlResponse) and not may_refresh(response):
            return response
        return super().process_response(request, response)
