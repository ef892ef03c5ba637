"""Turning response bytes into text by evidence, so no stored article has mojibake.

A body that decodes strictly as UTF-8 is UTF-8 (declarations are often wrong on small sites);
otherwise the declared encoding (HTTP header, then ``<meta charset>``); otherwise a detector.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding used)."""
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    m = META_CHARSET.search(body[:4096])
    for name in (declared, m.group(1).decode("ascii", "ignore") if m else None):
        codec = _codec(name)
        if codec and codec != "utf-8":
            try:
                return body.decode(codec), codec
            except UnicodeDecodeError:
                continue
    best = from_bytes(body[:200_000]).best()
    if best is not None and best.encoding:
        return body.decode(best.encoding, errors="replace"), best.encoding
    return body.decode("cp1252", errors="replace"), "cp1252"
