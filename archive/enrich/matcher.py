"""One longest-match scan of a token list against the taxonomy's phrase dictionary."""

from __future__ import annotations

from typing import NamedTuple

from .taxonomy import Target


class Hit(NamedTuple):
    start: int  # token index
    end: int  # token index, exclusive
    targets: tuple[Target, ...]


def scan(toks: list[str], phrases: dict[tuple[str, ...], tuple[Target, ...]],
         first: dict[str, tuple[int, ...]], candidates: list[int] | None = None) -> list[Hit]:
    """Non-overlapping longest matches, left to right: one set test per token, then a few
    dict lookups at the tokens that can start a phrase."""
    hits: list[Hit] = []
    n = len(toks)
    free = 0  # first token not yet covered by a hit
    if candidates is None:
        candidates = [k for k, t in enumerate(toks) if t in first]
    for i in candidates:
        if i < free or toks[i] not in first:
            continue
        for length in first[toks[i]]:
            if i + length <= n:
                targets = phrases.get(tuple(toks[i : i + length]))
                if targets is not None:
                    hits.append(Hit(i, i + length, targets))
                    free = i + length
                    break
    return hits
