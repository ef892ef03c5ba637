"""enrich(): title and text in, Enrichment out. Pure: no I/O, no global state."""

from __future__ import annotations

from datetime import date, datetime
from itertools import compress

from .event_dates import WEEKDAYS, find_event_dates
from .matcher import scan
from .model import Enrichment
from .officials import RANKS, find_officials
from .programs import tag_programs
from .regions import tag_regions
from .taxonomy import Taxonomy
from .text import Doc


def enrich(title: str, text: str, published: datetime | date | None, tax: Taxonomy,
           region_hint: str | None = None) -> Enrichment:
    """Tag one article (its own title and text only, no sidebar) with programs, region,
    officials and event dates, each with evidence."""
    doc = Doc(title or "", text or "")
    watch = tax.watch or _watch(tax)
    # the one pass over all tokens (compress/map: the loop runs in C)
    candidates = list(compress(range(len(doc.toks)), map(watch.__contains__, doc.toks)))
    hits = scan(doc.toks, tax.phrases, tax.pairs, candidates)
    programs, program_ev = tag_programs(doc, hits, tax)
    region = tag_regions(doc, hits, tax, region_hint)
    officials, official_ev = find_officials(doc, candidates)
    dates, date_ev = find_event_dates(doc, published, candidates)
    return Enrichment(
        programs=programs,
        polda=region.polda,
        polres=region.polres,
        kabupaten_kota=region.kabupaten_kota,
        regions_mentioned=region.regions_mentioned,
        officials=officials,
        event_dates=dates,
        evidence=program_ev + region.evidence + official_ev + date_ev,
    )


def _watch(tax: Taxonomy) -> frozenset[str]:
    """Tokens any tagger looks at: phrase starts, ranks, weekdays (computed once per taxonomy)."""
    tax.watch = frozenset(tax.first) | frozenset(RANKS) | WEEKDAYS
    return tax.watch
