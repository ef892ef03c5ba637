"""Raw captures as WARC 1.1 response records, for replay in standard web-archive tools.

The archive keeps each response's body (zlib) with its status, Content-Type, ETag and
Last-Modified, not the full header block, so the HTTP head of every record is rebuilt from
those: ``HTTP/1.1 <status> <reason>`` plus the stored headers and a Content-Length. Bodies are
stored decoded (the crawler undoes any Content-Encoding), so no Content-Encoding is written.
Each record carries ``WARC-Date`` = when it was fetched, warcio's SHA-1 block and payload
digests, and two extension headers: ``WARC-Humas-Capture-Id`` (the row in ``captures``) and
``WARC-Humas-Sha256`` (the body's SHA-256, base32, as ``body_sha256`` in hex).
"""

from __future__ import annotations

import base64
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.models import Capture

SOFTWARE = "humas-archive 0.1.0"


@dataclass
class StoredCapture:
    id: int
    article_id: int | None
    url: str
    fetched_at: datetime
    http_status: int
    content_type: str | None
    etag: str | None
    last_modified: str | None
    body: bytes


def iter_captures(sessions: sessionmaker[Session], article_ids: Iterable[int] | None = None,
                  batch: int = 200) -> Iterator[StoredCapture]:
    """Captures of ``article_ids`` (in that order, each article's oldest first), or all."""
    cols = select(Capture.id, Capture.article_id, Capture.url, Capture.fetched_at,
                  Capture.http_status, Capture.content_type, Capture.etag,
                  Capture.last_modified, Capture.body_zlib)
    with sessions() as s:
        if article_ids is None:
            last = 0
            while rows := s.execute(cols.where(Capture.id > last).order_by(Capture.id)
                                    .limit(batch)).all():
                yield from map(_stored, rows)
                last = rows[-1].id
            return
        ids = list(article_ids)
        for i in range(0, len(ids), batch):
            chunk = ids[i : i + batch]
            found: dict[int, list] = {}
            stmt = cols.where(Capture.article_id.in_(chunk)).order_by(Capture.fetched_at,
                                                                       Capture.id)
            for r in s.execute(stmt):
                found.setdefault(r.article_id, []).append(r)
            for j in chunk:
                yield from map(_stored, found.get(j, []))


def _stored(r) -> StoredCapture:
    body = zlib.decompress(r.body_zlib) if r.body_zlib else b""
    return StoredCapture(r.id, r.article_id, r.url, r.fetched_at, r.http_status,
                         r.content_type, r.etag, r.last_modified, body)


def http_head(c: StoredCapture) -> list[tuple[str, str]]:
    """The response headers we can vouch for, in a conventional order."""
    headers = []
    if c.content_type:
        headers.append(("Content-Type", c.content_type))
    if c.etag:
        headers.append(("ETag", c.etag))
    if c.last_modified:
        headers.append(("Last-Modified", c.last_modified))
    headers.append(("Content-Length", str(len(c.body))))
    return headers


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def write_warc(captures: Iterable[StoredCapture], out: IO[bytes], *, gzip: bool = True,
               filename: str | None = None) -> int:
    """A warcinfo record, then one response record per capture; returns the record count."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    writer = WARCWriter(out, gzip=gzip, warc_version="1.1")
    writer.write_record(writer.create_warcinfo_record(filename, {
        "software": SOFTWARE, "format": "WARC File Format 1.1",
        "description": "Raw captures from humas-archive; HTTP heads rebuilt from stored "
                       "status, Content-Type, ETag and Last-Modified.",
    }))
    n = 0
    for c in captures:
        http = StatusAndHeaders(status_line(c.http_status), http_head(c), protocol="HTTP/1.1")
        record = writer.create_warc_record(
            c.url, "response", payload=BytesIO(c.body), length=len(c.body), http_headers=http,
            warc_headers_dict={"WARC-Date": _warc_date(c.fetched_at),
                               "WARC-Humas-Capture-Id": str(c.id),
                               "WARC-Humas-Sha256": _sha256_label(c.body)})
        writer.write_record(record)
        n += 1
    return n


def _warc_date(d: datetime) -> str:
    return d.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _sha256_label(body: bytes) -> str:
    import hashlib

    return "sha256:" + base64.b32encode(hashlib.sha256(body).digest()).decode("ascii")
