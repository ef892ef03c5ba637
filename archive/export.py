"""Export rows: the stable, documented shape of an article outside the archive."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta, timezone
from typing import IO, Any

from archive.models import Article

FIELDS = (
    "url", "site", "title", "author", "published", "programs", "polda", "polres",
    "kabupaten_kota", "regions_mentioned", "officials", "event_dates", "text", "duplicate_of",
    "status", "versions", "first_seen", "last_seen", "last_modified",
)
LIST_FIELDS = {"programs", "kabupaten_kota", "regions_mentioned", "officials", "event_dates"}


def local_published(a: Article) -> datetime | None:
    """Publication time in the zone the page used (WIB when it named none)."""
    if a.published is None:
        return None
    offset = a.published_offset if a.published_offset is not None else 420
    return a.published.astimezone(timezone(timedelta(minutes=offset)))


def _iso(d: datetime | None) -> str | None:
    return d.isoformat() if d else None


def article_row(a: Article, url_of: Callable[[int], str | None] | None = None) -> dict[str, Any]:
    pub = local_published(a)
    return {
        "url": a.url, "site": a.site.name, "title": a.title, "author": a.author,
        "published": _iso(pub), "programs": list(a.programs or []), "polda": a.polda,
        "polres": a.polres, "kabupaten_kota": list(a.kabupaten_kota or []),
        "regions_mentioned": list(a.regions_mentioned or []),
        "officials": list(a.officials or []), "event_dates": list(a.event_dates or []),
        "text": a.text,
        "duplicate_of": url_of(a.duplicate_of) if a.duplicate_of and url_of else None,
        "status": a.status, "versions": a.versions, "first_seen": _iso(a.first_seen),
        "last_seen": _iso(a.last_seen), "last_modified": _iso(a.last_modified),
    }


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def csv_cell(value: Any) -> Any:
    """Lists and mappings as JSON text; everything else as is."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str],
              fields: tuple[str, ...] = FIELDS) -> int:
    writer = csv.DictWriter(out, fieldnames=list(fields), extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: csv_cell(row.get(k)) for k in fields})
        n += 1
    return n


def rows(articles: Iterator[Article], url_of: Callable[[int], str | None]) -> Iterator[dict]:
    for a in articles:
        yield article_row(a, url_of)
