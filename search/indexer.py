"""Building the Whoosh index from the archive database, fully or incrementally.

The database is the source of truth: ``rebuild`` writes a fresh index beside the old one and
swaps it in, so a killed rebuild never leaves a broken index; ``update`` re-indexes the given
article ids (the crawl calls it for what it stored).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index

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


def _writer(ix, procs: int = 1) -> IndexWriter:
    # compound=False: segments stay separate files that searchers memory-map, instead of one
    # compound file whose postings are read into memory on open (0.5 GB and 0.7 s at 100k).
    return ix.writer(limitmb=256, procs=procs, multisegment=procs > 1, compound=False)


def _write_columns(index_dir: Path) -> None:
    """Precompute the compact postings and the filter/facet/sort columns for the generation
    just committed."""
    from search import columns, segpost

    ix = open_index(index_dir)
    segpost.ensure(index_dir, ix)
    with ix.reader() as reader:
        columns.save(columns.build(reader, ix.latest_generation()), index_dir)


def rebuild(index_dir: Path, store: ArchiveStore,
            progress: Callable[[int], None] | None = None, procs: int | None = None) -> int:
    """Index every article afresh, in ``procs`` processes (default: the cores, up to 4);
    returns the number indexed."""
    from sqlalchemy import select

    from archive.models import Article
    from search import build
    from search.schema import make_schema

    index_dir = Path(index_dir)
    started = datetime.now(UTC)
    tmp = index_dir.with_name(index_dir.name + ".rebuild")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with store.Session() as s:
        ids = list(s.scalars(select(Article.id).order_by(Article.id)))
    # Below a few thousand articles the workers' start-up costs more than they save.
    procs = procs or build.default_procs()
    procs = 1 if len(ids) < 2000 else procs
    try:
        ix = index.create_in(str(tmp), make_schema(), indexname=INDEX_NAME)
        segments = build.write_segments(tmp, store, ids, procs, progress)
        _commit_toc(ix, segments)
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
    _write_columns(index_dir)
    _write_watermark(index_dir, started)
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
    started = datetime.now(UTC)
    if not exists(index_dir):
        return rebuild(index_dir, store)
    since = read_watermark(index_dir)
    ids = sorted(set(ids) | (set(store.changed_since(since)) if since else set()))
    if not ids:
        return 0
    ix = open_index(index_dir)
    if "sig" not in ix.schema or not ix.schema["duplicate_of"].column_type:
        return rebuild(index_dir, store)  # an index from before the current schema
    n = reindex_ids(index_dir, store, ids, ())
    _write_watermark(index_dir, started)
    return n


def reindex_ids(index_dir: Path, store: ArchiveStore, ids: Iterable[int],
                remove: Iterable[int] = ()) -> int:
    """Re-index ``ids`` from the database (an id no longer there is removed) and remove
    ``remove``, in one commit; returns how many documents were written or removed."""
    ids, remove = list(ids), set(remove)
    ix = open_index(index_dir)
    w = _writer(ix)
    n = 0
    try:
        found = set()
        for a in store.iter_articles(ids):
            # Not update_document: it deletes only the first document with the id, and a
            # repair must also clear ids indexed twice.
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
