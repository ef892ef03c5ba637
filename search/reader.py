"""One open index per process: the Whoosh index, its searcher and its columns, kept open
between searches and reopened only when a writer has committed a new generation.

Opening costs a few milliseconds (the TOC, every segment's files, the columns pickle), which
is most of a cheap query; a server or a test making many searches pays it once. Whether the
index changed is one directory scan plus a stat of the newest TOC file: the generation number
alone is not enough, because ``humas reindex`` swaps in a new index that starts at 1 again.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from search.indexer import INDEX_NAME, open_index

_TOC = re.compile(rf"_{INDEX_NAME}_(\d+)\.toc$")


@dataclass
class Opened:
    key: tuple
    ix: object
    searcher: object
    columns: object
    stored: dict = field(default_factory=dict)  # docnum -> stored fields, this generation

    def stored_fields(self, docnum: int) -> dict:
        """A hit's stored fields; unpickling them is the biggest cost of a cheap query, and
        the same documents come back for repeated or paged searches."""
        hit = self.stored.get(docnum)
        if hit is None:
            if len(self.stored) >= STORED_CACHE:
                self.stored.clear()
            hit = self.stored[docnum] = self.searcher.reader().stored_fields(docnum)
        return hit


STORED_CACHE = 20_000  # documents (a few MB)


_OPEN: dict[str, Opened] = {}


def has_index(index_dir: Path) -> bool:
    """Whether ``index_dir`` holds an index (without unpickling its TOC, as Whoosh's
    ``exists_in`` does: that alone is half a millisecond)."""
    return toc_key(Path(index_dir))[0] >= 0


def toc_key(index_dir: Path) -> tuple:
    """(generation, inode, mtime) of the newest TOC: changes with every commit or swap."""
    best = (-1, None)
    if not index_dir.is_dir():
        return (-1, 0, 0)
    with os.scandir(index_dir) as it:
        for e in it:
            m = _TOC.match(e.name)
            if m and int(m.group(1)) > best[0]:
                best = (int(m.group(1)), e)
    if best[1] is None:
        return (-1, 0, 0)
    st = best[1].stat()
    return (best[0], st.st_ino, st.st_mtime_ns)


def open_searcher(index_dir: Path, fresh: bool = False) -> Opened:
    """The cached searcher of ``index_dir`` if its generation is still current."""
    from search import columns, segpost

    path = str(Path(index_dir).resolve())
    key = toc_key(Path(path))
    cur = _OPEN.get(path)
    if cur is not None and cur.key == key and not fresh:
        return cur
    if cur is not None:
        _close(cur)
        del _OPEN[path]
        # Drop the compact postings maps too: those of merged-away segments would keep
        # their deleted files' disk space; the current ones reopen in milliseconds.
        segpost.forget()
    ix = open_index(Path(path))
    searcher = ix.searcher()
    try:
        cols = columns.load(ix, Path(path), searcher.reader(), key)
    except BaseException:
        searcher.close()
        raise
    opened = Opened(key, ix, searcher, cols)
    _OPEN[path] = opened
    return opened


def close_all() -> None:
    for cur in _OPEN.values():
        _close(cur)
    _OPEN.clear()


def _close(cur: Opened) -> None:
    with contextlib.suppress(Exception):  # already broken by a writer: nothing to release
        cur.searcher.close()
