"""Program tags: accept alias hits according to their mode and the paragraph's context."""

from __future__ import annotations

from .matcher import Hit
from .taxonomy import Program, Taxonomy
from .text import Doc

VETO_WINDOW = 4  # words either side of a context alias that may veto it (within its sentence)
SENTENCE_END = frozenset({".", "!", "?", ";", "|"})


def tag_programs(doc: Doc, hits: list[Hit], tax: Taxonomy) -> tuple[list[str], list[dict[str, str]]]:
    """Canonical program names (sorted) and one evidence record per program."""
    found: dict[str, dict[str, str]] = {}
    for hit in hits:
        for target in hit.targets:
            if target.kind != "program" or target.key in found or target.mode == "concept":
                continue
            program = tax.programs[target.key]
            if not program.tag:
                continue
            if target.mode == "context" and not _context_accepts(doc, hit, program):
                continue
            found[program.name] = {
                "tag": "program",
                "value": program.name,
                "phrase": doc.phrase(hit.start, _with_abbreviation(doc, hit, tax)),
                "where": doc.where(hit.start),
            }
    names = sorted(found)
    return names, [found[n] for n in names]


def _context_accepts(doc: Doc, hit: Hit, program: Program) -> bool:
    toks = doc.toks
    if hit.start > 0 and toks[hit.start - 1] in program.veto_prev:
        return False
    if hit.end < len(toks) and toks[hit.end] in program.veto_next:
        return False
    window = _before(toks, hit.start) + _after(toks, hit.end)
    if program.veto.intersection(window):
        return False
    if program.veto_phrases:
        joined = f" {' '.join(window)} "
        if any(p in joined for p in program.veto_phrases):
            return False
    return _has_signal(doc, hit, program)


def _before(toks: list[str], i: int) -> list[str]:
    out = toks[max(0, i - VETO_WINDOW) : i]
    for k in range(len(out) - 1, -1, -1):
        if out[k] in SENTENCE_END:
            return out[k + 1 :]
    return out


def _after(toks: list[str], j: int) -> list[str]:
    out = toks[j : j + VETO_WINDOW]
    for k, tok in enumerate(out):
        if tok in SENTENCE_END:
            return out[:k]
    return out


def _has_signal(doc: Doc, hit: Hit, program: Program) -> bool:
    para = doc.segment_of(hit.start)
    lo, hi = doc.seg_range(para)
    if para == 0:  # a title is judged with the lead paragraph
        hi = doc.seg_range(1)[1]
    scope = doc.toks[lo:hi]
    if program.signals.intersection(scope):
        return True
    if program.signal_phrases:
        joined = f" {' '.join(scope)} "
        return any(p in joined for p in program.signal_phrases)
    return False


def _with_abbreviation(doc: Doc, hit: Hit, tax: Taxonomy) -> int:
    """Extend evidence over "(KRYD)" after an expansion of the same program."""
    j = hit.end
    toks = doc.toks
    if j + 2 < len(toks) and toks[j] == "(" and toks[j + 2] == ")":
        inner = tax.phrases.get((toks[j + 1],), ())
        if any(t.kind == "program" and t.key == hit.targets[0].key for t in inner):
            return j + 3
    return hit.end
