"""Writing a whole index in parallel: one Whoosh segment per worker process, no merge.

Whoosh's own ``procs=N`` writer ships every document through a pickle file to sub-writers and
then merges their postings on one core at commit (60% of a 100k build). Here each worker
reads its share of the articles from the database itself, analyses each document once
(``IndonesianAnalyzer.terms``), writes a complete segment with an unlocked ``SegmentWriter``
(what Whoosh's ``multisegment=True`` sub-writers do) plus that segment's compact postings
(``search.segpost``), and hands back the segment; the parent writes the TOC that lists them.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh.writing import PostingPool, SegmentWriter

from search.indexer import INDEX_NAME

if TYPE_CHECKING:
    from archive.store import ArchiveStore

BATCH = 250  # documents between progress reports
# zlib level for title/text posting blocks: 1 is cheaper to write than Whoosh's 3 and barely
# bigger (0 made the postings 70% bigger for no measurable saving); searches read
# search.segpost for these fields anyway.
COMPRESSION = 1


def default_procs() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def write_segments(index_dir: Path, store: ArchiveStore, ids: list[int], procs: int,
                   progress: Callable[[int], None] | None = None) -> list:
    """Index the articles ``ids`` (in this order) into the empty index at ``index_dir``;
    returns the new segments, in docnum order, for the caller's TOC."""
    chunks = [c for c in _split(ids, procs) if c]
    if len(chunks) <= 1 or not store.shareable:
        seg = _segment(index_dir, store, ids, progress or (lambda n: None))
        shutil.rmtree(Path(index_dir) / f"{INDEX_NAME}.tmp", ignore_errors=True)
        return [seg]
    db_url = store.url
    # fork: workers inherit the imports, no start-up cost. But forking a process with other
    # threads (a crawl's reactor and thread pool, when its index update must rebuild) can
    # copy a held lock into the child, so such a process spawns fresh interpreters instead.
    ctx = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
    counters = [ctx.Value("q", 0, lock=False) for _ in chunks]
    results = ctx.Queue()
    workers = [ctx.Process(target=_worker, args=(k, index_dir, db_url, chunk, counters[k],
                                                 results), daemon=True)
               for k, chunk in enumerate(chunks)]
    for w in workers:
        w.start()
    segments: dict[int, object] = {}
    try:
        while len(segments) < len(workers):
            try:
                k, seg, err = results.get(timeout=0.5)
            except queue.Empty:
                if any(not w.is_alive() and w.exitcode for w in workers):
                    raise RuntimeError("an indexing worker died") from None
            else:
                if err:
                    raise RuntimeError(f"indexing worker failed: {err}")
                segments[k] = seg
            if progress:
                progress(sum(c.value for c in counters))
    finally:
        for w in workers:
            if w.is_alive() and len(segments) < len(workers):
                w.terminate()
            w.join()
    shutil.rmtree(Path(index_dir) / f"{INDEX_NAME}.tmp", ignore_errors=True)
    return [segments[k] for k in range(len(workers))]


def _split(ids: list[int], n: int) -> list[list[int]]:
    size = -(-len(ids) // max(n, 1)) if ids else 0
    return [ids[i:i + size] for i in range(0, len(ids), size)] if size else [[]]


def _worker(k: int, index_dir: Path, db_url: str, ids: list[int], counter, results) -> None:
    try:
        def report(n: int) -> None:
            counter.value = n
        from archive.store import ArchiveStore

        seg = _segment(index_dir, ArchiveStore(db_url, create=False), ids, report)
        results.put((k, seg, None))
    except BaseException as exc:  # reported to the parent, which raises
        results.put((k, None, f"{type(exc).__name__}: {exc}"))


def _segment(index_dir: Path, store: ArchiveStore, ids: list[int],
             report: Callable[[int], None]) -> object:
    from search import segpost
    from search.formats import Preanalysed
    from search.indexer import article_doc, open_index

    ix = open_index(index_dir)
    ana = ix.schema["text"].analyzer
    w = _BuildWriter(ix)
    post = segpost.Builder()
    n, last = 0, time.monotonic()
    try:
        for a in store.iter_articles(ids):
            doc = article_doc(a)
            analysed = {f: ana.terms(doc[f]) for f in segpost.FIELDS}
            post.add(analysed)
            doc["_stored_title"] = doc["title"]
            for f, value in analysed.items():
                doc[f] = Preanalysed(value)
            w.add_document(**doc)
            n += 1
            if n % BATCH == 0 or time.monotonic() - last > 1:
                report(n)
                last = time.monotonic()
        w.inverted = post.invert()
        seg = w._finalize_segment()
        post.write(segpost.path_for(index_dir, seg.segment_id()), w.inverted)
    except BaseException:
        w.cancel()
        raise
    w._tempstorage.destroy()
    report(n)
    return seg


class _BuildPool(PostingPool):
    """Drops the length-only items of the pre-analysed fields (``Preanalysed``); their
    postings are written in bulk from the inverted arrays instead."""

    skip: frozenset = frozenset()

    def add(self, item) -> None:
        if item[0] not in self.skip:
            super().add(item)


class _BuildWriter(SegmentWriter):
    """An unlocked segment writer (the parent holds the new index, as with Whoosh's
    ``multisegment`` sub-writers) that writes title and text postings a block at a time.

    Whoosh's ``FieldWriter.add_postings`` costs about 6 us per posting in Python (a length
    lookup, asserts and appends per posting); here each block of 128 postings is assembled
    from array slices and handed to the same ``W3PostingsWriter._write_block``, so the bytes
    on disk are Whoosh's own (tests compare them with a plain Whoosh writer's)."""

    def __init__(self, ix) -> None:
        from search.segpost import FIELDS

        super().__init__(ix, _lk=False, limitmb=256, compound=False)
        # Whoosh names the temporary directory after the index, the same in every worker:
        # the first to finish would delete the others' pool runs. One per process instead
        # (the shared one is removed by the parent when all are done).
        self._tempstorage = self.storage.temp_storage(f"{ix.indexname}.{os.getpid()}.tmp")
        self.pool = _BuildPool(self._tempstorage, self.newsegment, limitmb=256)
        self.pool.skip = frozenset(FIELDS)
        self.inverted: dict = {}

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader()
        lengths = _Lengths(pdr, self.docnum)
        fw = self.fieldwriter
        fw.add_postings(self.schema, lengths, self.pool.iter_postings())
        for field in sorted(self.inverted):  # after the others: field ids only grow
            _write_field(fw, field, self.schema[field], self.inverted[field],
                         lengths.doc_field_length_reader(field))
        fw.close()
        pdr.close()


class _Lengths:
    """``doc_field_length_reader`` over lengths read once per field into a list."""

    def __init__(self, pdr, ndocs: int) -> None:
        self.pdr, self.ndocs = pdr, ndocs

    def doc_field_length_reader(self, fieldname: str):
        get = self.pdr.doc_field_length_reader(fieldname)
        return [get(d) for d in range(self.ndocs)].__getitem__


def _write_field(fw, field: str, fieldobj, inv: dict, length_of) -> None:
    """One field's postings, term by term in byte order, block by block, with what
    ``W3PostingsWriter.add_posting`` would have accumulated for each block."""
    from array import array
    from pickle import dumps

    import numpy as np
    from whoosh.system import pack_uint

    boost = fieldobj.format.field_boost
    docs, tf, pos = inv["docs"], inv["tf"], inv["pos"]
    deltas = np.diff(pos.astype(np.int64), prepend=0)
    if len(tf):  # a posting's first position is absolute, the rest are deltas
        starts = np.cumsum(tf.astype(np.int64)) - tf
        deltas[starts] = pos[starts]
    ndocs = int(docs.max()) + 1 if len(docs) else 0
    lens = np.asarray([length_of(d) or 0 for d in range(ndocs)], np.int64)
    single: dict[int, bytes] = {}
    fw.start_field(field, fieldobj)
    for btext in sorted(inv["terms"]):
        s, c, p = inv["terms"][btext]
        fw.start_term(btext)
        pw = fw._postwriter
        pw._compression = COMPRESSION
        ds, fs = docs[s:s + c], tf[s:s + c]
        dl = deltas[p:p + int(fs.sum())].tolist()
        values, o = [], 0
        for f in fs.tolist():
            if f == 1:  # most postings: one position, a few hundred distinct encodings
                v = single.get(dl[o])
                if v is None:
                    v = single[dl[o]] = pack_uint(1) + dumps(dl[o:o + 1], 2)
            else:
                v = pack_uint(f) + dumps(dl[o:o + f], 2)
            values.append(v)
            o += f
        weights = fs.astype(np.float32) * np.float32(boost)
        limit = pw._blocklimit
        for b in range(0, c, limit):
            bd = ds[b:b + limit]
            pw._ids = array("I", bd.astype(np.uint32).tobytes())
            pw._weights = array("f", weights[b:b + limit].tobytes())
            pw._values = values[b:b + limit]
            pw._maxweight = float(fs[b:b + limit].max()) * boost
            bl = lens[bd]
            bl = bl[bl > 0]
            pw._minlength = int(bl.min()) if len(bl) else None
            pw._maxlength = int(bl.max()) if len(bl) else 0
            if b + limit < c:
                pw._write_block()
        fw.finish_term()
    fw.finish_field()
