"""Column data for filters, facets, sorting and scoring, precomputed when the index commits.

One pickle beside the Whoosh segments, named after the index generation it describes, holds per
docnum: the article id, the publication time, the field lengths BM25F needs, and for every
filter/facet field each value's document set as an int bitset. Opening it costs a few
milliseconds; counting a facet value is ``(matches & bits).bit_count()``. A missing or stale
file (an index written by something else) is rebuilt from the index on first use.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from search.postings import bits_of, read_postings

VERSION = 3
PREFIX = "humas-columns-"
VALUE_FIELDS = ("programs", "polda", "polres", "site", "status", "month", "kabupaten_kota")
LENGTH_FIELDS = ("title", "text")
NO_DATE = -(2**62)  # sorts before every real date


@dataclass
class Columns:
    generation: int
    ndocs: int  # size of the docnum space (deleted docnums included)
    live: int  # bitset of documents not deleted
    ids: array  # article id per docnum
    published: array  # Whoosh's long for published (UTC), NO_DATE when unknown
    by_date: array  # live docnums ordered by (published, docnum)
    date_keys: array  # published of ``by_date``, ascending
    values: dict[str, dict[str, int]]  # field -> value -> bitset
    lengths: dict[str, array]  # field -> length per docnum
    avg_length: dict[str, float]
    copies: int = 0  # bitset: documents whose original is also indexed
    original: dict[int, int] = field(default_factory=dict)  # copy docnum -> original docnum
    version: int = VERSION

    @property
    def nbytes(self) -> int:
        return (self.ndocs + 7) // 8


def path_for(index_dir: Path, generation: int) -> Path:
    return Path(index_dir) / f"{PREFIX}{generation}.pickle"


_CACHE: dict[tuple, Columns] = {}


def load(ix, index_dir: Path, reader, identity: tuple = ()) -> Columns:
    """The columns of ``reader``'s generation: from memory, from disk, or built and saved.
    ``identity`` tells apart indexes with the same generation (a rebuild restarts at 1)."""
    gen = reader.generation() if hasattr(reader, "generation") else ix.latest_generation()
    if gen is None or gen < 0:
        gen = ix.latest_generation()
    key = (str(Path(index_dir).resolve()), gen, identity)
    cols = _CACHE.get(key)
    if cols is None:
        cols = _read(path_for(index_dir, gen))
        if (cols is None or cols.version != VERSION or cols.generation != gen
                or cols.ndocs != reader.doc_count_all()):
            cols = build(reader, gen)
            save(cols, index_dir)
        _CACHE.clear()  # one generation per index is enough for a CLI or a server
        _CACHE[key] = cols
    return cols


def _read(path: Path) -> Columns | None:
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        return None


def save(cols: Columns, index_dir: Path) -> None:
    """Write atomically and drop the files of older generations (best effort: read-only
    index directories still work, they rebuild in memory)."""
    index_dir = Path(index_dir)
    target = path_for(index_dir, cols.generation)
    tmp = None
    try:
        # A name of its own: a searcher and a writer may save the same generation at once.
        fd, tmp = tempfile.mkstemp(dir=index_dir, prefix=f"{PREFIX}{cols.generation}.",
                                   suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(cols, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o644)  # as a plain open() would (mkstemp makes it private)
        os.replace(tmp, target)
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return
    for old in index_dir.glob(f"{PREFIX}*.pickle"):
        if old != target:
            with contextlib.suppress(OSError):
                old.unlink()


def build(reader, generation: int) -> Columns:
    """Read everything from the index once (seconds at 100k documents)."""
    n = reader.doc_count_all()
    nbytes = (n + 7) // 8
    # is_deleted works on every reader kind (a MultiReader has no all_deleted()).
    deleted = {d for d in range(n) if reader.is_deleted(d)} if reader.has_deletions() else set()
    live = bits_of((d for d in range(n) if d not in deleted), nbytes)
    ids = array("q", _column(reader, "id", n, 0))
    published = array("q", (NO_DATE if v is None else v
                            for v in _column(reader, "published", n, None)))
    order = sorted((d for d in range(n) if d not in deleted), key=lambda d: (published[d], d))
    values = {}
    for fname in VALUE_FIELDS:
        if fname not in reader.schema:
            continue
        values[fname] = {
            btext.decode("utf-8"): bits_of(read_postings(reader, fname, btext).ids, nbytes) & live
            for btext in reader.lexicon(fname)
        }
    lengths, avg = {}, {}
    for fname in LENGTH_FIELDS:
        get = reader.doc_field_length
        lengths[fname] = array("I", (get(d, fname) or 0 for d in range(n)))
        # As Whoosh's Searcher.avg_field_length: deleted documents still count in
        # field_length, so divide by doc_count_all, not doc_count.
        avg[fname] = reader.field_length(fname) / (reader.doc_count_all() or 1)
    cols = Columns(generation, n, live, ids, published, array("q", order),
                   array("q", (published[d] for d in order)), values, lengths, avg)
    _link_copies(cols, _column(reader, "duplicate_of", n, 0), deleted)
    return cols


def _link_copies(cols: Columns, dup_of, deleted: set[int]) -> None:
    docnum = {i: d for d, i in enumerate(cols.ids) if d not in deleted}
    original = {}
    for d, orig_id in enumerate(dup_of):
        if orig_id and d not in deleted and orig_id in docnum and docnum[orig_id] != d:
            original[d] = docnum[orig_id]
    cols.original = original
    cols.copies = bits_of(original, cols.nbytes)


def _column(reader, fname: str, n: int, default):
    """Values of a sortable field per docnum; stored fields for indexes written before it
    was sortable (slow, once: the result is saved)."""
    if reader.has_column(fname):
        cr = reader.column_reader(fname, translate=fname != "published")
        return [cr[d] for d in range(n)]
    out = []
    for d in range(n):
        try:
            v = reader.stored_fields(d).get(fname, default)
        except Exception:  # deleted docnum
            v = default
        out.append(default if v is None else _raw(reader, fname, v))
    return out


def _raw(reader, fname: str, v):
    if fname == "published":
        return reader.schema[fname].to_column_value(v)
    return v
