"""Searching the index: query text plus exact filters, ranked, faceted and highlighted.

At most one index open per process (``search.reader`` keeps it open until a writer commits a
new generation, and a search that meets a vanished generation retries once on a fresh open).
The query text is parsed by Whoosh's parser (so the query language is
Whoosh's, minus wildcards) and evaluated over whole posting lists (``search.engine``); filters,
facets, date order and duplicate collapsing come from precomputed column bitsets
(``search.columns``), never from stored documents. Only the page's hits are read from the
stored fields, and their snippets are highlighted from the article text read through
``archive`` (the index does not store bodies). Filters are exact canonical names: the CLI
resolves aliases with the taxonomy before calling here.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

SORTS = ("relevance", "newest", "oldest")
FACETS = {"program": "programs", "polda": "polda", "polres": "polres", "site": "site",
          "month": "month"}
QUERY_FIELDS = ("title", "author", "text")


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

    def person_words(self) -> list[str]:
        return (self.person or "").lower().replace(",", " ").replace(".", " ").split()

    def bits(self, cols, person_bits) -> int:
        """The documents these filters allow, as a bitset over ``cols``' docnums."""
        out = cols.live
        values = cols.values
        for p in self.programs:
            out &= values.get("programs", {}).get(p, 0)
        for name, wanted in (("polda", self.polda), ("polres", self.polres),
                             ("site", self.sites)):
            if wanted:
                any_of = 0
                for v in wanted:
                    any_of |= values.get(name, {}).get(v, 0)
                out &= any_of
        if self.status != "all":
            out &= values.get("status", {}).get(self.status, 0)
        if self.since or self.until:
            out &= _date_bits(cols, self.since, self.until)
        for w in self.person_words():
            out &= person_bits(w)
        return out


def _date_bits(cols, since: datetime | None, until: datetime | None) -> int:
    """Dated documents in [since, until): a slice of the date order, no per-document reads."""
    import numpy as np
    from whoosh.util.times import datetime_to_long

    from search.columns import NO_DATE
    from search.postings import bits_of

    keys = cols.date_keys
    lo = bisect_left(keys, datetime_to_long(_naive(since)) if since else NO_DATE + 1)
    hi = bisect_left(keys, datetime_to_long(_naive(until))) if until else len(keys)
    if hi <= lo:
        return 0
    return bits_of(np.frombuffer(cols.by_date, np.int64)[lo:hi], cols.nbytes)


def _naive(d: datetime) -> datetime:
    return d.astimezone(UTC).replace(tzinfo=None) if d.tzinfo else d


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
    copies: int = 0  # syndicated copies collapsed under this hit

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
    collapsed: int = 0  # copies hidden under their originals

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "hits": [h.to_dict() for h in self.hits],
                "facets": self.facets}


FIELD_RE = re.compile(r"(?<![\w.'’])([A-Za-z_]\w*):")
NEGATION_RE = re.compile(r"(^|[\s(])-(?=[\w\"(]|$)")  # "-word" is Whoosh's "NOT word"


def _outside_quotes(text: str, fn) -> str:
    """Apply ``fn`` to the parts of ``text`` outside "quoted phrases" (a quote that opens a
    phrase keeps what precedes it, so -"jumat curhat" and title:"..." still work)."""
    parts = re.split(r'("[^"]*")', text)
    return "".join(p if p.startswith('"') else fn(p) for p in parts)


MAX_QUERY_CHARS = 2000  # a journalist's query is a few words; a pasted page is a mistake


def check_syntax(text: str) -> None:
    """Raise QueryError naming the column of the first thing the parser would misread."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text):,} characters long; the limit is "
                         f"{MAX_QUERY_CHARS:,} (search for a few words or phrases)")
    quote = None
    depth: list[int] = []
    for i, ch in enumerate(text, start=1):
        if ch == '"':
            quote = None if quote else i
        elif quote:
            continue
        elif ch == "(":
            depth.append(i)
        elif ch == ")":
            if not depth:
                raise QueryError(f"unmatched ')' at column {i} of the query")
            depth.pop()
    if quote:
        raise QueryError(f'unclosed quote (") at column {quote} of the query')
    if depth:
        raise QueryError(f"unclosed '(' at column {depth[-1]} of the query")
    unquoted = re.sub(r'"[^"]*"', lambda m: " " * len(m.group()), text)
    for m in FIELD_RE.finditer(unquoted):
        name, col = m.group(1), m.start() + 1
        if name.lower() not in QUERY_FIELDS:
            raise QueryError(f"unknown field '{name}:' at column {col} of the query; "
                             "use title: or author: (or quote the colon)")
        rest = unquoted[m.end():]
        if not rest or rest[0].isspace():
            raise QueryError(f"'{name}:' at column {col} needs a word after it "
                             f"(title:patroli, title:\"jumat curhat\")")


def parse_query(text: str, schema, any_words: bool = False):
    """Words (all by default), "phrases", -exclusions and title:/author: fields."""
    from whoosh import qparser, query

    if not text.strip():
        return query.Every()
    check_syntax(text)
    group = qparser.OrGroup if any_words else qparser.AndGroup
    parser = qparser.MultifieldParser(["title", "text"], schema, group=group)
    parser.remove_plugin_class(qparser.WildcardPlugin)
    fixed = _outside_quotes(text, lambda part: NEGATION_RE.sub(r"\1NOT ", FIELD_RE.sub(
        lambda m: m.group(1).lower() + ":", part)))
    try:
        q = parser.parse(fixed)
    except Exception as exc:  # whoosh raises assorted errors on odd input
        raise QueryError(f"cannot parse query {text!r}: {exc}") from None
    if q is query.NullQuery and re.search(r"\w", text):
        raise QueryError(f"the query {text!r} has only Indonesian stopwords; "
                         "add a word that carries meaning")
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
    fuzzy: bool = False,
    show_duplicates: bool = True,
) -> SearchResult:
    """Run a search. ``texts(ids) -> {id: text}`` supplies bodies for snippets.

    ``show_duplicates=False`` hides a syndicated copy when its original matches too (the
    original's hit counts it in ``copies``); the CLI does that by default.
    """
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    from search.reader import has_index, open_searcher

    if not has_index(index_dir):
        return SearchResult(0, [], {k: {} for k in FACETS} if facets else {})
    filters = filters or Filters()
    args = (text, filters, sort, limit, offset, any_words, facets, texts, fuzzy,
            show_duplicates)

    for attempt in (0, 1):
        opened = open_searcher(index_dir, fresh=attempt == 1)
        try:
            return _run(opened, index_dir, *args)
        except QueryError:
            raise
        except Exception:
            # A writer replaced the generation under a cached reader (a crawl's commit, a
            # rebuild): read the index as it is now, once.
            if attempt:
                raise
    raise AssertionError("unreachable")


def _run(opened, index_dir, text, filters, sort, limit, offset, any_words, facets,
         texts, fuzzy, show_duplicates) -> SearchResult:
    import numpy as np

    from search.engine import Evaluator
    from search.postings import bits_of, ids_array

    ix, searcher, cols = opened.ix, opened.searcher, opened.columns
    ev = Evaluator(searcher, cols, fuzzy=fuzzy, index_dir=index_dir)
    has_text = bool(text.strip())
    q = parse_query(text, ix.schema, any_words)
    fbits = filters.bits(cols, lambda w: ev.term_bits("persons", w.encode("utf-8"), False))
    matches = ev.bits(q) & fbits if fbits else 0
    copies: dict[int, int] = {}
    if not show_duplicates and matches & cols.copies:
        hidden = [d for d in ids_array(matches & cols.copies).tolist()
                  if matches >> cols.original[d] & 1]
        for d in hidden:
            copies[cols.original[d]] = copies.get(cols.original[d], 0) + 1
        matches &= ~bits_of(hidden, cols.nbytes)
    total = matches.bit_count()
    want = offset + limit
    scores = None
    if has_text and sort == "relevance":
        scores = ev.scores(matches)
        top = _top_scored(cols, matches, scores, want)
        if len(top) < want:  # matches that no positive term scored (e.g. only -words)
            rest = matches & ~bits_of(np.flatnonzero(scores), cols.nbytes)
            top += _by_date(cols, rest, want - len(top), newest=True)
    else:
        top = _by_date(cols, matches, want, newest=sort != "oldest")
    page = top[offset:want] if limit > 0 else []
    if page and has_text and scores is None:
        scores = ev.scores(bits_of(page, cols.nbytes))
    hits = [_hit(opened.stored_fields(d), float(scores[d]) if scores is not None else 0.0,
                 copies.get(d, 0)) for d in page]
    facet_counts = _facets(cols, matches) if facets else {}
    if hits and texts is not None:
        words = [t.decode("utf-8") for f, t in dict.fromkeys(ev.terms) if f == "text"]
        _snippets(hits, texts, words)
    return SearchResult(total, hits, facet_counts, collapsed=sum(copies.values()))


def _top_scored(cols, matches: int, scores, want: int) -> list[int]:
    """The ``want`` best-scored matches: score, then the newer, then the higher docnum."""
    import numpy as np

    cand = np.flatnonzero(scores)
    if not len(cand) or want <= 0:
        return []
    sc = scores[cand]
    if len(cand) > want:  # keep everything tied with the want-th score, then sort those
        kth = np.partition(sc, len(sc) - want)[len(sc) - want]
        keep = sc >= kth
        cand, sc = cand[keep], sc[keep]
    pub = np.frombuffer(cols.published, np.int64)[cand]
    order = np.lexsort((-cand, -pub, -sc))
    return cand[order[:want]].tolist()


def _by_date(cols, matches: int, want: int, newest: bool) -> list[int]:
    """The first ``want`` matches in date order (ties: higher docnum first when newest)."""
    import numpy as np

    from search.postings import mask_of

    if not matches or want <= 0:
        return []
    order = np.frombuffer(cols.by_date, np.int64)
    hit = order[mask_of(matches, cols.nbytes)[order]]
    return (hit[::-1][:want] if newest else hit[:want]).tolist()


def _facets(cols, matches: int) -> dict[str, dict[str, int]]:
    out = {}
    for name, fname in FACETS.items():
        counts = {}
        for value, bits in cols.values.get(fname, {}).items():
            if value and (c := (matches & bits).bit_count()):
                counts[value] = c
        out[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return out


def _hit(h: dict, score: float, copies: int) -> Hit:
    return Hit(
        id=h["id"], url=h["url"], title=h.get("title", ""),
        published=_local(h.get("published"), h.get("offset")),
        site=h.get("site", ""),
        programs=[p for p in (h.get("programs") or "").split(",") if p],
        polda=h.get("polda") or None, polres=h.get("polres") or None, score=score,
        copies=copies,
    )


def _local(published: datetime | None, offset: int | None) -> datetime | None:
    if published is None:
        return None
    zone = timezone(timedelta(minutes=offset if offset is not None else 420))
    return published.replace(tzinfo=UTC).astimezone(zone)


def _snippets(hits: list[Hit], texts, words: list[str]) -> None:
    from whoosh import highlight

    from search.analysis import highlight_analyzer

    analyzer = highlight_analyzer(words)
    class Bold(highlight.Formatter):
        def format_token(self, text, token, replace=False):
            return "<b>" + highlight.get_text(text, token, replace) + "</b>"

    bodies = texts([h.id for h in hits])
    for hit in hits:
        body = bodies.get(hit.id, "") or ""
        snippet = ""
        if words and body:
            snippet = highlight.highlight(
                body, words, analyzer, highlight.ContextFragmenter(maxchars=220, surround=60),
                Bold(), top=2) or ""
        hit.snippet = " ".join((snippet or body[:200]).split())
