"""Compact per-segment postings for the hot paths: flat numpy arrays beside each Whoosh segment.

Whoosh decodes postings one block and one Python object at a time, and positions are a pickle
per posting, which makes AND, phrase and scoring over a 100,000-article index cost hundreds of
milliseconds. For ``title`` and ``text`` each Whoosh segment gets a sibling file
``<segment id>.hpost`` holding, per field, every term's document numbers, term frequencies
and positions as contiguous uint32 arrays, memory-mapped at query time; a term's postings are
then an array slice and intersections, BM25 and phrase checks run in numpy.

The file is a cache of what the Whoosh segment already holds (Whoosh stays the index of
record): the parallel builder writes it from the same analysis pass, ``ensure()`` derives it
from the Whoosh segment for segments written any other way (incremental updates, merges), and
a segment without one is simply read through Whoosh. The name matches Whoosh's segment-file
pattern, so Whoosh deletes it together with the segment it belongs to.

Layout: 8 bytes magic, 8 bytes header length, a pickled header
``{"ndocs", "fields": {field: {"terms": {btext: (first posting, count, first position)},
"arrays": {name: (offset, length)}}}}``, then the arrays, 8-byte aligned.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from array import array
from pathlib import Path

import numpy as np

MAGIC = b"HPOST001"
SUFFIX = ".hpost"
FIELDS = ("title", "text")
_ARRAYS = ("docs", "tf", "pos")


def path_for(index_dir: Path, segment_id: str) -> Path:
    return Path(index_dir) / f"{segment_id}{SUFFIX}"


class Builder:
    """Collects (field -> terms in order) per document, numbered from 0 in add order."""

    def __init__(self) -> None:
        self.ndocs = 0
        self.vocab: dict[str, dict[str, int]] = {f: {} for f in FIELDS}
        self.tids: dict[str, list] = {f: [] for f in FIELDS}  # int32 arrays, one per doc
        self.firsts: dict[str, list[int]] = {f: [] for f in FIELDS}

    def add(self, analysed: dict[str, tuple[list[str], int]]) -> None:
        for f in FIELDS:
            terms, first = analysed.get(f, ([], 0))
            vocab = self.vocab[f]
            get = vocab.get
            ids = [get(t) for t in terms]
            if None in ids:
                ids = [vocab.setdefault(t, len(vocab)) for t in terms]
            self.tids[f].append(np.array(ids, dtype=np.int32))
            self.firsts[f].append(first)
        self.ndocs += 1

    def write(self, path: Path, inverted: dict | None = None) -> None:
        _write(path, self.ndocs, inverted or self.invert())

    def invert(self) -> dict:
        """Per field: {"terms": {btext: (first posting, count, first position)}, "docs",
        "tf", "pos"} (postings grouped by term, in document order)."""
        fields = {}
        for f in FIELDS:
            counts = np.fromiter((len(a) for a in self.tids[f]), np.int64, self.ndocs)
            tids = np.concatenate(self.tids[f]) if self.ndocs else np.zeros(0, np.int32)
            doc = np.repeat(np.arange(self.ndocs, dtype=np.uint32), counts)
            starts = np.cumsum(counts) - counts
            pos = (np.arange(len(tids), dtype=np.int64) - np.repeat(starts, counts)
                   + np.repeat(np.asarray(self.firsts[f], np.int64), counts))
            names = np.array(list(self.vocab[f]), dtype=object)
            fields[f] = _invert(tids, doc, pos, names)
        return fields


def _invert(tids: np.ndarray, doc: np.ndarray, pos: np.ndarray, names) -> dict:
    """Token rows (term id, doc, position), in doc then position order, to postings."""
    order = np.argsort(tids, kind="stable")  # stable: keeps doc, position order per term
    t, d, p = tids[order], doc[order], pos[order].astype(np.uint32)
    if len(t):
        new = np.empty(len(t), bool)
        new[0] = True
        new[1:] = (t[1:] != t[:-1]) | (d[1:] != d[:-1])
    else:
        new = np.zeros(0, bool)
    starts = np.flatnonzero(new)
    ptids, pdocs = t[starts], d[starts]
    tf = np.diff(np.append(starts, len(t))).astype(np.uint32)
    tstarts = np.flatnonzero(np.r_[True, ptids[1:] != ptids[:-1]]) if len(ptids) else starts
    tcounts = np.diff(np.append(tstarts, len(ptids)))
    terms = {}
    for s, c in zip(tstarts.tolist(), tcounts.tolist(), strict=True):
        terms[names[ptids[s]].encode("utf-8")] = (s, c, int(starts[s]))
    return {"terms": terms, "docs": pdocs.astype(np.uint32), "tf": tf, "pos": p}


def _write(path: Path, ndocs: int, fields: dict) -> None:
    header = {"ndocs": ndocs, "fields": {}}
    blobs, offset = [], 0
    for f, data in fields.items():
        arrays = {}
        for name in _ARRAYS:
            a = np.ascontiguousarray(data[name], dtype=np.uint32)
            arrays[name] = (offset, len(a))
            raw = a.tobytes()
            blobs.append(raw + b"\0" * (-len(raw) % 8))
            offset += len(blobs[-1])
        header["fields"][f] = {"terms": data["terms"], "arrays": arrays}
    head = pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL)
    head += b"\0" * (-(16 + len(head)) % 8)
    # A name of its own: two processes may derive the same segment's file at once.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + len(head).to_bytes(8, "little") + head)
            for b in blobs:
                fh.write(b)
        os.chmod(tmp, 0o644)  # as a plain open() would (mkstemp makes it private)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class SegmentPostings:
    """One segment's compact postings, memory-mapped."""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as fh:
            if fh.read(8) != MAGIC:
                raise ValueError(f"{path} is not a postings file")
            n = int.from_bytes(fh.read(8), "little")
            header = pickle.loads(fh.read(n))
        base = 16 + n
        mm = np.memmap(path, dtype=np.uint8, mode="r") if os.path.getsize(path) > base else None
        self.ndocs = header["ndocs"]
        self.terms: dict[str, dict] = {}
        self.arrays: dict[str, dict[str, np.ndarray]] = {}
        for f, meta in header["fields"].items():
            self.terms[f] = meta["terms"]
            self.arrays[f] = {
                name: (mm[base + off: base + off + 4 * length].view(np.uint32)
                       if mm is not None and length else np.zeros(0, np.uint32))
                for name, (off, length) in meta["arrays"].items()}

    def get(self, field: str, btext: bytes, positions: bool = False):
        """(docs, tf[, pos]) as uint32 array views; None when the term is absent."""
        entry = self.terms[field].get(btext)
        if entry is None:
            return None
        s, c, p = entry
        a = self.arrays[field]
        docs, tf = a["docs"][s:s + c], a["tf"][s:s + c]
        if not positions:
            return docs, tf
        return docs, tf, a["pos"][p:p + int(tf.sum())]


_OPEN: dict[tuple[str, float], SegmentPostings | None] = {}


def open_for(index_dir: Path, segment_id: str,
             ndocs: int | None = None) -> SegmentPostings | None:
    """The segment's compact postings (cached per process), or None if it has none, or
    if it does not describe ``ndocs`` documents (the segment's ``doc_count_all``)."""
    path = path_for(index_dir, segment_id)
    try:
        key = (str(path), path.stat().st_mtime)
    except OSError:
        return None
    if key not in _OPEN:
        try:
            _OPEN[key] = SegmentPostings(path)
        except (OSError, ValueError, pickle.UnpicklingError, EOFError):
            _OPEN[key] = None
        if len(_OPEN) > 64:  # segments come and go with merges; keep the recent ones
            for old in list(_OPEN)[:-64]:
                del _OPEN[old]
    got = _OPEN[key]
    if got is not None and ndocs is not None and got.ndocs != ndocs:
        return None  # not this segment's: read it through Whoosh
    return got


def forget() -> None:
    """Close every cached map (they are reopened on demand)."""
    _OPEN.clear()


def ensure(index_dir: Path, ix) -> None:
    """Write the compact postings of every segment of ``ix`` that has none (derived from the
    Whoosh segment: a few seconds per 10,000 documents, so merges are kept small)."""
    from whoosh.reading import SegmentReader

    for seg in ix._segments():
        path = path_for(index_dir, seg.segment_id())
        if _ndocs_of(path) == seg.doc_count_all():
            continue  # (one of another size is not this segment's: derived again)
        reader = SegmentReader(ix.storage, ix.schema, seg)
        try:
            derive(reader, path)
        finally:
            reader.close()


def _ndocs_of(path: Path) -> int | None:
    """The document count a compact postings file describes (None: no readable file)."""
    try:
        with open(path, "rb") as fh:
            if fh.read(8) != MAGIC:
                return None
            n = int.from_bytes(fh.read(8), "little")
            return pickle.loads(fh.read(n))["ndocs"]
    except (OSError, pickle.UnpicklingError, EOFError, KeyError, TypeError, ValueError):
        return None


def derive(reader, path: Path) -> None:
    """Compact postings of one Whoosh segment, read back from its own postings."""
    from itertools import accumulate
    from pickle import loads

    from search.postings import read_postings

    fields = {}
    for f in FIELDS:
        if f not in reader.schema:
            continue
        docs, tfs, poss, terms = array("I"), array("I"), array("I"), {}
        npost = npos = 0
        for btext in reader.lexicon(f):
            p = read_postings(reader, f, btext, values=True)
            ids = list(p.ids)
            plists = [list(accumulate(loads(v[4:] + b"." if not v.endswith(b".") else v[4:])))
                      for v in p.values]
            terms[btext] = (npost, len(ids), npos)
            docs.extend(ids)
            tfs.extend(len(x) for x in plists)
            for x in plists:
                poss.extend(x)
            npost += len(ids)
            npos += sum(len(x) for x in plists)
        fields[f] = {"terms": terms, "docs": np.frombuffer(docs, np.uint32),
                     "tf": np.frombuffer(tfs, np.uint32), "pos": np.frombuffer(poss, np.uint32)}
    with contextlib.suppress(OSError):
        _write(path, reader.doc_count_all(), fields)
