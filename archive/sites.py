"""The sites list users edit (``settings/sites.yaml``): load and validate it.

Each entry needs only ``name`` and ``url``; optional hints: ``region`` (the Polres or Polda a
single-unit site reports for), ``max_pages`` (request budget), ``enabled``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from archive.urls import host_of

OPTIONAL_KEYS = {"region", "max_pages", "enabled", "notes", "family"}


class SitesError(ValueError):
    """A sites file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class SiteConfig:
    name: str
    url: str
    region: str | None = None
    max_pages: int | None = None

    @property
    def host(self) -> str:
        return host_of(self.url)


def default_sites_path() -> Path:
    return Path(os.environ.get("HUMAS_SITES", "settings/sites.yaml"))


def load_sites(path: str | Path | None = None, only: list[str] | None = None) -> list[SiteConfig]:
    """Sites from ``path``; ``only`` keeps the named ones (unknown names are an error)."""
    path = Path(path) if path else default_sites_path()
    if not path.is_file():
        raise SitesError(f"{path}: no such sites file (give one with --sites FILE)")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise SitesError(f"{path}{where}: {problem}") from None
    except UnicodeDecodeError:
        raise SitesError(f"{path}: not UTF-8 text") from None
    entries = raw.get("sites") if isinstance(raw, dict) else raw
    if not isinstance(entries, list) or not entries:
        raise SitesError(f"{path}: expected a list of sites under 'sites:'")
    sites = [_site(path, i, e) for i, e in enumerate(entries, 1)
             if not (isinstance(e, dict) and e.get("enabled", True) is False)]
    names = [s.name for s in sites]
    if dup := {n for n in names if names.count(n) > 1}:
        raise SitesError(f"{path}: duplicate site name {sorted(dup)[0]!r}")
    if only:
        if missing := [n for n in only if n not in names]:
            raise SitesError(f"{path}: no site named {missing[0]!r} (known: {', '.join(names)})")
        sites = [s for s in sites if s.name in only]
    return sites


def _site(path: Path, i: int, e: object) -> SiteConfig:
    where = f"{path}: site #{i}"
    if not isinstance(e, dict):
        raise SitesError(f"{where}: expected a mapping with 'name' and 'url'")
    name, url = e.get("name"), e.get("url")
    if not name or not isinstance(name, str):
        raise SitesError(f"{where}: missing 'name'")
    if not url or not isinstance(url, str):
        raise SitesError(f"{where} ({name}): missing 'url'")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SitesError(f"{where} ({name}): url {url!r} is not an http(s) URL")
    if unknown := set(e) - {"name", "url"} - OPTIONAL_KEYS:
        raise SitesError(f"{where} ({name}): unknown key {sorted(unknown)[0]!r}")
    max_pages = e.get("max_pages")
    if max_pages is not None and (not isinstance(max_pages, int) or max_pages < 1):
        raise SitesError(f"{where} ({name}): max_pages must be a positive whole number")
    return SiteConfig(name=name, url=url if parts.path else url + "/",
                      region=e.get("region"), max_pages=max_pages)
