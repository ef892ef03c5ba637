"""Scrapy's HTTP decompression, lenient with bodies that only claim to be compressed.

Small sites misconfigure their servers: a plain ``sitemap.xml.gz`` sent with
``Content-Encoding: gzip``, an HTML page labelled ``deflate``. Scrapy's middleware then
raises (``BadGzipFile``, ``zlib.error``), the response is retried as if the network had
failed, and the page is lost. Here, a body that fails to decode and does not start like the
encoding it claims is passed on as it came, with the false label removed; a body that is
truly compressed but broken still fails as before. Opt out per request with
``meta["dont_lenient_compression"]``. Stats: ``humas/compression/false_label[/<site>]``.
"""

from __future__ import annotations

import logging
import zlib

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware

logger = logging.getLogger(__name__)

# How each encoding's streams begin: gzip's magic number, a zlib header, brotli has none
# we can test cheaply (so a failed "br" body is left to fail), zstd's frame magic.
MAGIC = {
    b"gzip": (b"\x1f\x8b",),
    b"x-gzip": (b"\x1f\x8b",),
    b"deflate": (b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda"),
    b"zstd": (b"\x28\xb5\x2f\xfd",),
}
DECODE_ERRORS = (OSError, EOFError, ValueError, zlib.error)


class LenientCompressionMiddleware(HttpCompressionMiddleware):
    def process_response(self, request, response, spider=None):
        try:
            return super().process_response(request, response)
        except DECODE_ERRORS:
            if request.meta.get("dont_lenient_compression") or not self._falsely_labelled(
                    response):
                raise
        if self.stats:
            self.stats.inc_value("humas/compression/false_label")
            if site := request.meta.get("site"):
                self.stats.inc_value(f"humas/compression/false_label/{site}")
        logger.info("%s is labelled %s but is not: read as sent", response.url,
                    b",".join(response.headers.getlist("Content-Encoding")).decode("latin-1"))
        headers = response.headers.copy()
        del headers["Content-Encoding"]
        return response.replace(headers=headers)

    @staticmethod
    def _falsely_labelled(response) -> bool:
        """True when no claimed encoding matches how the body starts."""
        claimed = [e.strip().lower() for value in response.headers.getlist("Content-Encoding")
                   for e in value.split(b",")]
        body = response.body
        return bool(claimed) and not any(
            body.startswith(MAGIC.get(encoding, (b"",))) for encoding in claimed)
