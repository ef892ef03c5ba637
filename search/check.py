"""Comparing the index with the database it is derived from, and repairing the difference.

Every indexed document carries ``sig``, a digest of what was indexed from its row
(``indexer.signature``); the check recomputes it from the database, so an article edited,
retagged or deleted behind the index's back shows up as *stale* without storing bodies in
the index. *Missing* articles are in the database only, *extra* documents in the index only,
*duplicate* ones indexed twice. Repair re-indexes exactly those (one writer, one commit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from search import indexer

if TYPE_CHECKING:
    from archive.store import ArchiveStore


@dataclass
class Report:
    articles: int = 0  # in the database
    indexed: int = 0  # live documents in the index
    missing: list[tuple[int, str]] = field(default_factory=list)  # (id, url)
    stale: list[tuple[int, str]] = field(default_factory=list)
    extra: list[tuple[int, str]] = field(default_factory=list)
    duplicate: list[tuple[int, str]] = field(default_factory=list)
    no_index: bool = False
    outdated: bool = False  # written before the current schema: only a rebuild fixes it
    unreadable: str = ""  # why the index could not be read (a rebuild fixes it)

    @property
    def ok(self) -> bool:
        return not (self.no_index or self.outdated or self.unreadable or self.missing
                    or self.stale or self.extra or self.duplicate)

    @property
    def needs_rebuild(self) -> bool:
        return self.no_index or self.outdated or bool(self.unreadable)

    def lines(self) -> list[str]:
        """One line per problem."""
        out = [f"missing: article {i} {u} is in the database but not in the index"
               for i, u in self.missing]
        out += [f"stale: article {i} {u} changed since it was indexed" for i, u in self.stale]
        out += [f"extra: article {i} {u} is in the index but not in the database"
                for i, u in self.extra]
        out += [f"duplicate: article {i} {u} is indexed more than once"
                for i, u in self.duplicate]
        return out

    def summary(self) -> str:
        if self.no_index:
            return f"no index yet; {self.articles} articles in the database"
        if self.unreadable:
            return (f"index unreadable ({self.unreadable}): run humas reindex; "
                    f"{self.articles} articles in the database")
        if self.outdated:
            return ("index written before the current schema (no signatures or duplicate "
                    f"column): run humas reindex; {self.articles} articles in the database")
        if self.ok:
            return f"index matches the database: {self.articles} articles"
        parts = [f"{len(v)} {k}" for k, v in (("missing", self.missing), ("stale", self.stale),
                                            ("extra", self.extra),
                                            ("duplicate", self.duplicate)) if v]
        return (f"index and database disagree: {', '.join(parts)} "
                f"({self.articles} articles in the database, {self.indexed} indexed)")


def check(index_dir: Path, store: ArchiveStore) -> Report:
    rep = Report()
    db: dict[int, tuple[str, str]] = {}
    for a in store.iter_articles():
        db[a.id] = (indexer.article_doc(a)["sig"], a.url)
    rep.articles = len(db)
    try:
        if not indexer.exists(index_dir):
            rep.no_index = True
            rep.missing = [(i, u) for i, (_, u) in db.items()]
            return rep
        ix = indexer.open_index(index_dir)
        if indexer.schema_outdated(ix.schema):
            rep.outdated = True
            with ix.reader() as reader:
                rep.indexed = reader.doc_count()
            return rep
        seen = _compare(ix, db, rep)
    except Exception as e:  # noqa: BLE001 - whatever Whoosh raises on a broken index
        return Report(articles=rep.articles, unreadable=f"{type(e).__name__}: {e}")
    rep.duplicate = [(i, db.get(i, ("", ""))[1]) for i, n in seen.items() if n > 1]
    rep.missing = [(i, u) for i, (_, u) in db.items() if i not in seen]
    return rep


def _compare(ix, db: dict[int, tuple[str, str]], rep: Report) -> dict[int, int]:
    seen: dict[int, int] = {}
    with ix.reader() as reader:
        for _d, stored in reader.iter_docs():  # live documents only
            i = stored.get("id")
            seen[i] = seen.get(i, 0) + 1
            rep.indexed += 1
            if i not in db:
                rep.extra.append((i, stored.get("url", "")))
            elif stored.get("sig") != db[i][0] and seen[i] == 1:
                rep.stale.append((i, db[i][1]))
    return seen


def repair(index_dir: Path, store: ArchiveStore, rep: Report) -> int:
    """Bring the index in line with the database; returns the documents written or removed.
    No index, an outdated schema or an unreadable index: a rebuild."""
    if rep.needs_rebuild:
        return indexer.rebuild(index_dir, store)
    redo = sorted({i for i, _ in rep.missing + rep.stale + rep.duplicate})
    gone = sorted({i for i, _ in rep.extra})
    return indexer.reindex_ids(index_dir, store, redo, gone)
