"""Syndicated press releases: near-identical copies of one release on several sites.

A Polres release is often republished by a Polda portal or a local news site with a new
dateline credit, a house footer and a later timestamp. Those copies are not *exact*
re-posts (the store links those by content hash, and ``?m=1`` twins are one canonical URL),
so they are found here with MinHash over word shingles and an LSH index (datasketch's):

- :func:`signature` is a pure function from text to a small portable ``bytes`` value
  (128 32-bit MinHash values of the 8-word shingles of the normalised text, 525 bytes);
  it can be computed in a worker process and stored beside the article. It is datasketch's
  ``LeanMinHash`` serialisation of ``MinHash.update_batch`` over the shingles, computed
  with hashlib and numpy alone: bit-for-bit the same bytes (``tests/test_syndication.py``
  compares them with datasketch's own), in a third of the time, and without importing
  datasketch, whose package imports scipy (~0.5 s per extraction worker). The LSH buckets
  are read from those bytes the same way (datasketch's bands; the tests compare the
  candidates with its ``MinHashLSH``). datasketch stays the reference the tests check
  against; the crawler never imports it.
- :class:`SyndicationIndex` holds the signatures of an archive: ``add``, ``query`` (ids whose
  estimated Jaccard similarity reaches the threshold), ``link`` (query, decide the original,
  add: the one call the store makes per new article), ``rebuild_from(session)`` (one pass
  over the articles table). It pickles to its signatures and rebuilds its LSH on load.
- :func:`find_original` picks the earliest published copy of a group.

Shingle length and threshold were measured (``tests/test_syndication.py`` keeps the
measurement as a test). The replica generator writes every release from a few templates per
program, so unrelated articles share whole phrases: over 900 generated articles (404,550
pairs) the exact Jaccard of 5-word shingles reaches 0.73 (p99.9 0.58) and its 128-permutation
estimate 0.77, too close to 0.8. With 8-word shingles the worst unrelated pair is 0.61 exact
(p99.9 0.46) and 0.69 estimated, while the replica's syndicated pair is 0.99 and simulated
copies that also lose their closing paragraph stay at or above 0.82 exact (0.81 estimated).
So ``SHINGLE = 8`` and ``THRESHOLD = 0.8``: 0.19 above the worst template sibling (about four
standard errors of the estimate), and a copy trimmed by one paragraph is still found.
Copies trimmed by two paragraphs or more (about 0.77) are missed: the price of that margin.
The LSH index proposes candidates at a lower similarity (``CANDIDATE_THRESHOLD = 0.6``:
18 bands of 7 rows, which finds a pair at 0.8 with probability 0.986 and at 0.85 with 0.999,
where bands tuned for 0.8 itself would miss 60% of the pairs at exactly 0.8); every
candidate is then checked against its stored signature.
"""

from __future__ import annotations

import hashlib
import struct
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import accumulate
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import LeanMinHash
    from sqlalchemy.orm import Session

NUM_PERM = 128  # MinHash permutations: standard error of a Jaccard estimate ~ 0.04
SHINGLE = 8  # words per shingle (5 lets template siblings reach 0.77, see above)
THRESHOLD = 0.8  # estimated Jaccard at or above which two texts are copies of one release
CANDIDATE_THRESHOLD = 0.6  # what the LSH bands are tuned for; candidates are then verified
MIN_WORDS = 40  # shorter texts (captions, stubs) are never linked: too little evidence
SEED = 1
SCHEME = "affine32"  # datasketch >= 2.0 default, pinned so stored signatures stay comparable
BYTEORDER = "<"  # little-endian on disk, whatever the machine
SCHEME_CODE = 1  # LeanMinHash's code for affine32 in its byte format

NEVER = datetime.max.replace(tzinfo=UTC)

# Words are the runs of ``\w`` characters (str.isalnum() or "_", exactly what ``re``'s Unicode
# \w is), found by turning every other character into a space and splitting: about twice as
# fast as re.findall(r"\w+") on a press release, with the same list.
ASCII_SEPARATORS = {i: " " for i in range(128) if not (chr(i).isalnum() or chr(i) == "_")}
# Typographic punctuation that NFKC, case folding and NFKD all leave alone and that composes
# with nothing: a separator whatever normalisation does, so a text whose only non-ASCII
# characters these are takes the ASCII path (most Indonesian releases: curly quotes, dashes).
INERT_PUNCTUATION = "\u2018\u2019\u201c\u201d\u2013\u2014"  # ‘ ’ “ ” – —


def words(text: str) -> list[str]:
    """Normalised word tokens: NFKC, case-folded, accents dropped, punctuation ignored."""
    if not text.isascii():
        plain = text
        for ch in INERT_PUNCTUATION:
            if ch in plain:
                plain = plain.replace(ch, " ")
        if not plain.isascii():
            return _unicode_words(text)
        text = plain
    # ASCII: normalisation would change nothing but case
    return text.lower().translate(ASCII_SEPARATORS).split()


def _unicode_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    for ch in set(text):  # each distinct character once: a mark goes, a separator splits
        if unicodedata.combining(ch):
            text = text.replace(ch, "")
        elif not (ch.isalnum() or ch == "_" or ch.isspace()):
            text = text.replace(ch, " ")
    return text.split()  # no \w character is whitespace (tests check all of Unicode)


def shingles(text: str, k: int | None = None) -> set[bytes]:
    """The set of k-word shingles of ``text`` (one shingle if it has fewer than k words)."""
    return shingles_of_words(words(text), k)


def shingles_of_words(toks: list[str], k: int | None = None) -> set[bytes]:
    """The k-word shingles of a token list (see :func:`words`)."""
    k = k or SHINGLE
    if len(toks) < k:
        return {" ".join(toks).encode()} if toks else set()
    return {" ".join(toks[i : i + k]).encode() for i in range(len(toks) - k + 1)}


def jaccard(a: set, b: set) -> float:
    """Exact Jaccard similarity of two shingle sets (for measurements and tests)."""
    return len(a & b) / len(a | b) if a or b else 1.0


def minhash(text: str) -> LeanMinHash:
    return from_signature(signature(text))


def _draw_permutations() -> tuple[np.ndarray, np.ndarray]:
    """``MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations``, drawn the way
    datasketch 2.0 draws them (numpy's RandomState stream is frozen by numpy's policy)."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


PERM_A, PERM_B = _draw_permutations()  # h -> a*h + b mod 2**32, one pair per permutation
EMPTY = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)  # datasketch's "no value yet"
# LeanMinHash.serialize's affine32 layout: seed, -num_perm, scheme code, then the values.
HEADER = struct.pack(f"{BYTEORDER}qiB", SEED, -NUM_PERM, SCHEME_CODE)
HEADER_SIZE = len(HEADER)
FMIX = (np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35))  # MurmurHash3 finalizer (datasketch _fmix)
SHA1 = hashlib.sha1


def _hash_values(shingles: list[bytes]) -> np.ndarray:
    """MinHash values of the shingles: what ``MinHash.update_batch`` computes per shingle
    (``sha1_hash32``, the fmix pre-mix, each affine permutation), for all at once."""
    if not shingles:
        return EMPTY
    # sha1_hash32 is the first 4 digest bytes read as little-endian uint32: every 5th word
    hv = np.frombuffer(b"".join([SHA1(s).digest() for s in shingles]), "<u4")[::5]
    m1, m2 = FMIX
    hv = hv ^ (hv >> 16)
    hv = hv * m1
    hv = hv ^ (hv >> 13)
    hv = hv * m2
    hv = hv ^ (hv >> 16)
    return (hv[:, np.newaxis] * PERM_A + PERM_B).min(axis=0)  # uint32 wraps: mod 2**32


def signature(text: str) -> bytes:
    """The portable MinHash signature of ``text`` (pure; picklable; 525 bytes)."""
    return signature_of_words(words(text))


def signature_of_words(toks: list[str]) -> bytes:
    """:func:`signature` of an already tokenised text."""
    values = _hash_values(_shingle_bytes(toks, SHINGLE))
    return HEADER + values.astype(f"{BYTEORDER}u4", copy=False).tobytes()


def _shingle_bytes(toks: list[str], k: int) -> list[bytes]:
    """The k-word shingles as :func:`shingles_of_words` encodes them, as slices of the
    joined text (one encode instead of one join per shingle); repeats are harmless to a
    minimum, so no set is built."""
    if len(toks) < k:
        return list(shingles_of_words(toks, k))
    joined = " ".join(toks)
    data = joined.encode()
    sizes = map(len, toks) if len(data) == len(joined) else (len(t.encode()) for t in toks)
    starts = [0, *accumulate(n + 1 for n in sizes)]  # byte offset of each token (and the end)
    return [data[a : b - 1] for a, b in zip(starts, starts[k:], strict=False)]


def from_signature(sig: bytes) -> LeanMinHash:
    from datasketch import LeanMinHash

    return LeanMinHash.deserialize(sig, BYTEORDER)


def similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    a = np.frombuffer(sig_a[HEADER_SIZE:], "<u4")
    b = np.frombuffer(sig_b[HEADER_SIZE:], "<u4")
    if sig_a[:HEADER_SIZE] != sig_b[:HEADER_SIZE]:
        raise ValueError("signatures made with different MinHash parameters")
    return float(np.count_nonzero(a == b)) / len(a)


def find_original(candidates: Iterable[tuple[int, datetime | None]]) -> int:
    """The earliest published of ``(article_id, published)`` pairs; undated last, then by id."""
    best = min(candidates, key=lambda c: (c[1] or NEVER, c[0]), default=None)
    if best is None:
        raise ValueError("find_original() needs at least one candidate")
    return best[0]


@dataclass(frozen=True)
class Link:
    """A group of copies of one release: ``original`` and the ``copies`` pointing at it."""

    original: int
    copies: tuple[int, ...]
    similarity: dict[int, float]  # article id -> estimated Jaccard with the queried text


@dataclass
class _Entry:
    published: datetime | None
    sig: bytes
    content_hash: str | None

    def key(self, article_id: int) -> tuple[datetime, int]:
        return (self.published or NEVER, article_id)


# The LSH bands datasketch's MinHashLSH picks for CANDIDATE_THRESHOLD at NUM_PERM (its
# false positive and negative weights 0.5 each; tests/test_syndication.py checks).
BANDS, ROWS = 18, 7


class _Bands:
    """LSH buckets over stored signatures: the ids agreeing with a signature on all ``ROWS``
    values of at least one of ``BANDS`` bands, as datasketch's ``MinHashLSH`` with these
    bands answers (tests compare the two).

    Read straight from the signature bytes: datasketch's index wants a MinHash object per
    insert and query, and importing it imports scipy, which cost each crawl about 0.3 s
    before its first request, and a stored archive 0.13 ms per article at every start.
    """

    def __init__(self) -> None:
        # band key -> the id in that bucket, or a set when several share it (most buckets
        # hold one article: an int costs a tenth of a set)
        self._tables: list[dict[bytes, int | set[int]]] = [{} for _ in range(BANDS)]

    @staticmethod
    def _keys(sig: bytes) -> list[bytes]:
        width = 4 * ROWS  # little-endian uint32 values after the header
        return [sig[HEADER_SIZE + b * width:HEADER_SIZE + (b + 1) * width] for b in range(BANDS)]

    def insert(self, article_id: int, sig: bytes) -> None:
        for table, key in zip(self._tables, self._keys(sig), strict=True):
            held = table.setdefault(key, article_id)
            if isinstance(held, set):
                held.add(article_id)
            elif held != article_id:
                table[key] = {held, article_id}

    def remove(self, article_id: int, sig: bytes) -> None:
        for table, key in zip(self._tables, self._keys(sig), strict=True):
            held = table[key]
            if not isinstance(held, set):
                del table[key]
                continue
            held.discard(article_id)
            if len(held) == 1:
                table[key] = held.pop()

    def query(self, sig: bytes) -> set[int]:
        found: set[int] = set()
        for table, key in zip(self._tables, self._keys(sig), strict=True):
            held = table.get(key)
            if isinstance(held, set):
                found |= held
            elif held is not None:
                found.add(held)
        return found


class SyndicationIndex:
    """MinHash signatures of an archive's articles with an LSH index over them.

    Exact re-posts (same content hash) are one release for this index: only the earliest of
    them (the one the store keeps as original, ``duplicate_of`` unset) is in the LSH, so a
    syndicated copy links to that article and never to its exact twins.
    """

    def __init__(self, threshold: float = THRESHOLD) -> None:
        # The bands are tuned for CANDIDATE_THRESHOLD: a threshold below it would miss
        # pairs the bands rarely propose (datasketch's index was built for min() of both).
        self.threshold = threshold
        self._entries: dict[int, _Entry] = {}
        self._rep: dict[str, int] = {}  # content hash -> the member in the LSH
        self._members: dict[str, set[int]] = {}  # content hash -> every article with it
        self._lsh = _Bands()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, article_id: int) -> bool:
        return article_id in self._entries

    def add(self, article_id: int, published: datetime | None, text: str | None = None, *,
            sig: bytes | None = None, content_hash: str | None = None) -> bool:
        """Index an article (from its text or a stored signature); False if too short."""
        if sig is None:
            if text is None or len(words(text)) < MIN_WORDS:
                return False
            sig = signature(text)
        if article_id in self._entries:
            self.remove(article_id)
        entry = self._entries[article_id] = _Entry(published, sig, content_hash)
        if content_hash is None:
            self._lsh.insert(article_id, sig)
            return True
        self._members.setdefault(content_hash, set()).add(article_id)
        rep = self._rep.get(content_hash)
        if rep is None or entry.key(article_id) < self._entries[rep].key(rep):
            if rep is not None:
                self._lsh.remove(rep, self._entries[rep].sig)
            self._rep[content_hash] = article_id
            self._lsh.insert(article_id, sig)
        return True

    def remove(self, article_id: int) -> None:
        entry = self._entries.pop(article_id, None)
        if entry is None:
            return
        digest = entry.content_hash
        if digest is None:
            self._lsh.remove(article_id, entry.sig)
            return
        members = self._members[digest]
        members.discard(article_id)
        if self._rep[digest] != article_id:
            return
        self._lsh.remove(article_id, entry.sig)
        del self._rep[digest]
        if members:  # promote the next earliest exact twin
            nxt = min(members, key=lambda i: self._entries[i].key(i))
            self._rep[digest] = nxt
            self._lsh.insert(nxt, self._entries[nxt].sig)
        else:
            del self._members[digest]

    def query(self, text: str | None = None, *, sig: bytes | None = None,
              content_hash: str | None = None) -> dict[int, float]:
        """Ids whose estimated Jaccard with the text reaches the threshold, with that estimate.

        LSH buckets give candidates; each is verified against its stored signature, so a
        bucket collision alone never links two articles. An entry with the same
        ``content_hash`` is an exact re-post, which the store links itself: left out.
        """
        if sig is None:
            if text is None or len(words(text)) < MIN_WORDS:
                return {}
            sig = signature(text)
        out = {}
        for cid in self._lsh.query(sig):
            entry = self._entries[cid]
            if content_hash is not None and entry.content_hash == content_hash:
                continue
            sim = similarity(sig, entry.sig)
            if sim >= self.threshold:
                out[cid] = sim
        return out

    def link(self, article_id: int, published: datetime | None, text: str, *,
             content_hash: str | None = None, sig: bytes | None = None) -> Link | None:
        """Query, then add, a newly stored article: the group it belongs to, if any.

        The original is the earliest published member (it may be the new article: then the
        existing copies should point at it). None when the article has no near-duplicate,
        and for an exact re-post of an indexed article (the store links those by hash).
        """
        if sig is None:
            if len(words(text)) < MIN_WORDS:
                return None
            sig = signature(text)
        twin = content_hash is not None and bool(self._members.get(content_hash, set())
                                                  - {article_id})
        found = {} if twin else self.query(sig=sig, content_hash=content_hash)
        found.pop(article_id, None)
        self.add(article_id, published, sig=sig, content_hash=content_hash)
        if not found:
            return None
        return self._group(article_id, found)

    def _group(self, article_id: int, found: dict[int, float]) -> Link:
        members = [(i, self._entries[i].published) for i in (article_id, *found)]
        original = find_original(members)
        return Link(original, tuple(sorted(i for i, _ in members if i != original)), found)

    def groups(self) -> Iterator[Link]:
        """Every group of near-duplicates in the index (for a one-off relinking pass)."""
        seen: set[int] = set()
        for aid in sorted(self._entries):
            entry = self._entries[aid]
            if aid in seen or (entry.content_hash and self._rep[entry.content_hash] != aid):
                continue
            found = self.query(sig=entry.sig, content_hash=entry.content_hash)
            found.pop(aid, None)
            if found:
                link = self._group(aid, found)
                seen.update((link.original, *link.copies))
                yield link

    @classmethod
    def rebuild_from(cls, session: Session, threshold: float = THRESHOLD,
                     batch: int = 1000) -> SyndicationIndex:
        """An index over every stored article, in one streamed pass over the table."""
        from sqlalchemy import select

        from archive.models import Article

        index = cls(threshold)
        rows = session.execute(select(Article.id, Article.published, Article.minhash,
                                      Article.content_hash).order_by(Article.id)
                               .execution_options(yield_per=batch))
        for aid, published, sig, digest in rows:
            if sig is None:  # stored before signatures were: compute it from the text
                text = session.scalar(select(Article.text).where(Article.id == aid))
                index.add(aid, published, text, content_hash=digest)
            else:
                index.add(aid, published, sig=sig, content_hash=digest)
        return index

    # Pickle the signatures only; the LSH buckets are rebuilt on load (cheap, and smaller).
    def __getstate__(self) -> dict:
        return {"threshold": self.threshold, "entries": {
            k: (e.published, e.sig, e.content_hash) for k, e in self._entries.items()}}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["threshold"])
        for k, (published, sig, digest) in state["entries"].items():
            self.add(k, published, sig=sig, content_hash=digest)
