"""Evaluating a parsed Whoosh query over whole posting lists, then BM25F over the matches.

``Evaluator.bits(q)`` turns the query tree (Term, And, Or, Not, AndNot, AndMaybe, Phrase,
FuzzyTerm, Every, ...) into the set of matching docnums; ``Evaluator.scores(matches)`` gives
each match its BM25F score (per-field BM25, weights already carry the title's field boost,
summed over the query's positive terms). Query types without a fast path fall back to
Whoosh's own matcher, so nothing the parser can produce is dropped.
"""

from __future__ import annotations

from itertools import accumulate
from math import log
from pickle import loads

from whoosh import query as wq

from search.columns import Columns
from search.postings import Postings, bits_of, ids_of, member_bytes, read_postings

K1, B = 1.2, 0.75
FUZZY_FIELDS = ("title", "text", "author")


class Evaluator:
    def __init__(self, searcher, cols: Columns, fuzzy: bool = False) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.cols = cols
        self.fuzzy = fuzzy
        self.terms: list[tuple[str, bytes]] = []  # positive terms, for scoring and highlighting
        self._postings: dict[tuple[str, bytes, bool], Postings] = {}

    # -- document sets ------------------------------------------------------------------
    def postings(self, field: str, btext: bytes, values: bool = False) -> Postings:
        key = (field, btext, values)
        p = self._postings.get(key)
        if p is None:
            p = read_postings(self.reader, field, btext, values)
            self._postings[key] = p
            if values:
                self._postings[(field, btext, False)] = p
        return p

    def term_bits(self, field: str, btext: bytes, positive: bool) -> int:
        if positive:
            self.terms.append((field, btext))
        return bits_of(self.postings(field, btext).ids, self.cols.nbytes) & self.cols.live

    def bits(self, q, positive: bool = True) -> int:
        cols = self.cols
        if isinstance(q, wq.Every):
            return cols.live
        if q is wq.NullQuery:
            return 0
        if isinstance(q, wq.FuzzyTerm) or (self.fuzzy and isinstance(q, wq.Term)
                                             and q.fieldname in FUZZY_FIELDS):
            return self._fuzzy(q, positive)
        if isinstance(q, wq.Term):
            if q.fieldname not in self.reader.schema:
                return 0
            field = self.reader.schema[q.fieldname]
            return self.term_bits(q.fieldname, field.to_bytes(q.text), positive)
        if isinstance(q, wq.Phrase):
            return self._phrase(q, positive)
        if isinstance(q, wq.AndNot):
            return self.bits(q.a, positive) & ~self.bits(q.b, not positive)
        if isinstance(q, wq.AndMaybe):
            self.bits(q.b, positive)  # only for scoring
            return self.bits(q.a, positive)
        if isinstance(q, wq.Require):
            return self.bits(q.a, positive) & self.bits(q.b, positive)
        if isinstance(q, wq.Not):
            return cols.live & ~self.bits(q.query, not positive)
        if isinstance(q, wq.And):
            return self._and(q.subqueries, positive)
        if isinstance(q, (wq.Or, wq.DisjunctionMax)):
            out = 0
            for sub in q.subqueries:
                out |= self.bits(sub, positive)
            return out
        if isinstance(q, wq.ConstantScoreQuery | wq.WrappingQuery):
            return self.bits(q.child, positive)
        return self._fallback(q)

    def _and(self, subs, positive: bool) -> int:
        # Positive parts first, then exclusions (Not) subtract from what is left.
        out = self.cols.live
        for sub in sorted(subs, key=lambda s: isinstance(s, wq.Not)):
            if isinstance(sub, wq.Not):
                out &= ~self.bits(sub.query, not positive)
            else:
                out &= self.bits(sub, positive)
            if not out:
                return 0
        return out

    def _fuzzy(self, q, positive: bool) -> int:
        field = self.reader.schema[q.fieldname]
        maxdist = getattr(q, "maxdist", None) or (1 if len(q.text) <= 5 else 2)
        prefix = getattr(q, "prefixlength", 1)
        words = set(self.reader.terms_within(q.fieldname, q.text, maxdist, prefix=prefix))
        words.add(q.text)
        out = 0
        for w in words:
            btext = field.to_bytes(w)
            if (q.fieldname, btext) in self.reader:
                out |= self.term_bits(q.fieldname, btext, positive)
        return out

    def _phrase(self, q, positive: bool) -> int:
        field = self.reader.schema[q.fieldname]
        words = [field.to_bytes(w) for w in q.words]
        if not words:
            return 0
        cand = self.cols.live
        for w in words:
            cand &= self.term_bits(q.fieldname, w, positive)
            if not cand:
                return 0
        if len(words) == 1 or not field.format.supports("positions"):
            return cand
        member = member_bytes(cand, self.cols.nbytes)
        per_word = []
        for w in words:
            p = self.postings(q.fieldname, w, values=True)
            per_word.append({d: v for d, v in zip(p.ids, p.values, strict=True)
                             if member[d >> 3] >> (d & 7) & 1})
        slop = q.slop or 1
        keep = [d for d in per_word[0] if _adjacent([pw[d] for pw in per_word], slop)]
        return bits_of(keep, self.cols.nbytes)

    def _fallback(self, q) -> int:
        m = q.matcher(self.searcher)
        return bits_of(list(m.all_ids()), self.cols.nbytes) & self.cols.live

    # -- scoring --------------------------------------------------------------------------
    def scores(self, matches: int) -> dict[int, float]:
        """BM25F of every matching docnum (0.0 when no positive term scores it)."""
        member = member_bytes(matches, self.cols.nbytes)
        n = max(self.reader.doc_count_all(), 1)
        acc: dict[int, float] = {}
        get = acc.get
        for field, btext in dict.fromkeys(self.terms):
            p = self.postings(field, btext)
            df = len(p)
            if not df:
                continue
            idf = log(n / (df + 1)) + 1
            lens = self.cols.lengths.get(field)
            avg = self.cols.avg_length.get(field) or 1.0
            k1b = K1 * (1 - B)
            k1ba = K1 * B / avg
            num = idf * (K1 + 1)
            for d, w in zip(p.ids, p.weights, strict=True):
                if member[d >> 3] >> (d & 7) & 1:
                    fl = lens[d] if lens is not None else avg
                    acc[d] = get(d, 0.0) + num * w / (w + k1b + k1ba * fl)
        return acc

    def matched_ids(self, matches: int) -> list[int]:
        return ids_of(matches)


def _adjacent(values: list[bytes], slop: int) -> bool:
    """Whether the words' positions (encoded values, in phrase order) line up."""
    first = set(_positions(values[0]))
    for offset, v in enumerate(values[1:], start=1):
        here = _positions(v)
        if slop == 1:
            hs = set(here)
            first = {p for p in first if p + offset in hs}
        else:
            first = {p for p in first if any(0 <= h - p - offset < slop for h in here)}
        if not first:
            return False
    return True


def _positions(value: bytes) -> list[int]:
    return list(accumulate(loads(value[4:] + b"." if not value.endswith(b".") else value[4:])))
