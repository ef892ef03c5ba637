"""The sites list users edit (``settings/sites.yaml``): load and validate it.

Each entry needs only ``name`` and ``url``; optional hints: ``region`` (the Polres or Polda a
single-unit site reports for), ``max_pages`` (request budget), ``enabled``.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from archive.urls import host_of
from archive.yamlfile import YamlFileError, load_file

OPTIONAL_KEYS = {"region", "max_pages", "enabled", "notes", "family"}
HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$")  # underscores: some intranets


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
    """Sites from ``path``; ``only`` keeps the named ones (unknown names are an error).

    Every entry is checked before anything is fetched or stored: an http(s) URL with a host
    and a port in 1-65535, a name, well-typed hints. The file is read with the guards of
    :mod:`archive.yamlfile` (size limit, no alias explosions, no duplicate keys)."""
    path = Path(path) if path else default_sites_path()
    if not path.exists():
        raise SitesError(f"{path}: no such sites file (give one with --sites FILE or "
                         "HUMAS_SITES; README.md shows the format)")
    try:
        raw = load_file(path)
    except YamlFileError as exc:
        raise SitesError(str(exc)) from None
    entries = raw.get("sites") if isinstance(raw, dict) else raw
    if not isinstance(entries, list) or not entries:
        raise SitesError(f"{path}: expected a list of sites under 'sites:' (each with name: "
                         "and url:)")
    sites = [_site(path, i, e) for i, e in enumerate(entries, 1)
             if not (isinstance(e, dict) and e.get("enabled", True) is False)]
    if not sites:
        raise SitesError(f"{path}: every site is disabled (enabled: false); enable one")
    names = [s.name for s in sites]
    if dup := {n for n in names if names.count(n) > 1}:
        raise SitesError(f"{path}: duplicate site name {sorted(dup)[0]!r}")
    urls: dict[str, str] = {}
    for s in sites:
        if s.url in urls:
            raise SitesError(f"{path}: sites {urls[s.url]!r} and {s.name!r} have the same url "
                             f"{s.url}")
        urls[s.url] = s.name
    if only:
        if missing := [n for n in only if n not in names]:
            known = ", ".join(names)
            close = difflib.get_close_matches(missing[0], names, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f" (known: {_cut(known)})"
            raise SitesError(f"{path}: no site named {missing[0]!r}{hint}")
        sites = [s for s in sites if s.name in only]
    return sites


def _site(path: Path, i: int, e: object) -> SiteConfig:
    where = f"{path}: site #{i}"
    if not isinstance(e, dict):
        raise SitesError(f"{where}: expected a mapping with 'name' and 'url'")
    name, url = e.get("name"), e.get("url")
    if name is None or name == "":
        raise SitesError(f"{where}: missing 'name'")
    if not isinstance(name, str):
        raise SitesError(f"{where}: 'name' must be text, not {_kind(name)} (quote it: "
                         f"name: \"{_cut(str(name))}\")")
    if not name.strip() or name != name.strip() or any(not c.isprintable() for c in name):
        raise SitesError(f"{where}: name {_cut(name)!r} must be printable text without "
                         "leading or trailing spaces")
    where = f"{where} ({name})"
    if url is None or url == "":
        raise SitesError(f"{where}: missing 'url'")
    if not isinstance(url, str):
        raise SitesError(f"{where}: 'url' must be text like https://polres.id/, not "
                         f"{_kind(url)}")
    url = url.strip()
    if problem := url_problem(url):
        raise SitesError(f"{where}: url {_cut(url)!r} {problem}")
    if unknown := set(e) - {"name", "url"} - OPTIONAL_KEYS:
        raise SitesError(f"{where}: unknown key {_cut(str(sorted(map(str, unknown))[0]))!r} "
                         f"(allowed: name, url, {', '.join(sorted(OPTIONAL_KEYS))})")
    max_pages = e.get("max_pages")
    if max_pages is not None and (isinstance(max_pages, bool) or not isinstance(max_pages, int)
                                  or max_pages < 1):
        raise SitesError(f"{where}: max_pages must be a positive whole number")
    region = e.get("region")
    if region is not None and (not isinstance(region, str) or not region.strip()):
        raise SitesError(f"{where}: region must be a Polres or Polda name (text)")
    if not isinstance(e.get("enabled", True), bool):
        raise SitesError(f"{where}: enabled must be true or false")
    for key in ("notes", "family"):
        if e.get(key) is not None and not isinstance(e[key], str):
            raise SitesError(f"{where}: {key} must be text")
    parts = urlsplit(url)
    return SiteConfig(name=name, url=url if parts.path else url + "/",
                      region=region.strip() if region else None, max_pages=max_pages)


def url_problem(url: str) -> str | None:
    """What makes ``url`` unusable as a site or article address, or None when it is fine.

    http/https only, a host that is a name or an IP address, a port in 1-65535, no spaces or
    control characters, no user:password."""
    if any(c.isspace() or not c.isprintable() for c in url):
        return "contains spaces or control characters"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:  # "Port out of range", "Invalid IPv6 URL", a non-numeric port
        if "port" in str(exc).lower():
            return "has a port that is not a number in 1-65535"
        return f"is not a valid URL ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        return "is not an http(s) URL: write it as https://host/ or http://host/"
    host = parts.hostname
    if not host:
        return "has no host: write it as https://host/"
    if parts.username is not None or parts.password is not None:
        return "holds a user name or password; give the plain address"
    if port is not None and not 1 <= port <= 65535:
        return "has a port outside 1-65535"
    if not _host_ok(host):
        return f"has an invalid host {host!r}"
    return None


def _host_ok(host: str) -> bool:
    if host.startswith("[") or ":" in host:  # IPv6 (urlsplit already checked the brackets)
        return True
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_host.rstrip(".").split(".")
    return all(HOST_LABEL.match(label) for label in labels)


def _kind(value: object) -> str:
    return {list: "a list", dict: "a mapping", bool: "true/false", int: "a number",
            float: "a number", date: "a date", datetime: "a date"}.get(type(value),
                                                             type(value).__name__)


def _cut(text: str, limit: int = 80) -> str:
    """Quoted user input stays short, so every message fits on one line."""
    return text if len(text) <= limit else text[:limit] + "..."
