"""Searching the index: query text plus exact filters, ranked, faceted and highlighted.

One index open per call. Filters are exact terms on canonical names (the CLI resolves aliases
with the taxonomy before calling here). Snippets are highlighted from the article text read
through ``archive`` (the index does not store bodies).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from whoosh import highlight, qparser, sorting
from whoosh.query import And, ConstantScoreQuery, DateRange, Every, Or, Query, Term

from search.indexer import exists, open_index

SORTS = ("relevance", "newest", "oldest")
FACETS = {"program": "programs", "polda": "polda", "polres": "polres", "site": "site",
          "month": "month"}


class QueryError(ValueError):
    """A query or filter that cannot be run; the message says what to change."""


@dataclass
class Filters:
    programs: list[str] = field(default_factory=list)  # all must match
    polda: list[str] = field(default_factory=list)  # any
    polres: list[str] = field(default_factory=list)  # any
    sites: list[str] = field(default_factory=list)  # any
    since: datetime | None = None
    until: datetime | None = None  # exclusive
    status: str = "live"  # live | deleted | all
    person: str | None = None

    def query(self) -> Query | None:
        parts: list[Query] = [Term("programs", p) for p in self.programs]
        for name, values in (("polda", self.polda), ("polres", self.polres),
                             ("site", self.sites)):
            if values:
                parts.append(Or([Term(name, v) for v in values]))
        if self.since or self.until:
            parts.append(DateRange("published", _naive(self.since), _naive(self.until),
                                   endexcl=True))
        if self.status != "all":
            parts.append(Term("status", self.status))
        if self.person:
            words = self.person.lower().replace(",", " ").replace(".", " ").split()
            parts.extend(Term("persons", w) for w in words)
        return And(parts) if parts else None


def _naive(d: datetime | None) -> datetime | None:
    return d.astimezone(UTC).replace(tzinfo=None) if d else None


@dataclass
class Hit:
    id: int
    url: str
    title: str
    published: datetime | None
    site: str
    programs: list[str]
    polda: str | None
    polres: str | None
    score: float
    snippet: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url, "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "site": self.site, "programs": self.programs, "polda": self.polda,
            "polres": self.polres, "score": round(self.score, 4), "snippet": self.snippet,
        }


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "hits": [h.to_dict() for h in self.hits],
                "facets": self.facets}


def parse_query(text: str, schema, any_words: bool = False) -> Query:
    """Words (all by default), "phrases", -exclusions and title:/author: fields."""
    if not text.strip():
        return Every()
    group = qparser.OrGroup if any_words else qparser.AndGroup
    parser = qparser.MultifieldParser(["title", "text"], schema, group=group)
    parser.remove_plugin_class(qparser.WildcardPlugin)
    try:
        q = parser.parse(text)
    except Exception as exc:  # whoosh raises assorted errors on odd input
        raise QueryError(f"cannot parse query {text!r}: {exc}") from None
    return q


def run_search(
    index_dir: Path,
    text: str = "",
    filters: Filters | None = None,
    *,
    sort: str = "relevance",
    limit: int = 10,
    offset: int = 0,
    any_words: bool = False,
    facets: bool = True,
    texts: Any = None,
) -> SearchResult:
    """Run a search. ``texts(ids) -> {id: text}`` supplies bodies for snippets."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    if not exists(index_dir):
        return SearchResult(0, [], {k: {} for k in FACETS})
    filters = filters or Filters()
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        q = parse_query(text, ix.schema, any_words)
        fq = filters.query()
        if fq is not None:
            q = And([q, ConstantScoreQuery(fq, 0.0)]) if not isinstance(q, Every) else fq
        sortedby = _sortedby(sort, isinstance(q, Every) or not text.strip())
        groupedby = {name: sorting.FieldFacet(fname, allow_overlap=fname == "programs",
                                              maptype=sorting.Count)
                     for name, fname in FACETS.items()} if facets else None
        page_end = offset + limit
        results = searcher.search(q, limit=max(page_end, 1), sortedby=sortedby,
                                  groupedby=groupedby, terms=True)
        total = len(results)
        page = list(results)[offset:page_end] if limit > 0 else []
        hits = [_hit(h) for h in page]
        facet_counts = {name: _counts(results, name) for name in FACETS} if facets else {}
        if hits and texts is not None:
            _snippets(page, hits, texts, highlight_terms=bool(text.strip()))
    return SearchResult(total, hits, facet_counts)


def _sortedby(sort: str, no_text: bool):
    published = sorting.FieldFacet("published", reverse=sort != "oldest")
    if sort == "relevance" and not no_text:
        return [sorting.ScoreFacet(), published]  # equal scores: newer first
    return published


def _counts(results, name: str) -> dict[str, int]:
    groups = results.groups(name)
    counts = {str(k): int(v) for k, v in groups.items() if k not in (None, "", b"")}
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _hit(h) -> Hit:
    published = h.get("published")
    return Hit(
        id=h["id"], url=h["url"], title=h.get("title", ""),
        published=_local(published, h.get("offset")),
        site=h.get("site", ""),
        programs=[p for p in (h.get("programs") or "").split(",") if p],
        polda=h.get("polda") or None, polres=h.get("polres") or None, score=_score(h.score),
    )


def _local(published: datetime | None, offset: int | None) -> datetime | None:
    if published is None:
        return None
    zone = timezone(timedelta(minutes=offset if offset is not None else 420))
    return published.replace(tzinfo=UTC).astimezone(zone)


def _score(key) -> float:
    """The BM25F score: with ``sortedby`` Whoosh hands back the sort key (-score, date)."""
    if isinstance(key, tuple):
        key = -key[0] if key and isinstance(key[0], (int, float)) else 0.0
    return float(key) if isinstance(key, (int, float)) else 0.0


class _Bold(highlight.Formatter):
    def format_token(self, text, token, replace=False):
        return "<b>" + highlight.get_text(text, token, replace) + "</b>"


def _snippets(page, hits: list[Hit], texts, highlight_terms: bool) -> None:
    bodies = texts([h.id for h in hits])
    for whoosh_hit, hit in zip(page, hits, strict=True):
        body = bodies.get(hit.id, "")
        snippet = ""
        if highlight_terms:
            whoosh_hit.results.fragmenter = highlight.ContextFragmenter(maxchars=220,
                                                                         surround=60)
            whoosh_hit.results.formatter = _Bold()
            snippet = whoosh_hit.highlights("text", text=body, top=2) or ""
        hit.snippet = " ".join((snippet or body[:200]).split())


