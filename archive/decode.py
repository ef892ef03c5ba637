"""Turning response bytes into text by evidence, so no stored article has mojibake.

A body that decodes strictly as UTF-8 is UTF-8 (declarations are often wrong on small sites);
otherwise the declared encoding (HTTP header, then ``<meta charset>``); otherwise a detector.
Labels are read as browsers read them (WHATWG): ``iso-8859-1``, ``latin1`` and ``ascii`` mean
windows-1252, so the smart quotes of a Word-pasted release are not C1 control characters. A
detector's guess of some Latin single-byte code page yields to windows-1252 when that decodes:
on small sites such bodies are Word or Windows text.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)


# WHATWG Encoding Standard: these labels are decoded as windows-1252 by every browser.
AS_CP1252 = {"iso8859-1", "ascii", "latin-1", "iso8859-15"}
# Single-byte Latin code pages a detector may name for windows-1252 text.
LATIN_GUESSES = {"cp1250", "cp1252", "cp1257", "iso8859-1", "iso8859-2", "iso8859-9",
                 "iso8859-15", "latin-1", "mac-roman", "mac-latin2", "ascii"}


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return "cp1252" if codec in AS_CP1252 else codec


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
    guess = _codec(best.encoding) if best is not None else None
    if guess and guess not in LATIN_GUESSES:
        return body.decode(guess, errors="replace"), guess
    try:
        return body.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        guess = guess or "cp1252"
        return body.decode(guess, errors="replace"), guess
