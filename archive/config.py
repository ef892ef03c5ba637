"""Where the archive lives: ``HUMAS_DATA_DIR`` (default ``./data``) and ``HUMAS_DB_URL``."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    return Path(os.environ.get("HUMAS_DATA_DIR", "data"))


def db_url() -> str:
    """``HUMAS_DB_URL`` if set (e.g. ``postgresql+psycopg://...``), else SQLite in the data dir."""
    url = os.environ.get("HUMAS_DB_URL")
    if url:
        return url
    return f"sqlite:///{(data_dir() / 'archive.db').resolve()}"


def index_dir() -> Path:
    return data_dir() / "index"


def settings_dir() -> Path:
    """User-edited data (sites, programs, regions): ``HUMAS_SETTINGS_DIR`` or ``./settings``."""
    return Path(os.environ.get("HUMAS_SETTINGS_DIR", "settings"))


def programs_path() -> Path:
    return Path(os.environ.get("HUMAS_PROGRAMS", settings_dir() / "programs.yaml"))


def regions_path() -> Path:
    return Path(os.environ.get("HUMAS_REGIONS", settings_dir() / "regions.yaml"))
