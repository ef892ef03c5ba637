"""Opening the archive for the read-only commands, with one-line errors."""

from __future__ import annotations

from humas.errors import HumasError


def open_store():
    """The archive, which must exist already: these commands only read it."""
    from archive import config
    from archive.db import has_schema
    from archive.store import ArchiveStore

    try:
        store = ArchiveStore(create=False)
        engine = store.Session.kw.get("bind")
        empty = engine is not None and not has_schema(engine)
    except Exception as exc:
        raise HumasError(f"cannot open the archive database: {exc}") from None
    if empty:
        raise HumasError(f"no archive in {config.data_dir()} yet: run 'humas crawl' first "
                         "(or set HUMAS_DATA_DIR)")
    return store


def stored_article(url: str):
    """(store, article) for any spelling of ``url``; a one-line error when there is none."""
    if not url.startswith(("http://", "https://")):
        raise HumasError(f"{url!r} is not an http(s) URL")
    store = open_store()
    art = store.get_by_url(url)
    if art is None:
        raise HumasError(f"no article stored for {url}")
    return store, art
