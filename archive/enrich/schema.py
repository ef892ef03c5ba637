"""Validate the two settings files and turn them into plain records.

Every check fails with TaxonomyError("<file>:<line>: <what is wrong>"), pointing at the entry
or key that has to be fixed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from .errors import TaxonomyError
from .yamlio import line_of, user_keys

PROGRAM_KINDS = frozenset(
    {"recurring_program", "routine_activity", "task_force", "named_operation", "strategy", "label"}
)
PROGRAM_LISTS = ("aliases", "context_aliases", "concept_aliases", "affixed_roots", "signals",
                 "veto", "veto_prev", "veto_next")
PROGRAM_DOCS = ("description", "scope", "timing", "ambiguity", "verified", "note")
PROGRAM_KEYS = frozenset(("name", "kind", "tag", "codename_forms", *PROGRAM_LISTS, *PROGRAM_DOCS))
PROGRAMS_TOP = frozenset({"police_signals", "entries", "regional_codenames"})
POLDA_KEYS = frozenset({"polda", "aliases", "province", "province_code", "hq", "site_slug",
                        "operation_codename", "complete", "polres", "also_covers_provinces"})
POLRES_KEYS = frozenset({"name", "kind", "scope", "aliases", "covers", "partly_covers", "note",
                         "polsek"})
POLRES_KINDS = frozenset({"polres", "polresta", "polrestabes", "polres_metro"})
KABKOTA_PREFIXES = ("Kabupaten ", "Kota ")


@dataclass(frozen=True, slots=True)
class ProgramSpec:
    name: str
    kind: str
    tag: bool
    codename_forms: bool
    lists: dict[str, tuple[str, ...]]
    lines: dict[str, int]


@dataclass(frozen=True, slots=True)
class PolresSpec:
    name: str
    polda: str
    kind: str
    aliases: tuple[str, ...]
    covers: tuple[str, ...]
    partly_covers: tuple[str, ...]
    polsek: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class PoldaSpec:
    name: str
    aliases: tuple[str, ...]
    province: str
    hq: str
    polres: tuple[PolresSpec, ...]
    line: int


def _fail(shown: str, line: int, message: str) -> TaxonomyError:
    return TaxonomyError(f"{shown}:{line}: {message}" if line else f"{shown}: {message}")


def _check_keys(shown: str, node: dict[str, Any], allowed: frozenset[str], what: str) -> None:
    for key in user_keys(node):
        if key not in allowed:
            close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; allowed: {', '.join(sorted(allowed))}"
            raise _fail(shown, line_of(node, key), f"unknown key '{key}' in {what}{hint}")


def _text(shown: str, node: dict[str, Any], key: str, what: str, required: bool = True) -> str:
    value = node.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise _fail(shown, line_of(node, key), f"{what}: '{key}' must be a non-empty string")
    return value.strip()


def _strings(shown: str, node: dict[str, Any], key: str, what: str) -> tuple[str, ...]:
    value = node.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise _fail(shown, line_of(node, key), f"{what}: '{key}' must be a list of strings")
    out = tuple(str(v).strip() for v in value)
    if any(not v for v in out):
        raise _fail(shown, line_of(node, key), f"{what}: '{key}' has an empty entry")
    return out


def parse_programs(data: Any, shown: str) -> tuple[list[ProgramSpec], tuple[str, ...], list[str]]:
    """Return (programs, police_signals, regional codenames)."""
    if not isinstance(data, dict):
        raise _fail(shown, 1, "expected a mapping with 'entries:' (a list of programs)")
    _check_keys(shown, data, PROGRAMS_TOP, "the file")
    entries = data.get("entries")
    if not isinstance(entries, list) or not entries:
        raise _fail(shown, line_of(data, "entries"), "'entries' must be a non-empty list")
    specs: list[ProgramSpec] = []
    seen: dict[str, int] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            raise _fail(shown, line_of(data, "entries"), "each entry must be a mapping with 'name:'")
        specs.append(_parse_program(entry, shown, seen))
    signals = _strings(shown, data, "police_signals", "the file")
    return specs, signals, _codenames(data.get("regional_codenames"), shown, line_of(data, "regional_codenames"))


def _parse_program(entry: dict[str, Any], shown: str, seen: dict[str, int]) -> ProgramSpec:
    line = line_of(entry)
    name = _text(shown, entry, "name", "program entry")
    what = f"program '{name}'"
    _check_keys(shown, entry, PROGRAM_KEYS, what)
    if name.lower() in seen:
        raise _fail(shown, line, f"{what} is defined twice (first at line {seen[name.lower()]})")
    seen[name.lower()] = line
    kind = _text(shown, entry, "kind", what)
    if kind not in PROGRAM_KINDS:
        raise _fail(shown, line_of(entry, "kind"),
                    f"{what}: kind '{kind}' is not one of {', '.join(sorted(PROGRAM_KINDS))}")
    for flag in ("tag", "codename_forms"):
        if flag in entry and not isinstance(entry[flag], bool):
            raise _fail(shown, line_of(entry, flag), f"{what}: '{flag}' must be true or false")
    lists = {key: _strings(shown, entry, key, what) for key in PROGRAM_LISTS}
    lines = {key: line_of(entry, key) or line for key in PROGRAM_LISTS}
    lines["name"] = line
    return ProgramSpec(name, kind, bool(entry.get("tag", kind != "label")),
                       bool(entry.get("codename_forms", False)), lists, lines)


def _codenames(node: Any, shown: str, line: int) -> list[str]:
    if node is None:
        return []
    if not isinstance(node, dict):
        raise _fail(shown, line, "'regional_codenames' must be a mapping")
    names: list[str] = []
    for group in ("verified", "unverified"):
        mapping = node.get(group) or {}
        if not isinstance(mapping, dict):
            raise _fail(shown, line_of(node, group), f"regional_codenames.{group} must map Polda to codename")
        names.extend(str(v) for k, v in mapping.items() if k not in ("__line__", "__lines__"))
    return names


def parse_regions(data: Any, shown: str) -> list[PoldaSpec]:
    if not isinstance(data, list) or not data:
        raise _fail(shown, 1, "expected a list of Polda entries ('- polda: Polda ...')")
    poldas: list[PoldaSpec] = []
    seen: dict[str, int] = {}
    covered: dict[str, tuple[str, int]] = {}
    for node in data:
        if not isinstance(node, dict):
            raise _fail(shown, 1, "each list item must be a mapping starting with 'polda:'")
        poldas.append(_parse_polda(node, shown, seen, covered))
    return poldas


def _parse_polda(node: dict[str, Any], shown: str, seen: dict[str, int],
                 covered: dict[str, tuple[str, int]]) -> PoldaSpec:
    name = _text(shown, node, "polda", "Polda entry")
    what = f"'{name}'"
    _check_keys(shown, node, POLDA_KEYS, what)
    if name in seen:
        raise _fail(shown, line_of(node), f"{what} is defined twice (first at line {seen[name]})")
    seen[name] = line_of(node)
    units = node.get("polres")
    if not isinstance(units, list):
        raise _fail(shown, line_of(node, "polres") or line_of(node), f"{what}: 'polres' must be a list")
    polres = tuple(_parse_polres(u, name, shown, covered, line_of(node, "polres")) for u in units)
    return PoldaSpec(name, _strings(shown, node, "aliases", what),
                     _text(shown, node, "province", what, required=False),
                     _text(shown, node, "hq", what, required=False), polres, line_of(node))


def _parse_polres(node: Any, polda: str, shown: str, covered: dict[str, tuple[str, int]],
                  parent_line: int) -> PolresSpec:
    if not isinstance(node, dict):
        raise _fail(shown, parent_line, f"'{polda}': each polres item must be a mapping with 'name:'")
    name = _text(shown, node, "name", f"a polres of '{polda}'")
    what = f"'{name}' ({polda})"
    _check_keys(shown, node, POLRES_KEYS, what)
    kind = _text(shown, node, "kind", what)
    if kind not in POLRES_KINDS:
        raise _fail(shown, line_of(node, "kind"), f"{what}: kind '{kind}' is not one of {', '.join(sorted(POLRES_KINDS))}")
    covers = _strings(shown, node, "covers", what)
    partly = _strings(shown, node, "partly_covers", what)
    for place in covers + partly:
        if not place.startswith(KABKOTA_PREFIXES):
            raise _fail(shown, line_of(node, "covers"),
                        f"{what}: '{place}' must start with 'Kabupaten ' or 'Kota '")
    for place in covers:
        if place in covered:
            other, other_line = covered[place]
            raise _fail(shown, line_of(node, "covers"),
                        f"{what}: '{place}' is already covered by '{other}' (line {other_line}); use partly_covers")
        covered[place] = (name, line_of(node, "covers"))
    return PolresSpec(name, polda, kind, _strings(shown, node, "aliases", what), covers, partly,
                      _strings(shown, node, "polsek", what), line_of(node))
