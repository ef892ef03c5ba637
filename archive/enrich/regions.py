"""Primary region of an article, by evidence in order of strength.

1. the dateline ("JEMBER –", "Polres Karawang, Polda Jabar -", "Polsek Klari -");
2. a "Humas Polres X" byline (or "Bidhumas Polda X" for a Polda release);
3. the Polres named in the title, then in the first paragraph;
4. the site-level ``region_hint``;
5. mention counts (Polres, then Polsek via its Polres, then Polda, then kabupaten/kota).
The Polda always follows from the Polres. A dateline that names only a Polda, or only the Polda
headquarters city of an article that names the Polda and no Polres there, makes a Polda-level
article (polres None) unless the title names one of its Polres, the lead names exactly one, or
the title/lead names one of its Polsek. When the dateline or lead shows a sub-Polres unit
("Polsek Kao, Polda Malut –" with Kao unknown, "Bhabinkamtibmas ..."), the Polres is the one of
that Polda the byline or the mention counts give ("Kapolres X", "wilayah hukum Polres X").
A bare dateline place none of whose Polres the text names ("KEDIRI –", Kecamatan Kediri in
Tabanan) yields to the Polres (or Polsek) named in the title or lead.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from .errors import TaxonomyError
from .matcher import Hit
from .taxonomy import Target, Taxonomy
from .text import Doc, collapse, normalise_key, normalise_tokens, raw_tokens

DATELINE_RE = re.compile(
    r"\s*(?P<place>[^\s\-–—][^\n–—]{0,80}?)"  # place words, up to the dash
    r"(?:\s*[–—]+|\s+-+|-+\s)\s*(?=\S)"  # en/em dash, or a hyphen with a space on one side
)
DATELINE_MAX_TOKENS = 10
BYLINE_WORDS = frozenset({"humas", "sihumas", "bidhumas", "subbaghumas", "subbidpenmas"})
# "Kabid Humas Polda Jatim", "Kasi Humas Polres X" name an official, not the article's author
NOT_BYLINE_BEFORE = frozenset({"kabid", "kasi", "kasie", "kasubsi", "kasubbag", "kasubbid", "paur",
                               "kaur", "kadiv", "kepala", "ka", "wakabid", "kaurmintu", "ps", "plt"})
SENTENCE_END = (".", "!", "?", ":", "\"", "”", ")")
REGION_KINDS = frozenset({"polres", "polda", "polsek", "kabkota"})
SUB_UNIT_WORDS = frozenset({"polsek", "mapolsek", "kapolsek", "polsubsektor", "pospol"})
# a title or lead about a Polsek or its Bhabinkamtibmas makes a Polda-dateline article Polres-level
LEAD_SUB_UNIT_WORDS = SUB_UNIT_WORDS | {"bhabinkamtibmas", "babinkamtibmas", "bhabin"}


class Mention(NamedTuple):
    kind: str  # "polres" | "polda" | "polsek" | "kabkota"
    keys: tuple[str, ...]  # polres ids | polda names | "Polsek X" | kabupaten/kota names
    start: int
    end: int


@dataclass
class RegionResult:
    polda: str | None = None
    polres: str | None = None
    kabupaten_kota: list[str] = field(default_factory=list)
    regions_mentioned: list[str] = field(default_factory=list)
    evidence: list[dict[str, str]] = field(default_factory=list)


@dataclass
class _Choice:
    uid: str | None
    polda: str | None
    phrase: str
    where: str


def tag_regions(doc: Doc, hits: list[Hit], tax: Taxonomy, region_hint: str | None) -> RegionResult:
    mentions = _mentions(hits)
    hint = _hint(tax, region_hint)
    named_poldas = {k for m in mentions if m.kind == "polda" for k in m.keys}
    if hint and hint.get("polda"):
        named_poldas.add(str(hint["polda"]))
    ctx = _Ctx(doc, tax, mentions, named_poldas)
    choice = _dateline(ctx) or _byline(ctx) or _named_in(ctx, 0) or _named_in(ctx, 1)
    choice = choice or _from_hint(tax, hint, region_hint) or _counts(ctx, hint)
    return _result(ctx, choice)


@dataclass
class _Ctx:
    doc: Doc
    tax: Taxonomy
    mentions: list[Mention]
    named_poldas: set[str]
    dateline: tuple[int, int] = (-1, -1)  # token range of the dateline

    def units(self, m: Mention) -> list[str]:
        return self.pick(self.tax.units_of(tuple(Target(m.kind, k) for k in m.keys)))

    def pick(self, uids: list[str]) -> list[str]:
        """Prefer units of a Polda the article (or hint) names: "Polres Banjar" + "Polda Jabar"."""
        preferred = [u for u in uids if self.tax.polres[u].polda in self.named_poldas]
        return preferred or uids

    def where(self, m: Mention) -> str:
        lo, hi = self.dateline
        return "dateline" if lo <= m.start < hi else self.doc.where(m.start)

    def segment(self, m: Mention) -> int:
        return self.doc.segment_of(m.start)

    def phrase(self, m: Mention) -> str:
        return self.doc.phrase(m.start, m.end)

    def mentioned_units(self) -> set[str]:
        return {u for m in self.mentions if m.kind == "polres" for u in m.keys}


def _mentions(hits: list[Hit]) -> list[Mention]:
    out: list[Mention] = []
    for hit in hits:
        by_kind: dict[str, list[str]] = {}
        for t in hit.targets:
            if t.kind in REGION_KINDS:
                by_kind.setdefault(t.kind, []).append(t.key)
        out.extend(Mention(kind, tuple(keys), hit.start, hit.end) for kind, keys in by_kind.items())
    return out


def _hint(tax: Taxonomy, region_hint: str | None) -> dict[str, object] | None:
    if not region_hint:
        return None
    try:
        return tax.resolve_region(region_hint)
    except TaxonomyError:
        return None


def _dateline(ctx: _Ctx) -> _Choice | None:
    doc = ctx.doc
    n, m = _dateline_match(doc)
    if m is None:
        return None
    size = len(raw_tokens(m.group("place")))
    if size > DATELINE_MAX_TOKENS:
        return None
    lo = doc.seg_starts[n]
    inside = [x for x in ctx.mentions if lo <= x.start < lo + size]
    targets = inside or _bare_places(ctx, m.group("place"))
    if not targets:
        return None
    ctx.dateline = (lo, lo + size)
    phrase = collapse(m.group("place"))
    for kind in ("polres", "polsek", "kabkota"):
        for x in targets:
            if x.kind == kind:
                return _unit_choice(ctx, x, ctx.phrase(x) if x.start >= 0 else phrase, kind)
    polda = next(x.keys[0] for x in targets if x.kind == "polda")
    sub_unit = bool(SUB_UNIT_WORDS.intersection(doc.toks[lo : lo + size]))  # "Polsek Kao, Polda Malut -"
    return _polda_level(ctx, polda, phrase, "dateline", sub_unit)


def _dateline_match(doc: Doc) -> tuple[int, re.Match[str] | None]:
    """The dateline opens paragraph 1, or paragraph 2 when paragraph 1 is a heading (the
    title repeated by the extractor, a kicker) rather than a sentence."""
    for n, para in enumerate(doc.paras[:2], start=1):
        m = DATELINE_RE.match(para)
        if m:
            return n, m
        if para.rstrip().endswith(SENTENCE_END):
            break
    return 0, None


def _bare_places(ctx: _Ctx, place: str) -> list[Mention]:
    """Bare names in a dateline: "JEMBER", "Kota Bima, NTB", "UMBULSARI"."""
    out: list[Mention] = []
    for part in re.split(r"[,/(]", place):
        key = tuple(normalise_tokens(part))
        targets = ctx.tax.places.get(key)
        if targets:
            for kind in ("kabkota", "polsek", "polda"):
                keys = tuple(t.key for t in targets if t.kind == kind)
                if keys:
                    out.append(Mention(kind, keys, -1, -1))
    return out


def _unit_choice(ctx: _Ctx, m: Mention, phrase: str, kind: str) -> _Choice | None:
    uids = ctx.units(m)
    if not uids:
        return None
    mentioned = [u for u in uids if u in ctx.mentioned_units()]
    if kind == "kabkota" and not mentioned:
        polda = ctx.tax.polres[uids[0]].polda
        if ctx.tax.polda_hq.get(polda) in m.keys and polda in ctx.named_poldas:
            return _polda_level(ctx, polda, phrase, "dateline")  # "SURABAYA –" Polda release
    if kind == "kabkota" and not mentioned:  # "KEDIRI -" (Kecamatan Kediri, Tabanan) + "Polres Tabanan"
        lead = _named_in(ctx, 0) or _named_in(ctx, 1) or _lead_polsek(ctx, None)
        if lead is not None:
            return lead
    uid = (mentioned or uids)[0]
    return _Choice(uid, ctx.tax.polres[uid].polda, phrase, "dateline")


def _polda_level(ctx: _Ctx, polda: str, phrase: str, where: str, sub_unit: bool = False) -> _Choice:
    """A Polda dateline/byline; a Polres of that Polda in the title or lead paragraph still
    wins ("Polda Jatim — Polres Malang melaksanakan ...": the portal names the unit chain).
    ``sub_unit``: the dateline also names a Polsek we cannot place ("Polsek Kao, Polda Malut"),
    so the article is a Polres-level one: its Polres is the one of that Polda the article names
    by byline ("Humas Polres X"), or most often ("Kapolres X", "wilayah hukum Polres X")."""
    lead: dict[str, Mention] = {}  # Polres of this Polda named in the title or lead paragraph
    for m in ctx.mentions:
        if m.kind == "polres" and ctx.segment(m) <= 1:
            for u in ctx.units(m)[:1]:
                if ctx.tax.polres[u].polda == polda:
                    lead.setdefault(u, m)
    in_title = [u for u, m in lead.items() if ctx.segment(m) == 0]
    if in_title or len(lead) == 1:  # several in the lead only: a Polda release that lists them
        uid = (in_title or list(lead))[0]
        return _Choice(uid, polda, ctx.phrase(lead[uid]), ctx.where(lead[uid]))
    polsek = _lead_polsek(ctx, polda)  # "Polda Jateng – Bhabinkamtibmas ..., Polsek Kroya, ..."
    if polsek is not None:
        return polsek
    lo, hi = 0, ctx.doc.seg_range(1)[1]
    if sub_unit or LEAD_SUB_UNIT_WORDS.intersection(ctx.doc.toks[lo:hi]):
        byline = _byline(ctx)
        if byline is not None and byline.uid and byline.polda == polda:
            return byline
        counted = _counts(ctx, {"polda": polda})
        if counted is not None and counted.uid and counted.polda == polda:
            return counted
    return _Choice(None, polda, phrase, where)


def _lead_polsek(ctx: _Ctx, polda: str | None) -> _Choice | None:
    """The Polres of the first Polsek the title or lead paragraph names (of ``polda`` if given)."""
    for m in ctx.mentions:
        if m.kind == "polsek" and ctx.segment(m) <= 1:
            uids = [u for u in ctx.units(m) if polda is None or ctx.tax.polres[u].polda == polda]
            if uids:
                return _Choice(uids[0], ctx.tax.polres[uids[0]].polda, ctx.phrase(m), ctx.where(m))
    return None


def _byline(ctx: _Ctx) -> _Choice | None:
    toks = ctx.doc.toks
    for m in ctx.mentions:
        if m.kind not in ("polres", "polda") or m.start == 0 or toks[m.start - 1] not in BYLINE_WORDS:
            continue
        if m.start < 2 or toks[m.start - 2] not in NOT_BYLINE_BEFORE:
            phrase = ctx.doc.phrase(m.start - 1, m.end)
            if m.kind == "polda":
                return _polda_level(ctx, m.keys[0], phrase, "byline")
            uid = ctx.units(m)[0]
            return _Choice(uid, ctx.tax.polres[uid].polda, phrase, "byline")
    return None


def _named_in(ctx: _Ctx, paragraph: int) -> _Choice | None:
    for m in ctx.mentions:
        if m.kind == "polres" and ctx.segment(m) == paragraph:
            uid = ctx.units(m)[0]
            return _Choice(uid, ctx.tax.polres[uid].polda, ctx.phrase(m), ctx.where(m))
    return None


def _from_hint(tax: Taxonomy, hint: dict[str, object] | None, raw: str | None) -> _Choice | None:
    if not hint:
        return None
    units = tax.units_of(tax.region_keys.get(normalise_key(raw or ""), ()))
    if hint["kind"] != "polda" and units:
        return _Choice(units[0], tax.polres[units[0]].polda, raw or "", "hint")
    return None


def _counts(ctx: _Ctx, hint: dict[str, object] | None) -> _Choice | None:
    hint_polda = hint.get("polda") if hint else None
    for kind in ("polres", "polsek"):
        counts: Counter[str] = Counter()
        first: dict[str, Mention] = {}
        for m in ctx.mentions:
            if m.kind == kind:
                for uid in ctx.units(m)[:1]:
                    counts[uid] += 1
                    first.setdefault(uid, m)
        if hint_polda and any(ctx.tax.polres[u].polda == hint_polda for u in counts):
            counts = Counter({u: c for u, c in counts.items() if ctx.tax.polres[u].polda == hint_polda})
        if counts:
            uid = max(counts, key=lambda u: (counts[u], -first[u].start))
            return _Choice(uid, ctx.tax.polres[uid].polda, ctx.phrase(first[uid]), ctx.where(first[uid]))
    poldas = [m for m in ctx.mentions if m.kind == "polda"]
    if poldas:
        tally = Counter(m.keys[0] for m in poldas)
        best = max(tally, key=lambda p: (tally[p], -next(m.start for m in poldas if m.keys[0] == p)))
        m = next(m for m in poldas if m.keys[0] == best)
        return _Choice(None, best, ctx.phrase(m), ctx.where(m))
    if hint and hint["kind"] == "polda":
        return _Choice(None, str(hint["polda"]), str(hint.get("name")), "hint")
    for m in ctx.mentions:
        if m.kind == "kabkota" and ctx.units(m):
            uid = ctx.units(m)[0]
            return _Choice(uid, ctx.tax.polres[uid].polda, ctx.phrase(m), ctx.where(m))
    return None


def _result(ctx: _Ctx, choice: _Choice | None) -> RegionResult:
    res = RegionResult()
    if choice is None:
        res.regions_mentioned, res.evidence = _others(ctx, None, None)
        return res
    tax = ctx.tax
    res.polda = choice.polda
    if choice.uid:
        unit = tax.polres[choice.uid]
        res.polres = unit.name
        res.evidence.append(_ev("polres", unit.name, choice.phrase, choice.where))
    res.evidence.append(_polda_evidence(ctx, choice))
    res.kabupaten_kota, kab_ev = _places(ctx, choice)
    res.evidence.extend(kab_ev)
    others, other_ev = _others(ctx, choice.uid, choice.polda)
    res.regions_mentioned = others
    res.evidence.extend(other_ev)
    return res


def _ev(tag: str, value: str, phrase: str, where: str) -> dict[str, str]:
    return {"tag": tag, "value": value, "phrase": phrase, "where": where}


def _polda_evidence(ctx: _Ctx, choice: _Choice) -> dict[str, str]:
    for m in ctx.mentions:
        if m.kind == "polda" and choice.polda in m.keys:
            return _ev("polda", str(choice.polda), ctx.phrase(m), ctx.where(m))
    if choice.uid:
        return _ev("polda", str(choice.polda), ctx.tax.polres[choice.uid].name, "from polres")
    return _ev("polda", str(choice.polda), choice.phrase, choice.where)


def _places(ctx: _Ctx, choice: _Choice) -> tuple[list[str], list[dict[str, str]]]:
    tax = ctx.tax
    named: dict[str, Mention] = {}
    for m in ctx.mentions:
        if m.kind == "kabkota":
            for k in m.keys:
                named.setdefault(k, m)
    if choice.uid:
        unit = tax.polres[choice.uid]
        area = unit.covers + unit.partly_covers
        inside = [k for k in named if k in area]
        if inside:
            return sorted(inside), [_ev("kabupaten_kota", k, ctx.phrase(named[k]), ctx.where(named[k]))
                                    for k in sorted(inside)]
        return sorted(unit.covers), [_ev("kabupaten_kota", k, unit.name, "from polres") for k in sorted(unit.covers)]
    inside = sorted(k for k in named if any(tax.polres[u].polda == choice.polda for u in tax.kabkota.get(k, ())))
    return inside, [_ev("kabupaten_kota", k, ctx.phrase(named[k]), ctx.where(named[k])) for k in inside]


def _others(ctx: _Ctx, uid: str | None, polda: str | None) -> tuple[list[str], list[dict[str, str]]]:
    seen: dict[str, Mention] = {}
    for m in ctx.mentions:
        if m.kind == "polres":
            for u in ctx.units(m)[:1]:
                if u != uid:
                    seen.setdefault(ctx.tax.polres[u].name, m)
        elif m.kind == "polda" and m.keys[0] != polda:
            seen.setdefault(m.keys[0], m)
    names = sorted(seen)
    return names, [_ev("region_mentioned", n, ctx.phrase(seen[n]), ctx.where(seen[n])) for n in names]

