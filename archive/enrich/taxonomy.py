"""The taxonomy: programs and regions from settings/*.yaml, indexed for fast phrase lookup.

All aliases (programs, Polda, Polres, kabupaten/kota, Polsek) go into one dictionary keyed by
their normalised token tuple, so tagging an article is one scan over its tokens with a dict
lookup per token (see matcher.py), whatever the number of aliases. The object holds only
dicts, tuples and frozensets: it pickles cheaply to worker processes.
"""

from __future__ import annotations

import contextlib
import difflib
import fcntl
import functools
import gc
import hashlib
import os
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .affixes import affixed_forms
from .errors import TaxonomyError
from .text import normalise_key, normalise_tokens

if TYPE_CHECKING:
    from .schema import PoldaSpec, ProgramSpec

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PROGRAMS = "settings/programs.yaml"
DEFAULT_REGIONS = "settings/regions.yaml"
UNIT_PREFIXES = ("polres metro ", "polrestabes ", "polresta ", "polres ", "kepolisian resor ")
PLACE_PREFIXES = ("kota administrasi ", "kabupaten ", "kota ")
UNIT_WORDS = frozenset({"polres", "polresta", "polrestabes", "polda", "polsek"})
UNIT_PREFIX_FORMS = ("ma", "ka", "waka")  # Mapolres (HQ), Kapolres (head), Wakapolres (deputy)


class Target(NamedTuple):
    kind: str  # "program" | "polda" | "polres" | "polsek" | "kabkota"
    key: str  # program name | polda name | polres id | "Polsek X" | kabupaten/kota name
    mode: str = ""  # programs: "strong" | "context" | "concept"


@dataclass(frozen=True, slots=True)
class Program:
    name: str
    kind: str
    tag: bool
    signals: frozenset[str]  # single-token signals (police_signals included)
    signal_phrases: tuple[str, ...]  # multi-token signals, as " a b "
    veto: frozenset[str]
    veto_phrases: tuple[str, ...]
    veto_prev: frozenset[str]
    veto_next: frozenset[str]


@dataclass(frozen=True, slots=True)
class Polres:
    id: str  # "Polres Jember@Polda Jawa Timur" (names repeat: Polres Banjar)
    name: str
    polda: str
    covers: tuple[str, ...]
    partly_covers: tuple[str, ...]


@dataclass
class Taxonomy:
    sources: tuple[str, str]
    programs: dict[str, Program] = field(default_factory=dict)
    poldas: dict[str, tuple[str, ...]] = field(default_factory=dict)  # polda -> polres ids
    polda_hq: dict[str, str] = field(default_factory=dict)  # polda -> HQ kabupaten/kota
    polres: dict[str, Polres] = field(default_factory=dict)
    kabkota: dict[str, tuple[str, ...]] = field(default_factory=dict)  # -> polres ids
    polsek: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "Polsek X" -> polres ids
    phrases: dict[tuple[str, ...], tuple[Target, ...]] = field(default_factory=dict)
    first: dict[str, tuple[int, ...]] = field(default_factory=dict)  # token -> phrase lengths
    pairs: dict[tuple[str, str], tuple[int, ...]] = field(default_factory=dict)  # (tok, tok) -> lengths
    places: dict[tuple[str, ...], tuple[Target, ...]] = field(default_factory=dict)  # datelines
    program_keys: dict[str, str] = field(default_factory=dict)
    region_keys: dict[str, tuple[Target, ...]] = field(default_factory=dict)
    region_display: dict[str, str] = field(default_factory=dict)
    watch: frozenset[str] = frozenset()  # filled by the tagger on first use

    @property
    def program_names(self) -> list[str]:
        return sorted(self.programs)

    @property
    def polda_names(self) -> list[str]:
        return sorted(self.poldas)

    @property
    def polres_names(self) -> list[str]:
        return sorted({p.name for p in self.polres.values()})

    def resolve_program(self, name: str) -> str:
        """Canonical program name for a name or alias, any case/apostrophe/spacing."""
        key = normalise_key(name)
        if key in self.program_keys:
            return self.program_keys[key]
        close = difflib.get_close_matches(key, list(self.program_keys), n=1, cutoff=0.6)
        hint = f"; did you mean '{self.program_keys[close[0]]}'?" if close else ""
        raise TaxonomyError(f"unknown program '{name}'{hint}")

    def resolve_region(self, name: str) -> dict[str, object]:
        """What a Polda, Polres or kabupaten/kota name or alias refers to."""
        key = normalise_key(name)
        targets = self.region_keys.get(key) or self.region_keys.get(_strip_unit_prefix(key))
        if not targets:
            close = difflib.get_close_matches(key, list(self.region_keys), n=1, cutoff=0.6)
            hint = f"; did you mean '{self.region_display[close[0]]}'?" if close else ""
            raise TaxonomyError(f"unknown region '{name}'{hint}")
        return self.describe(targets)

    def describe(self, targets: tuple[Target, ...]) -> dict[str, object]:
        kind = {"polda": "polda", "polres": "polres"}.get(targets[0].kind, "kabupaten_kota")
        units = self.units_of(targets)
        poldas = sorted({self.polres[u].polda for u in units} | {t.key for t in targets if t.kind == "polda"})
        if targets[0].kind == "polda":
            places = sorted(c for u in units for c in self.polres[u].covers)
        elif kind == "polres":
            places = sorted({c for u in units for c in self.polres[u].covers + self.polres[u].partly_covers})
        else:
            places = sorted(t.key for t in targets if t.kind == "kabkota")
        return {
            "kind": kind,
            "name": self.polres[units[0]].name if kind == "polres" else targets[0].key,
            "polda": poldas[0] if len(poldas) == 1 else None,
            "polres": list(dict.fromkeys(self.polres[u].name for u in units)),
            "kabupaten_kota": places,
        }

    def units_of(self, targets: tuple[Target, ...]) -> list[str]:
        """Polres ids a set of targets stands for, in taxonomy order."""
        out: list[str] = []
        for t in targets:
            if t.kind == "polres":
                out.append(t.key)
            elif t.kind == "polda":
                out.extend(self.poldas[t.key])
            elif t.kind == "kabkota":
                out.extend(self.kabkota.get(t.key, ()))
            elif t.kind == "polsek":
                out.extend(self.polsek.get(t.key, ()))
        return list(dict.fromkeys(out))


def _strip_unit_prefix(key: str) -> str:
    """"mapolres jember" / "kapolres jember" -> "polres jember"."""
    head, _, rest = key.partition(" ")
    for prefix in UNIT_PREFIX_FORMS:
        if head.startswith(prefix) and head[len(prefix):] in UNIT_WORDS:
            return f"{head[len(prefix):]} {rest}".strip()
    return key


_CACHE: dict[tuple[object, ...], Taxonomy] = {}


def _locate(path: str | os.PathLike[str] | None, default: str) -> tuple[Path, str]:
    if path is None:
        return ROOT / default, default
    p = Path(path)
    if not p.is_absolute() and not p.exists() and (ROOT / p).exists():
        return ROOT / p, str(path)
    return p, str(path)


def load_taxonomy(programs_path: str | os.PathLike[str] | None = None,
                  regions_path: str | os.PathLike[str] | None = None) -> Taxonomy:
    """Load and validate both settings files; cached per path and modification time."""
    prog, prog_shown = _locate(programs_path, DEFAULT_PROGRAMS)
    reg, reg_shown = _locate(regions_path, DEFAULT_REGIONS)
    key = (str(prog.resolve()), _stamp(prog), str(reg.resolve()), _stamp(reg))
    if key not in _CACHE:
        _CACHE[key] = _cached_build(
            (prog_shown, _digest(prog), reg_shown, _digest(reg)),
            lambda: build_taxonomy(prog, prog_shown, reg, reg_shown))
    return _CACHE[key]


# Parsing and validating the two files through the guarded YAML loader takes ~0.3 s: too
# much for every `humas search --region` and for every extraction worker of a crawl. The
# built taxonomy is kept, pickled, in the data directory (as trusted as archive.db beside
# it), keyed by what it is built from: both files' contents and the code that builds it, so
# an edit of either (whatever it does to mtimes) rebuilds it.
CACHE_VERSION = 2
BUILD_SOURCES = ("taxonomy.py", "schema.py", "affixes.py", "text.py", "yamlio.py",
                 "../yamlfile.py")  # relative to this package


def _cached_build(key: tuple, build: Callable[[], Taxonomy]) -> Taxonomy:
    cached = _from_disk(key)
    if cached is not None:
        return cached
    # The workers of a process pool start together: one builds, the others wait for its file
    with _build_lock(_cache_file(key).parent):
        return _from_disk(key) or _to_disk(key, build())


@contextlib.contextmanager
def _build_lock(folder: Path) -> Iterator[None]:
    """An exclusive advisory lock on the cache folder (none without a data directory)."""
    fd = None
    if folder.parent.is_dir():
        try:
            folder.mkdir(exist_ok=True)
            fd = os.open(folder / "taxonomy.lock", os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.flock(fd, fcntl.LOCK_EX)  # released by close, or by the kernel if we die
        except OSError:  # a read-only data directory: build without waiting for others
            if fd is not None:
                os.close(fd)
            fd = None
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""  # missing or unreadable: the build reports it


@functools.cache
def _code_digest() -> str:
    here = Path(__file__).parent
    return hashlib.sha256(b"".join((here / name).read_bytes() for name in BUILD_SOURCES)
                          ).hexdigest()


def _cache_file(key: tuple) -> Path:
    from archive import config

    digest = hashlib.sha256(repr((CACHE_VERSION, _code_digest(), key)).encode()).hexdigest()[:24]
    return config.data_dir() / "cache" / f"taxonomy-{digest}.pickle"


def _from_disk(key: tuple) -> Taxonomy | None:
    try:
        with open(_cache_file(key), "rb") as fh, _gc_paused():
            tax = pickle.load(fh)
    except Exception:  # no cache yet, or one from another version: rebuild
        return None
    return tax if isinstance(tax, Taxonomy) else None


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Unpickling creates ~10^5 containers and no garbage; in a worker that has imported
    trafilatura, the ~50 collections they trigger would take longer than the load itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _to_disk(key: tuple, tax: Taxonomy) -> Taxonomy:
    path = _cache_file(key)
    try:
        if not path.parent.parent.is_dir():
            return tax  # no data directory: nothing to put a cache in
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(tax, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)  # readers see the whole file or none
        for old in path.parent.glob("taxonomy-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)  # built from files since edited
    except OSError:
        pass  # a read-only data directory only costs the rebuild
    return tax


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


def build_taxonomy(prog: Path, prog_shown: str, reg: Path, reg_shown: str) -> Taxonomy:
    # Imported here: a process that finds the taxonomy cached never loads the YAML machinery.
    from .schema import parse_programs, parse_regions
    from .yamlio import load_yaml

    programs, police_signals, codenames = parse_programs(load_yaml(prog, prog_shown), prog_shown)
    poldas = parse_regions(load_yaml(reg, reg_shown), reg_shown)
    tax = Taxonomy(sources=(prog_shown, reg_shown))
    owners: dict[tuple[str, ...], tuple[str, int]] = {}
    for spec in programs:
        _add_program(tax, spec, police_signals, codenames, owners, prog_shown)
    for polda in poldas:
        _add_polda(tax, polda)
    tax.first = _first_index(tax.phrases)
    tax.pairs = _pair_index(tax.phrases)
    return tax


def _add_phrase(index: dict[tuple[str, ...], tuple[Target, ...]], key: tuple[str, ...],
                target: Target) -> None:
    if key and target not in index.get(key, ()):
        index[key] = (*index.get(key, ()), target)


def _add_unit_phrase(index: dict[tuple[str, ...], tuple[Target, ...]], name: str,
                     target: Target) -> None:
    """A unit name plus the forms that name its HQ or head: Mapolres / Kapolres / Wakapolres X."""
    key = tuple(normalise_tokens(name))
    _add_phrase(index, key, target)
    if key and key[0] in UNIT_WORDS:
        for prefix in UNIT_PREFIX_FORMS:
            _add_phrase(index, (prefix + key[0], *key[1:]), target)


def _first_index(phrases: dict[tuple[str, ...], tuple[Target, ...]]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for key in phrases:
        lengths.setdefault(key[0], set()).add(len(key))
    return {tok: tuple(sorted(ls, reverse=True)) for tok, ls in lengths.items()}


def _pair_index(phrases: dict[tuple[str, ...], tuple[Target, ...]]
                ) -> dict[tuple[str, str], tuple[int, ...]]:
    """First two tokens -> lengths of the phrases they start, longest first (see matcher)."""
    lengths: dict[tuple[str, str], set[int]] = {}
    for key in phrases:
        if len(key) >= 2:
            lengths.setdefault((key[0], key[1]), set()).add(len(key))
    return {pair: tuple(sorted(ls, reverse=True)) for pair, ls in lengths.items()}


def _split_signals(words: tuple[str, ...] | list[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    singles, phrases = set(), []
    for w in words:
        toks = normalise_tokens(w)
        if len(toks) == 1:
            singles.add(toks[0])
        elif toks:
            phrases.append(f" {' '.join(toks)} ")
    return frozenset(singles), tuple(phrases)


def _add_program(tax: Taxonomy, spec: ProgramSpec, police_signals: tuple[str, ...],
                 codenames: list[str], owners: dict[tuple[str, ...], tuple[str, int]],
                 shown: str) -> None:
    lists = spec.lists
    signals, signal_phrases = _split_signals(lists["signals"] + police_signals)
    veto, veto_phrases = _split_signals(lists["veto"])
    tax.programs[spec.name] = Program(
        spec.name, spec.kind, spec.tag, signals, signal_phrases, veto, veto_phrases,
        frozenset(normalise_key(w) for w in lists["veto_prev"]),
        frozenset(normalise_key(w) for w in lists["veto_next"]),
    )
    weak = {normalise_key(a) for a in (*lists["context_aliases"], *lists["concept_aliases"],
                                        *_affixed(lists["affixed_roots"]))}
    strong = list(lists["aliases"]) + ([spec.name] if normalise_key(spec.name) not in weak else [])
    if spec.codename_forms:
        base = spec.name.removeprefix("Operasi ")
        strong += [f"{base} {code}" for code in codenames]
    groups = (
        ("strong", strong, "aliases"),
        ("context", list(lists["context_aliases"]) + _affixed(lists["affixed_roots"]), "context_aliases"),
        ("concept", list(lists["concept_aliases"]), "concept_aliases"),
    )
    for mode, aliases, list_key in groups:
        for alias in aliases:
            key = tuple(normalise_tokens(alias))
            owner = owners.get(key)
            if owner and owner[0] != spec.name:
                line = spec.lines.get(list_key, spec.lines["name"])
                raise TaxonomyError(f"{shown}:{line}: alias '{alias}' of '{spec.name}' is already "
                                    f"an alias of '{owner[0]}' (line {owner[1]})")
            if owner:  # same program: the first (strongest) mode wins
                continue
            owners[key] = (spec.name, spec.lines.get(list_key, spec.lines["name"]))
            _add_phrase(tax.phrases, key, Target("program", spec.name, mode))
            tax.program_keys.setdefault(" ".join(t for t in key if t not in ".,"), spec.name)
    tax.program_keys.setdefault(normalise_key(spec.name), spec.name)


def _affixed(roots: tuple[str, ...]) -> list[str]:
    return [form for root in roots for form in affixed_forms(root)]


def _strip(name: str, prefixes: tuple[str, ...]) -> str:
    low = name.lower()
    for prefix in prefixes:
        if low.startswith(prefix):
            return name[len(prefix):]
    return ""


def _add_region_key(tax: Taxonomy, name: str, target: Target) -> None:
    key = normalise_key(name)
    if not key:
        return
    current = tax.region_keys.get(key, ())
    if current and current[0].kind != target.kind:
        return  # an earlier, more specific reading of this name wins
    if target not in current:
        tax.region_keys[key] = (*current, target)
        tax.region_display.setdefault(key, name)


def _add_polda(tax: Taxonomy, polda: PoldaSpec) -> None:
    ptarget = Target("polda", polda.name)
    ids = []
    for name in (polda.name, *polda.aliases):
        _add_unit_phrase(tax.phrases, name, ptarget)
        _add_region_key(tax, name, ptarget)
    for unit in polda.polres:
        uid = f"{unit.name}@{polda.name}"
        ids.append(uid)
        tax.polres[uid] = Polres(uid, unit.name, polda.name, unit.covers, unit.partly_covers)
        utarget = Target("polres", uid)
        for name in (unit.name, *unit.aliases):
            _add_unit_phrase(tax.phrases, name, utarget)
            _add_region_key(tax, name, utarget)
        for place in unit.covers:
            tax.kabkota[place] = (*tax.kabkota.get(place, ()), uid)
        for place in unit.partly_covers:
            tax.kabkota.setdefault(place, ())
        for kec in unit.polsek:
            _add_polsek(tax, kec, uid)
    tax.poldas[polda.name] = tuple(ids)
    _add_places(tax, polda, ptarget)


def _add_polsek(tax: Taxonomy, kecamatan: str, uid: str) -> None:
    name = f"Polsek {kecamatan}"
    tax.polsek[name] = (*tax.polsek.get(name, ()), uid)
    target = Target("polsek", name)
    _add_unit_phrase(tax.phrases, name, target)
    _add_phrase(tax.places, tuple(normalise_tokens(kecamatan)), target)


def _add_places(tax: Taxonomy, polda: PoldaSpec, ptarget: Target) -> None:
    """Full kabupaten/kota names (text), bare names (datelines, lookups), short Polda names."""
    places = sorted({c for u in polda.polres for c in u.covers + u.partly_covers})
    for place in places:
        target = Target("kabkota", place)
        bare = _strip(place, PLACE_PREFIXES)
        for form in (place, f"Kab {bare}" if place.startswith("Kabupaten ") else ""):
            if form:
                _add_phrase(tax.phrases, tuple(normalise_tokens(form)), target)
        _add_region_key(tax, place, target)
        bare_key = tuple(normalise_tokens(bare))
        tax.places[bare_key] = tuple(t for t in tax.places.get(bare_key, ()) if t.kind != "polsek")
        _add_phrase(tax.places, bare_key, target)
    hq = [p for p in places if _strip(p, PLACE_PREFIXES) == polda.hq]
    tax.polda_hq[polda.name] = next((p for p in hq if p.startswith("Kota")), hq[0] if hq else "")
    for alias in (*polda.aliases, polda.province):
        short = _strip(alias, ("polda ",)) if alias.lower().startswith("polda ") else alias
        if short and not alias.lower().startswith("kepolisian"):
            _add_phrase(tax.places, tuple(normalise_tokens(short)), ptarget)
    for place in places:  # bare names for resolve_region: "Jember", "Malang"
        _add_region_key(tax, _strip(place, PLACE_PREFIXES), Target("kabkota", place))
    for alias in (*polda.aliases, polda.province):
        if alias.lower().startswith("polda "):
            _add_region_key(tax, alias[6:], ptarget)
        elif alias:
            _add_region_key(tax, alias, ptarget)
    for unit in polda.polres:
        for name in (unit.name, *unit.aliases):
            bare = _strip(name, UNIT_PREFIXES)
            if bare:
                _add_region_key(tax, bare, Target("polres", f"{unit.name}@{polda.name}"))
