"""Re-apply the current taxonomy to stored articles: what ``humas retag`` runs.

Reads every article through ``ArchiveStore``, tags its stored title and text again (with the
site's ``region`` hint from sites.yaml and the publication date in the page's own offset, as
the crawl did), and writes back only the articles whose tags changed. The report counts, per
program, Polda and Polres, how many articles gained or lost the tag. No Whoosh here: the
caller re-indexes ``report.changed_ids``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from .model import Enrichment
from .tagger import enrich
from .taxonomy import Taxonomy

if TYPE_CHECKING:
    from archive.models import Article
    from archive.store import ArchiveStore

FIELDS = ("programs", "polda", "polres", "kabupaten_kota", "regions_mentioned", "officials",
          "event_dates", "evidence")
KINDS = ("program", "polda", "polres")
WRITE_BATCH = 200  # articles per transaction


@dataclass
class RetagReport:
    checked: int = 0
    changed_ids: list[int] = field(default_factory=list)
    fields: Counter[str] = field(default_factory=Counter)  # field -> articles where it changed
    added: dict[str, Counter[str]] = field(default_factory=lambda: {k: Counter() for k in KINDS})
    removed: dict[str, Counter[str]] = field(default_factory=lambda: {k: Counter() for k in KINDS})
    dry_run: bool = False

    def rows(self) -> list[tuple[str, str, int, int]]:
        """(kind, value, articles that gained it, articles that lost it), sorted."""
        out = []
        for kind in KINDS:
            for value in sorted(set(self.added[kind]) | set(self.removed[kind])):
                out.append((kind, value, self.added[kind][value], self.removed[kind][value]))
        return out

    def to_dict(self) -> dict[str, object]:
        changes: dict[str, dict[str, dict[str, int]]] = {k: {} for k in KINDS}
        for kind, value, plus, minus in self.rows():
            changes[kind][value] = {"added": plus, "removed": minus}
        return {"checked": self.checked, "changed": len(self.changed_ids), "dry_run": self.dry_run,
                "fields": dict(sorted(self.fields.items())), "changes": changes}


def local_published(art: Article) -> datetime | None:
    """The publication time in the page's own offset (WIB/WITA/WIT), as extraction saw it."""
    if art.published is None:
        return None
    minutes = art.published_offset if art.published_offset is not None else 420
    return art.published.astimezone(timezone(timedelta(minutes=minutes)))


def retag_article(art: Article, tax: Taxonomy, region_hint: str | None) -> Enrichment:
    return enrich(art.title or "", art.text or "", local_published(art), tax, region_hint=region_hint)


def retag(store: ArchiveStore, tax: Taxonomy, region_hints: Mapping[str, str | None] | None = None,
          *, dry_run: bool = False, ids: Iterable[int] | None = None,
          progress: Callable[[int], None] | None = None) -> RetagReport:
    """Tag stored articles again; write the changed ones unless ``dry_run``."""
    hints = region_hints or {}
    report = RetagReport(dry_run=dry_run)
    pending: dict[int, Enrichment] = {}
    for art in store.iter_articles(ids):
        new = retag_article(art, tax, hints.get(art.site.name))
        report.checked += 1
        if _compare(art, new, report):
            report.changed_ids.append(art.id)
            if not dry_run:
                pending[art.id] = new
        if len(pending) >= WRITE_BATCH:
            _write(store, pending)
        if progress:
            progress(report.checked)
    _write(store, pending)
    return report


def _compare(art: Article, new: Enrichment, report: RetagReport) -> bool:
    changed = [f for f in FIELDS if (getattr(art, f) or None) != (getattr(new, f) or None)]
    if not changed:
        return False
    report.fields.update(changed)
    old_tags = _tags(art.programs or [], art.polda, art.polres)
    new_tags = _tags(new.programs, new.polda, new.polres)
    for kind in KINDS:
        report.added[kind].update(new_tags[kind] - old_tags[kind])
        report.removed[kind].update(old_tags[kind] - new_tags[kind])
    return True


def _tags(programs: list[str], polda: str | None, polres: str | None) -> dict[str, set[str]]:
    return {"program": set(programs), "polda": {polda} if polda else set(),
            "polres": {polres} if polres else set()}


def _write(store: ArchiveStore, pending: dict[int, Enrichment]) -> None:
    """One transaction per batch; the tags are derived data, the rest of the row is untouched."""
    if not pending:
        return
    from archive.models import Article

    with store.Session.begin() as s:
        for art_id, new in pending.items():
            art = s.get(Article, art_id)
            if art is not None:
                for name in FIELDS:
                    setattr(art, name, getattr(new, name))
    pending.clear()
