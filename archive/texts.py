"""Article bodies by id, for search snippets, without the cost of opening the full archive.

A search process shows ten snippets; importing SQLAlchemy and Alembic for them would cost
it half a second. For SQLite the rows are read with the standard library, read-only; any
other database goes through :class:`archive.store.ArchiveStore`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

TextsOf = Callable[[Iterable[int]], dict[int, str]]


class ArchiveUnreadable(RuntimeError):
    """The database is missing or cannot be read; the message says which."""


def texts_reader(db_url: str) -> TextsOf:
    """A function ids -> {id: text} for the archive at ``db_url``."""
    if not db_url.startswith("sqlite:///"):
        from archive.store import ArchiveStore

        try:
            return ArchiveStore(db_url, create=False).texts_of
        except Exception as exc:
            raise ArchiveUnreadable(f"cannot open the archive database: {exc}") from None
    path = Path(db_url.removeprefix("sqlite:///"))
    if not path.exists():
        raise ArchiveUnreadable(f"no archive at {path} yet: run 'humas crawl' first (or set "
                                "HUMAS_DATA_DIR to the folder of an existing archive.db)")

    def texts(ids: Iterable[int]) -> dict[int, str]:
        ids = list(ids)
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
                marks = ",".join("?" * len(ids))
                return dict(con.execute(
                    f"SELECT id, text FROM articles WHERE id IN ({marks})", ids))
        except sqlite3.Error as exc:
            raise ArchiveUnreadable(f"cannot read the archive database: {exc}") from None

    return texts
