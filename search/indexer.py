"""Building the Whoosh index from the archive database, fully or incrementally.

The database is the source of truth: ``rebuild`` writes a fresh index beside the old one and
swaps it in, so a killed rebuild never leaves a broken index; ``update`` re-indexes the given
article ids (the crawl calls it for what it stored).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index
from whoosh.index import LockError

if TYPE_CHECKING:  # importing the archive (SQLAlchemy) costs a search process 0.3 s
    from whoosh.writing import IndexWriter

    from archive.models import Article
    from archive.store import ArchiveStore

INDEX_NAME = "articles"


def article_doc(a: Article) -> dict:
    published = a.published.astimezone(UTC).replace(tzinfo=None) if a.published else None
    persons = [o.get("name", "") for o in (a.officials or []) if isinstance(o, dict)]
    local = a.published.astimezone(_tz(a.published_offset)) if a.published else None
    doc = {
        "id": a.id, "url": a.url, "title": a.title or "", "text": a.text or "",
        "author": a.author or "", "site": a.site.name, "status": a.status or "live",
        "programs": ",".join(a.programs or []), "polda": a.polda or "",
        "polres": a.polres or "", "kabupaten_kota": ",".join(a.kabupaten_kota or []),
        "persons": " ".join(p for p in persons if p), "duplicate_of": a.duplicate_of,
        "offset": a.published_offset,
        "month": local.strftime("%Y-%m") if local else "",
    }
    if published is not None:
        doc["published"] = published
    doc = {k: v for k, v in doc.items() if (v != "" and v is not None) or k in ("title", "text")}
    doc["sig"] = signature(doc)
    return doc


def signature(doc: dict) -> str:
    """A digest of what the index holds of an article (``humas reindex --check``)."""
    import hashlib

    body = repr(sorted((k, v) for k, v in doc.items() if k != "sig"))
    return hashlib.blake2b(body.encode("utf-8"), digest_size=12).hexdigest()


def _tz(offset_minutes: int | None):
    from datetime import timedelta, timezone

    return timezone(timedelta(minutes=offset_minutes if offset_minutes is not None else 420))


def exists(index_dir: Path) -> bool:
    return index.exists_in(str(index_dir), indexname=INDEX_NAME)


def open_index(index_dir: Path):
    return index.open_dir(str(index_dir), indexname=INDEX_NAME)


def schema_outdated(schema) -> bool:
    """Whether an index was written before the current schema (no ``sig``, or
    ``duplicate_of`` without its column): only a rebuild brings it up to date."""
    return ("sig" not in schema or "duplicate_of" not in schema
            or not schema["duplicate_of"].column_type)


WRITE_TIMEOUT = 120.0  # seconds a writer waits for another one (a crawl's update, a rebuild)


def write_timeout() -> float:
    """``HUMAS_INDEX_WAIT`` seconds if set, else ``WRITE_TIMEOUT``."""
    try:
        return max(float(os.environ.get("HUMAS_INDEX_WAIT", "")), 0.0)
    except ValueError:
        return WRITE_TIMEOUT
LOCK_FILE = "index.lock"


class IndexBusy(LockError):
    """Another process is writing the index (a crawl's update or a rebuild)."""


_held: dict[str, tuple[int, int]] = {}  # lock path -> (fd, depth), this process
_held_lock = threading.RLock()  # writers of one process take turns too


@contextlib.contextmanager
def writing(index_dir: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the index's write lock: an exclusive ``flock`` on ``index.lock`` beside the index
    directory (not inside it: a rebuild swaps the directory). Re-entrant within a process;
    raises ``IndexBusy`` after ``timeout`` seconds of waiting (``write_timeout()``)."""
    timeout = write_timeout() if timeout is None else timeout
    index_dir = Path(index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    path = str((index_dir.parent / LOCK_FILE).resolve())
    if not _held_lock.acquire(timeout=timeout):
        raise IndexBusy(f"timed out waiting for {path}")
    try:
        fd, depth = _held.get(path, (-1, 0))
        if not depth:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                _flock(fd, path, timeout)
            except BaseException:
                os.close(fd)
                raise
        _held[path] = (fd, depth + 1)
        try:
            yield
        finally:
            fd, depth = _held.pop(path)
            if depth > 1:
                _held[path] = (fd, depth - 1)
            else:
                os.close(fd)  # releases the flock
    finally:
        _held_lock.release()


def _flock(fd: int, path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise IndexBusy(f"timed out waiting for {path}") from None
            time.sleep(0.25)


def _writer(ix, procs: int = 1) -> IndexWriter:
    # compound=False: segments stay separate files that searchers memory-map, instead of one
    # compound file whose postings are read into memory on open (0.5 GB and 0.7 s at 100k).
    # timeout: wait for Whoosh's own write lock (held by a writer outside ``writing()``).
    return ix.writer(limitmb=256, procs=procs, multisegment=procs > 1, compound=False,
                     timeout=write_timeout(), delay=0.25)


def _write_columns(index_dir: Path) -> None:
    """Precompute the filter/facet/sort columns and the compact postings for the generation
    just committed (the columns first: every search needs them, the compact postings only
    make it faster)."""
    from search import columns, segpost

    ix = open_index(index_dir)
    with ix.reader() as reader:
        columns.save(columns.build(reader, ix.latest_generation()), index_dir)
    segpost.ensure(index_dir, ix)


def rebuild(index_dir: Path, store: ArchiveStore,
            progress: Callable[[int], None] | None = None, procs: int | None = None) -> int:
    """Index every article afresh, in ``procs`` processes (default: the cores, up to 4);
    returns the number indexed."""
    index_dir = Path(index_dir)
    # No incremental writer, nor another rebuild, meanwhile; nor a Whoosh writer of the
    # current index that did not take our lock (it would commit into the swapped-out copy).
    with writing(index_dir), _whoosh_write_lock(index_dir):
        return _rebuild(index_dir, store, progress, procs)


@contextlib.contextmanager
def _whoosh_write_lock(index_dir: Path) -> Iterator[None]:
    if not index_dir.is_dir():
        yield
        return
    from whoosh.filedb.filestore import FileStorage
    from whoosh.util.filelock import try_for

    lock = FileStorage(str(index_dir)).lock(f"{INDEX_NAME}_WRITELOCK")
    if not try_for(lock.acquire, timeout=write_timeout(), delay=0.25):
        raise IndexBusy(f"timed out waiting for the Whoosh write lock of {index_dir}")
    try:
        yield
    finally:
        lock.release()


def _rebuild(index_dir: Path, store: ArchiveStore, progress, procs: int | None) -> int:
    from search import build
    from search.schema import make_schema

    started = datetime.now(UTC)
    parent = index_dir.parent
    for left in parent.glob(f"{index_dir.name}.rebuild*"):  # of a killed rebuild
        shutil.rmtree(left, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f"{index_dir.name}.rebuild."))
    os.chmod(tmp, 0o755)  # as a plain mkdir would (mkdtemp makes it private)
    try:
        ids = store.article_ids()
        # Below a few thousand articles the workers' start-up costs more than they save.
        procs = procs or build.default_procs()
        procs = 1 if len(ids) < 2000 else procs
        ix = index.create_in(str(tmp), make_schema(), indexname=INDEX_NAME)
        segments = build.write_segments(tmp, store, ids, procs, progress)
        _commit_toc(ix, segments)
        # Complete before it is swapped in: searchers never build the columns themselves,
        # and an update after the swap finds the watermark of this rebuild.
        _write_columns(tmp)
        _write_watermark(tmp, started)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    n = len(ids)
    old = index_dir.with_name(index_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if index_dir.exists():
        index_dir.rename(old)
    tmp.rename(index_dir)
    shutil.rmtree(old, ignore_errors=True)
    return n


def _commit_toc(ix, segments: list) -> None:
    from whoosh.index import TOC, clean_files

    segments = [s for s in segments if s.doc_count_all()]
    gen = ix.latest_generation() + 1
    TOC(ix.schema, segments, gen).write(ix.storage, INDEX_NAME)
    clean_files(ix.storage, INDEX_NAME, gen, segments)


MERGE_CAP = 20_000  # documents: bigger segments are only rewritten by a rebuild


def merge_small(writer, segments):
    """Whoosh's MERGE_SMALL among the segments under MERGE_CAP documents only: a crawl's
    commit then never rewrites a big segment (nor re-derives its compact postings)."""
    from whoosh.writing import MERGE_SMALL

    small = [s for s in segments if s.doc_count_all() < MERGE_CAP]
    return [s for s in segments if s.doc_count_all() >= MERGE_CAP] + MERGE_SMALL(writer, small)


def update(index_dir: Path, store: ArchiveStore, ids: Iterable[int]) -> int:
    """Re-index the given articles (insert or replace); creates the index if missing.

    Also catches up with what changed in the database since the index last caught up (a
    crawl killed before its index step leaves such articles behind), using a watermark.
    """
    index_dir = Path(index_dir)
    with writing(index_dir):  # re-entrant: rebuild and reindex_ids take it again
        started = datetime.now(UTC)
        if not exists(index_dir):
            return rebuild(index_dir, store)
        since = read_watermark(index_dir)
        ids = sorted(set(ids) | (set(store.changed_since(since)) if since else set()))
        if not ids:
            return 0
        ix = open_index(index_dir)
        if schema_outdated(ix.schema):
            return rebuild(index_dir, store)  # an index from before the current schema
        n = reindex_ids(index_dir, store, ids, ())
        _write_watermark(index_dir, started)
        return n


def reindex_ids(index_dir: Path, store: ArchiveStore, ids: Iterable[int],
                remove: Iterable[int] = ()) -> int:
    """Re-index ``ids`` from the database (an id no longer there is removed) and remove
    ``remove``, in one commit; returns how many documents were written or removed."""
    ids, remove = list(ids), set(remove)
    with writing(index_dir):  # a rebuild must not swap the directory under this writer
        ix = open_index(index_dir)
        w = _writer(ix)
        n = 0
        try:
            found = set()
            for a in store.iter_articles(ids):
                # Not update_document: it deletes only the first document with the id, and
                # a repair must also clear ids indexed twice.
                w.delete_by_term("id", a.id)
                w.add_document(**article_doc(a))
                found.add(a.id)
                n += 1
            for i in remove | (set(ids) - found):
                w.delete_by_term("id", i)
                n += 1
            w.commit(mergetype=merge_small)
        except BaseException:
            w.cancel()
            raise
        _write_columns(index_dir)
    return n


WATERMARK = "humas-watermark"
MARGIN = timedelta(seconds=5)  # clock steps and rows committed while we started


def read_watermark(index_dir: Path) -> datetime | None:
    """When the index last caught up with the database (None: unknown)."""
    try:
        return datetime.fromisoformat((Path(index_dir) / WATERMARK).read_text().strip())
    except (OSError, ValueError):
        return None


def _write_watermark(index_dir: Path, started: datetime) -> None:
    (Path(index_dir) / WATERMARK).write_text((started - MARGIN).isoformat())
