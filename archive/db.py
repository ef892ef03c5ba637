"""Opening the archive database: engine, sessions and in-place schema upgrades (Alembic)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from archive import config

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest revision in migrations/versions (tests/test_store.py holds it to Alembic's own
# answer). A database already there is opened without importing Alembic (0.2 s per command).
HEAD_REVISION = "0003"


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets `humas search` read while a crawl writes; NORMAL sync is safe under WAL.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default: ``HUMAS_DB_URL`` or SQLite in ``HUMAS_DATA_DIR``)."""
    url = url or config.db_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def checkpoint(url: str | None = None) -> None:
    """Fold SQLite's write-ahead log into the database file (elsewhere a no-op): what closing
    a database's last connection does, for a process that ends without closing its own."""
    engine = make_engine(url)
    try:
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()


def _alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def _stamped_revision(engine: Engine) -> str | None:
    """The revision Alembic recorded in the database, or None (a new or foreign database)."""
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:  # no such table: Alembic decides what to do
        return None


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration; a no-op when it is current."""
    if _stamped_revision(engine) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(engine)
    head = ScriptDirectory.from_config(cfg).get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current != head:
        command.upgrade(cfg, "head")


def has_schema(engine: Engine) -> bool:
    return inspect(engine).has_table("articles")


# Databases this process has seen at the newest migration. A crawl opens the archive from
# several components; each Alembic check costs about 0.1 s of start-up.
_CURRENT: set[tuple[str, int | None]] = set()


def _identity(engine: Engine) -> tuple[str, int | None] | None:
    """The database's URL, and for a SQLite file its inode (a file deleted and made anew is
    another database); None for an in-memory one, which is never remembered."""
    db = engine.url.database
    if engine.url.get_backend_name() != "sqlite":
        return engine.url.render_as_string(hide_password=False), None
    if not db or db == ":memory:":
        return None
    try:
        return str(Path(db).resolve()), Path(db).stat().st_ino
    except OSError:
        return None


def open_db(url: str | None = None, *, create: bool = True) -> sessionmaker[Session]:
    """A session factory on an up-to-date archive; ``create=False`` refuses to make a new one."""
    engine = make_engine(url)
    if _identity(engine) not in _CURRENT and (create or has_schema(engine)):
        upgrade(engine)
        if (ident := _identity(engine)) is not None:
            _CURRENT.add(ident)
    return sessionmaker(engine, expire_on_commit=False)
