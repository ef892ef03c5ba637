"""Tokenising and segmenting an article for phrase lookup.

Tokens come from ``str.replace`` + ``split`` (several times faster than a tokenising regex):
phrase-ending punctuation ("," "." "(" ...) becomes a token of its own, so no alias can span
it, while hyphens, quotes and line breaks become spaces and apostrophes vanish from the
normalised form, so "Jum’at Curhat", "Jumat-Curhat" and "Jumat\\nCurhat" all read
``jumat curhat``. ``raw`` keeps each token as written (case, apostrophes) for evidence and
for names; ``toks`` is the lower-cased, apostrophe-free form aligned with it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

SPLIT_OFF = ".,;:!?()[]{}|/…"  # each becomes a token: a phrase cannot cross it
TO_SPACE = "-–—“”\"«»#*_+=<>@&%~^\\"  # dropped: a phrase may cross it ("Cooling-System")
APOSTROPHES = "'’‘`´"
NO_SPACE_BEFORE = frozenset(",.;:!?)]}/…")
NO_SPACE_AFTER = frozenset("([{/")
BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
LINE_RE = re.compile(r"\n\s*")
SPACES_RE = re.compile(r"\s+")
RELATED_RE = re.compile(  # a link to another article inserted in the body, not this article's text
    r"\s*(?:baca juga|simak juga|lihat juga|baca pula|berita terkait|artikel terkait)\b", re.IGNORECASE
)
SEGMENT_MARK = "\x01"  # joins title and paragraphs; never a token
TITLE_END = " | "  # a hard phrase boundary between title and body


def _spaced(text: str) -> str:
    for ch in SPLIT_OFF:
        if ch in text:
            text = text.replace(ch, f" {ch} ")
    for ch in TO_SPACE:
        if ch in text:
            text = text.replace(ch, " ")
    return text


def _fold(text: str) -> str:
    text = text.lower()
    for ch in APOSTROPHES:
        if ch in text:
            text = text.replace(ch, "")
    return text


def raw_tokens(text: str) -> list[str]:
    return _spaced(text).split()


def fold_tokens(raw: list[str]) -> list[str]:
    """Normalised forms of ``raw``, one per token."""
    toks = _fold(" ".join(raw)).split()
    if len(toks) != len(raw):  # a token made only of apostrophes, or exotic Unicode
        toks = [_fold(t) or t for t in raw]
    return toks


def normalise_tokens(text: str) -> list[str]:
    """Normalised tokens of ``text``: the form aliases and articles are compared in."""
    return fold_tokens(raw_tokens(text))


def normalise_key(text: str) -> str:
    """A case-, apostrophe- and spacing-insensitive lookup key for names."""
    return " ".join(t for t in normalise_tokens(text) if t not in ".,")


def collapse(text: str) -> str:
    return SPACES_RE.sub(" ", text).strip()


def join_tokens(raw: list[str]) -> str:
    """Tokens back to readable text: "Jumat ( 8 / 11 )" -> "Jumat (8/11)"."""
    out: list[str] = []
    for tok in raw:
        if out and tok not in NO_SPACE_BEFORE and out[-1] not in NO_SPACE_AFTER:
            out.append(" ")
        out.append(tok)
    return "".join(out)


def split_paragraphs(body: str) -> list[str]:
    """Paragraphs split on blank lines, or on single newlines when there are none."""
    splitter = BLANK_LINE_RE if BLANK_LINE_RE.search(body) else LINE_RE
    return [p for p in splitter.split(body.strip()) if p.strip()]


@dataclass
class Doc:
    """Title (segment 0) and body paragraphs (segments 1..N) as one aligned token stream."""

    title: str
    body: str
    paras: list[str] = field(init=False)
    raw: list[str] = field(init=False)
    toks: list[str] = field(init=False)
    seg_starts: list[int] = field(init=False)  # token index where each segment starts

    def __post_init__(self) -> None:
        self.paras = split_paragraphs(self.body)
        own = ["" if RELATED_RE.match(p) else p for p in self.paras]  # keep paragraph numbers
        joined = SEGMENT_MARK.join([self.title + TITLE_END, *own])
        raw: list[str] = []
        starts: list[int] = []
        for part in _spaced(joined).split(SEGMENT_MARK):
            starts.append(len(raw))
            raw.extend(part.split())
        self.raw, self.seg_starts = raw, starts
        self.toks = fold_tokens(raw)

    def segment_of(self, i: int) -> int:
        """0 = title, N = body paragraph N (1-based)."""
        return bisect_right(self.seg_starts, i) - 1

    def where(self, i: int) -> str:
        n = self.segment_of(i)
        return "title" if n == 0 else f"paragraph {n}"

    def seg_range(self, n: int) -> tuple[int, int]:
        if n >= len(self.seg_starts):
            return len(self.toks), len(self.toks)
        end = self.seg_starts[n + 1] if n + 1 < len(self.seg_starts) else len(self.toks)
        return self.seg_starts[n], end

    def phrase(self, i: int, j: int) -> str:
        """The words of tokens i..j-1 as written (case, apostrophes), spacing normalised."""
        return join_tokens(self.raw[i:j])
