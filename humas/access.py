"""Opening the archive for the read-only commands, with one-line errors.

These commands never create anything: a data directory without ``archive.db`` is reported,
not given a fresh empty database (SQLite would otherwise create the file on connect).
"""

from __future__ import annotations

from pathlib import Path

from humas.errors import HumasError


def db_error(exc: BaseException) -> str:
    """A database exception as one short line: the driver's message without SQLAlchemy's
    "[SQL: ...]" and "(Background on this error ...)" lines."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc)
    lines = [line.strip() for line in text.splitlines()
             if line.strip() and not line.lstrip().startswith(("[SQL:", "[parameters:",
                                                                  "(Background on this error"))]
    out = " ".join(lines) or type(exc).__name__
    return out if len(out) <= 300 else out[:300] + "..."


def sqlite_file() -> Path | None:
    """The SQLite file of the archive, or None when ``HUMAS_DB_URL`` names another database."""
    from archive import config

    url = config.db_url()
    if not url.startswith("sqlite:///"):
        return None
    return Path(url.removeprefix("sqlite:///"))


def check_archive_exists() -> None:
    """A one-line error when the SQLite archive is missing (without creating it)."""
    from archive import config

    data = config.data_dir()
    if data.exists() and not data.is_dir():
        raise HumasError(f"HUMAS_DATA_DIR {data} is a file, not a directory: point it at the "
                         "folder that holds archive.db")
    file = sqlite_file()
    if file is not None and not file.is_file():
        if file.is_dir():
            raise HumasError(f"{file} is a directory, not an archive database")
        raise HumasError(f"no archive in {config.data_dir()} yet: run 'humas crawl' first "
                         "(or set HUMAS_DATA_DIR)")


def open_store():
    """The archive, which must exist already: these commands only read it."""
    from archive import config
    from archive.db import has_schema
    from archive.store import ArchiveStore

    check_archive_exists()
    try:
        store = ArchiveStore(create=False)
        engine = store.Session.kw.get("bind")
        empty = engine is not None and not has_schema(engine)
    except Exception as exc:
        raise HumasError(f"cannot open the archive database: {db_error(exc)}") from None
    if empty:
        raise HumasError(f"no archive in {config.data_dir()} yet: run 'humas crawl' first "
                         "(or set HUMAS_DATA_DIR)")
    return store


def site_names() -> set[str] | None:
    """Names of the archive's sites; None when there is no archive to ask."""
    from sqlalchemy import select

    from archive.models import Site

    try:
        store = open_store()
    except HumasError:
        return None
    with store.Session() as s:
        return set(s.scalars(select(Site.name)))


def check_url(url: str) -> str:
    """``url`` stripped, or a one-line error saying what is wrong with it."""
    from archive.sites import url_problem

    shown = url if len(url) <= 100 else url[:100] + "..."
    url = url.strip()
    if not url:
        raise HumasError("give the article's URL, e.g. https://polres.id/2024/11/08/berita/")
    if len(url) > 8192:
        raise HumasError(f"{shown!r} is {len(url):,} characters long; no stored URL is longer "
                         "than 8,192")
    if problem := url_problem(url):
        raise HumasError(f"{shown!r} {problem}")
    return url


def stored_article(url: str):
    """(store, article) for any spelling of ``url``; a one-line error when there is none."""
    url = check_url(url)
    store = open_store()
    try:
        art = store.get_by_url(url)
    except ValueError as exc:  # canonicalisation refused it after all
        raise HumasError(f"{url!r} is not a valid URL ({exc})") from None
    if art is None:
        raise HumasError(f"no article stored for {url}")
    return store, art
