"""A Whoosh postings format that indexes a field's terms without Token objects.

Whoosh's ``Positions.word_values`` pulls every token through the analyzer's generator chain;
at 350 tokens a body that is most of the indexing time. ``FastPositions`` asks the analyzer
for the whole term list at once (``IndonesianAnalyzer.terms``) and also accepts a list that
was analysed already (the parallel builder analyses each document once for Whoosh and for
``search.segpost``). What is written is byte-for-byte Whoosh's Positions encoding, so every
Whoosh reader, matcher and highlighter works on it unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from pickle import dumps
from typing import Any

from whoosh.formats import Positions
from whoosh.system import pack_uint


class Preanalysed(tuple):
    """(terms, first position) of a field whose postings the writer gets some other way
    (``search.build`` streams them, sorted, straight into the segment): ``word_values``
    then only reports the field length, as one summary item the build pool drops."""


class FastPositions(Positions):
    def word_values(self, value: Any, analyzer: Any, **kwargs: Any
                    ) -> Iterable[tuple[str, int, float, bytes]]:
        if isinstance(value, Preanalysed):
            yield "", len(value[0]), 0.0, b""
            return
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], list):
            terms, first = value  # pre-analysed: (terms, position of the first)
        elif isinstance(value, str) and hasattr(analyzer, "terms"):
            terms, first = analyzer.terms(value)
        else:
            yield from super().word_values(value, analyzer, **kwargs)
            return
        fb = self.field_boost
        for w, poslist in positions(terms, first).items():
            yield w, len(poslist), len(poslist) * fb, encode_positions(poslist)


def positions(terms: list[str], first: int) -> dict[str, list[int]]:
    """term -> its positions, in order."""
    out: dict[str, list[int]] = {}
    get = out.get
    for i, t in enumerate(terms, start=first):
        p = get(t)
        if p is None:
            out[t] = [i]
        else:
            p.append(i)
    return out


def encode_positions(poslist: list[int]) -> bytes:
    """Whoosh's Positions.encode: the count, then the pickled position deltas."""
    deltas = [poslist[0]]
    deltas.extend(b - a for a, b in zip(poslist, poslist[1:], strict=False))
    return pack_uint(len(deltas)) + dumps(deltas, 2)
