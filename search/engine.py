"""Evaluating a parsed Whoosh query over whole posting lists, then BM25F over the matches.

``Evaluator.bits(q)`` turns the query tree (Term, And, Or, Not, AndNot, AndMaybe, Phrase,
FuzzyTerm, Every, ...) into the set of matching docnums (an int bitset); ``Evaluator.scores``
gives every match its BM25F score (per-field BM25, weights already carry the title's field
boost, summed over the query's positive terms) as a numpy array over docnums.

Postings of ``title`` and ``text`` come from the segments' compact files (``search.segpost``,
array slices); other fields, and segments without a compact file, are read through Whoosh
(``search.postings``). Query types without a fast path fall back to Whoosh's own matcher, so
nothing the parser can produce is dropped.
"""

from __future__ import annotations

from itertools import accumulate
from math import log
from pathlib import Path
from pickle import loads

import numpy as np
from whoosh import query as wq

from search import segpost
from search.columns import Columns
from search.postings import bits_of, ids_array, mask_of, read_postings

K1, B = 1.2, 0.75
FUZZY_FIELDS = ("title", "text", "author")
_EMPTY = np.zeros(0, np.int64)


class Evaluator:
    def __init__(self, searcher, cols: Columns, fuzzy: bool = False,
                 index_dir: Path | None = None) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.cols = cols
        self.fuzzy = fuzzy
        self.terms: list[tuple[str, bytes]] = []  # positive terms, for scoring and highlighting
        # Per entry of ``terms``: the compound query nodes it sits under (ids into
        # ``_node_bits``); it scores only where all of them matched, as in Whoosh's matchers.
        self._term_nodes: list[tuple[int, ...]] = []
        self._path: list[int] = []  # compound nodes being evaluated, outermost first
        self._node_bits: list[int] = []  # match set of each compound node
        self._constants: list[tuple[float, tuple[int, ...]]] = []  # (score, nodes): Not
        self._postings: dict[tuple[str, bytes], tuple[np.ndarray, np.ndarray]] = {}
        self.leaves = []  # (whoosh leaf reader, docnum offset, compact postings or None)
        for leaf, offset in self.reader.leaf_readers():
            seg = leaf.segment() if hasattr(leaf, "segment") else None
            compact = (segpost.open_for(index_dir, seg.segment_id(), leaf.doc_count_all())
                       if index_dir is not None and seg is not None else None)
            self.leaves.append((leaf, offset, compact))

    # -- postings -------------------------------------------------------------------------
    def postings(self, field: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
        """(docnums int64, weights float64) of ``field:btext`` over all segments."""
        key = (field, btext)
        hit = self._postings.get(key)
        if hit is not None:
            return hit
        ids, weights = [], []
        boost = None
        for leaf, offset, compact in self.leaves:
            if compact is not None and field in compact.terms:
                got = compact.get(field, btext)
                if got is None:
                    continue
                if boost is None:
                    boost = self.reader.schema[field].format.field_boost
                ids.append(got[0].astype(np.int64) + offset)
                weights.append(got[1] * boost)
            elif (field, btext) in leaf:
                p = read_postings(leaf, field, btext)
                ids.append(np.frombuffer(p.ids, np.int64) + offset)
                weights.append(np.frombuffer(p.weights, np.float32).astype(np.float64))
        out = ((np.concatenate(ids), np.concatenate(weights)) if ids
               else (_EMPTY, np.zeros(0)))
        self._postings[key] = out
        return out

    def positions(self, field: str, btext: bytes):
        """(docnums, term frequencies, positions in docnum then position order)."""
        ids, tfs, poss = [], [], []
        for leaf, offset, compact in self.leaves:
            if compact is not None and field in compact.terms:
                got = compact.get(field, btext, positions=True)
                if got is not None:
                    ids.append(got[0].astype(np.int64) + offset)
                    tfs.append(got[1].astype(np.int64))
                    poss.append(got[2].astype(np.int64))
            elif (field, btext) in leaf:
                p = read_postings(leaf, field, btext, values=True)
                plists = [_positions(v) for v in p.values]
                ids.append(np.frombuffer(p.ids, np.int64) + offset)
                tfs.append(np.fromiter((len(x) for x in plists), np.int64, len(plists)))
                poss.append(np.fromiter((x for pl in plists for x in pl), np.int64))
        if not ids:
            return _EMPTY, _EMPTY, _EMPTY
        return np.concatenate(ids), np.concatenate(tfs), np.concatenate(poss)

    # -- document sets ------------------------------------------------------------------
    def term_bits(self, field: str, btext: bytes, positive: bool) -> int:
        if positive:
            self.terms.append((field, btext))
            self._term_nodes.append(tuple(self._path))
        return bits_of(self.postings(field, btext)[0], self.cols.nbytes) & self.cols.live

    def bits(self, q, positive: bool = True) -> int:
        cols = self.cols
        if isinstance(q, wq.Every):
            return cols.live
        if q is wq.NullQuery:
            return 0
        if isinstance(q, wq.Term) and not isinstance(q, wq.FuzzyTerm) and not (
                self.fuzzy and q.fieldname in FUZZY_FIELDS):
            # A plain term scores where it occurs: its postings already say where.
            if q.fieldname not in self.reader.schema:
                return 0
            field = self.reader.schema[q.fieldname]
            return self.term_bits(q.fieldname, field.to_bytes(q.text), positive)
        node = len(self._node_bits)
        self._node_bits.append(0)
        self._path.append(node)
        try:
            out = self._node(q, positive)
        finally:
            self._path.pop()
        self._node_bits[node] = out
        return out

    def _node(self, q, positive: bool) -> int:
        cols = self.cols
        if isinstance(q, wq.FuzzyTerm) or (self.fuzzy and isinstance(q, wq.Term)
                                             and q.fieldname in FUZZY_FIELDS):
            return self._fuzzy(q, positive)
        if isinstance(q, wq.Phrase):
            return self._phrase(q, positive)
        if isinstance(q, wq.AndNot):
            return self.bits(q.a, positive) & ~self.bits(q.b, not positive)
        if isinstance(q, wq.AndMaybe):
            self.bits(q.b, positive)  # only for scoring
            return self.bits(q.a, positive)
        if isinstance(q, wq.Require):
            # Whoosh scores a Require by ``a`` alone.
            return self.bits(q.a, positive) & self.bits(q.b, False)
        if isinstance(q, wq.Not):
            if positive:  # Whoosh's InverseMatcher scores its boost (1.0) where it matches
                self._constants.append((q.boost, tuple(self._path)))
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
        mask = mask_of(cand, self.cols.nbytes)
        slop = q.slop or 1
        if slop == 1:
            return bits_of(self._adjacent_docs(q.fieldname, words, mask),
                           self.cols.nbytes) & cand
        per_word = []
        for w in words:
            ids, tf, pos = self.positions(q.fieldname, w)
            ends = np.cumsum(tf)
            keep = mask[ids]
            per_word.append({int(d): pos[e - t:e].tolist()
                             for d, t, e in zip(ids[keep], tf[keep], ends[keep], strict=True)})
        keep = [d for d in per_word[0] if _near([pw[d] for pw in per_word], slop)]
        return bits_of(keep, self.cols.nbytes)

    def _adjacent_docs(self, field: str, words: list[bytes], mask: np.ndarray) -> np.ndarray:
        """Docnums where the words occur at consecutive positions (a superset outside
        ``mask``: the caller intersects): each word's (doc << 32 | position - its index in
        the phrase) keys, intersected. Keys come out sorted (postings are in docnum order,
        positions ascending), so intersecting is a binary search, not a sort; the rarest
        word goes first so the searched keys stay few."""
        got = sorted(((i, self.positions(field, w)) for i, w in enumerate(words)),
                     key=lambda x: len(x[1][2]))
        dense = mask[:self.cols.ndocs].mean() > 0.5  # masking would cost more than it saves
        keys = None
        for i, (ids, tf, pos) in got:
            if not dense:
                keep = mask[ids]  # postings of candidate documents only
                pos = pos[np.repeat(keep, tf)]
                ids, tf = ids[keep], tf[keep]
            k = np.repeat(ids << 32, tf)
            k |= pos
            if i:
                k = k[pos >= i] - i
            if keys is not None:
                at = np.searchsorted(k, keys)
                hit = at < len(k)
                hit[hit] = k[at[hit]] == keys[hit]
                k = keys[hit]
            keys = k
            if not len(keys):
                return _EMPTY
        docs = keys >> 32
        return docs[np.r_[True, docs[1:] != docs[:-1]]]

    def _fallback(self, q) -> int:
        m = q.matcher(self.searcher)
        return bits_of(list(m.all_ids()), self.cols.nbytes) & self.cols.live

    # -- scoring --------------------------------------------------------------------------
    def scores(self, matches: int) -> np.ndarray:
        """BM25F per docnum (float64, 0.0 outside ``matches`` or where no positive term
        occurs). As Whoosh's matchers do, a term adds its score once per occurrence in the
        query (``"a b" a`` counts ``a`` twice), and only where every compound query it sits
        under matched (in ``"a b" OR c`` a document with ``c`` and no phrase gets nothing
        for ``a`` or ``b``)."""
        cols = self.cols
        mask = mask_of(matches, cols.nbytes)
        masks = {(): mask}
        n = max(self.reader.doc_count_all(), 1)
        acc = np.zeros(len(mask))

        def where(nodes: tuple[int, ...]) -> np.ndarray:
            # The outermost node's match set holds every match already: skip it.
            nodes = nodes[1:] if nodes and nodes[0] == 0 else nodes
            m = masks.get(nodes)
            if m is None:
                restrict = matches
                for node in nodes:
                    restrict &= self._node_bits[node]
                m = masks[nodes] = mask_of(restrict, cols.nbytes)
            return m

        for boost, nodes in self._constants:
            acc += where(nodes) * boost
        for (field, btext), nodes in zip(self.terms, self._term_nodes, strict=True):
            ids, w = self.postings(field, btext)
            df = len(ids)
            if not df:
                continue
            m = where(nodes)
            idf = log(n / (df + 1)) + 1
            avg = cols.avg_length.get(field) or 1.0
            sel = m[ids]
            ids, w = ids[sel], w[sel]
            lens = cols.lengths.get(field)
            fl = (np.frombuffer(lens, np.uint32)[ids] if lens is not None
                  else np.full(len(ids), avg))
            acc[ids] += idf * (K1 + 1) * w / (w + K1 * (1 - B) + K1 * B / avg * fl)
        return acc

    def matched_ids(self, matches: int) -> np.ndarray:
        return ids_array(matches)


def _near(positions: list[list[int]], slop: int) -> bool:
    """Whether the words' positions (in phrase order) line up within ``slop``: as Whoosh's
    SpanNear2(ordered=True, mindist=1), each next word 1 to ``slop`` positions after where
    the span so far ends."""
    ends = set(positions[0])
    for here in positions[1:]:
        ends = {h for h in here if any(1 <= h - e <= slop for e in ends)}
        if not ends:
            return False
    return True


def _positions(value: bytes) -> list[int]:
    return list(accumulate(loads(value[4:] + b"." if not value.endswith(b".") else value[4:])))
