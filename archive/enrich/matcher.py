"""One longest-match scan of a token list against the taxonomy's phrase dictionary."""

from __future__ import annotations

from typing import NamedTuple

from .taxonomy import Target


class Hit(NamedTuple):
    start: int  # token index
    end: int  # token index, exclusive
    targets: tuple[Target, ...]


def scan(toks: list[str], phrases: dict[tuple[str, ...], tuple[Target, ...]],
         pairs: dict[tuple[str, str], tuple[int, ...]], candidates: list[int]) -> list[Hit]:
    """Non-overlapping longest matches, left to right, starting at ``candidates`` (ascending
    token indices, every token that can start a phrase among them).

    A phrase of two tokens or more starts with one of the ``pairs``, so the pair at a
    candidate gives the only lengths worth a tuple lookup: most candidates ("kegiatan",
    "polres" before an unknown name) cost two dict lookups, not one per phrase length."""
    hits: list[Hit] = []
    n = len(toks)
    free = 0  # first token not yet covered by a hit
    for i in candidates:
        if i < free:
            continue
        longer = pairs.get((toks[i], toks[i + 1]), ()) if i + 1 < n else ()
        for length in (*longer, 1):
            if i + length <= n:
                targets = phrases.get(tuple(toks[i : i + length]))
                if targets is not None:
                    hits.append(Hit(i, i + length, targets))
                    free = i + length
                    break
    return hits
