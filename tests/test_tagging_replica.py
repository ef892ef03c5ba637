"""Tagging quality floors on the replica web, crawled once through the CLI (``crawled``).

The stored tags (programs, Polda, Polres) are compared with the replica's ground truth. The
floors are the issue's acceptance thresholds; lowering one needs ``HUMAS_LOWER_TAG_FLOORS=1``
and a reason in the commit. Run with ``-s`` to see the per-program and per-region tables.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest

from archive.store import ArchiveStore
from archive.urls import canonicalize

FLOORS = {"program_micro_f1": 0.95, "polres_accuracy": 0.95, "polda_accuracy": 0.98}


def _pr(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@pytest.fixture(scope="module")
def pairs(crawled):
    """(truth record, stored article) for every article of the replica."""
    store = ArchiveStore(f"sqlite:///{crawled.data_dir / 'archive.db'}", create=False)
    stored = {a.url: a for a in store.iter_articles()}
    out = [(t, stored.get(canonicalize(t["url"])) or stored.get(t["url"]))
           for t in crawled.web.truth["articles"]]
    missing = [t["url"] for t, a in out if a is None]
    assert not missing, f"{len(missing)} replica articles were not stored, e.g. {missing[:3]}"
    return out


def evaluate(pairs) -> dict:
    counts: Counter[tuple[str, str]] = Counter()
    region: Counter[tuple[str, str]] = Counter()
    wrong = []
    for truth, art in pairs:
        want, got = set(truth["programs"]), set(art.programs or [])
        for name in want & got:
            counts[name, "tp"] += 1
        for name in got - want:
            counts[name, "fp"] += 1
        for name in want - got:
            counts[name, "fn"] += 1
        for kind in ("polda", "polres"):
            w, g = truth[kind], getattr(art, kind)
            region[kind, "n"] += 1
            region[kind, "ok"] += w == g
            region[kind, "tp"] += bool(g) and w == g
            region[kind, "predicted"] += bool(g)
            region[kind, "expected"] += bool(w)
        if want != got or truth["polres"] != art.polres or truth["polda"] != art.polda:
            wrong.append((truth["url"], sorted(want ^ got), truth["polres"], art.polres))
        if not want:
            assert not got, f"{truth['url']}: programs {sorted(got)} on an article that has none"
    tp, fp, fn = (sum(v for (_, k), v in counts.items() if k == x) for x in ("tp", "fp", "fn"))
    return {"counts": counts, "region": region, "wrong": wrong, "micro": _pr(tp, fp, fn),
            "polres_accuracy": region["polres", "ok"] / region["polres", "n"],
            "polda_accuracy": region["polda", "ok"] / region["polda", "n"]}


def print_tables(result: dict) -> None:
    counts, region = result["counts"], result["region"]
    print(f"\n{'program':24} {'P':>5} {'R':>5} {'F1':>5} {'n':>4}")
    for name in sorted({n for n, _ in counts}):
        tp, fp, fn = counts[name, "tp"], counts[name, "fp"], counts[name, "fn"]
        p, r, f = _pr(tp, fp, fn)
        print(f"{name:24} {p:5.2f} {r:5.2f} {f:5.2f} {tp + fn:4}")
    p, r, f = result["micro"]
    print(f"{'micro':24} {p:5.2f} {r:5.2f} {f:5.2f}")
    print(f"\n{'region kind':24} {'P':>5} {'R':>5} {'acc':>5} {'n':>4}")
    for kind in ("polda", "polres"):
        tp = region[kind, "tp"]
        p = tp / region[kind, "predicted"] if region[kind, "predicted"] else 1.0
        r = tp / region[kind, "expected"] if region[kind, "expected"] else 1.0
        print(f"{kind:24} {p:5.2f} {r:5.2f} {region[kind, 'ok'] / region[kind, 'n']:5.2f} {region[kind, 'n']:4}")
    for url, diff, want, got in result["wrong"][:20]:
        print(f"  MISS {url}: programs differ {diff}; polres truth {want} stored {got}")


def test_tagging_meets_the_issue_floors(pairs):
    result = evaluate(pairs)
    print_tables(result)
    measured = {"program_micro_f1": result["micro"][2], "polres_accuracy": result["polres_accuracy"],
                "polda_accuracy": result["polda_accuracy"]}
    if os.environ.get("HUMAS_LOWER_TAG_FLOORS") == "1":
        pytest.skip(f"floors lowered explicitly; measured {measured}")
    for name, floor in FLOORS.items():
        assert measured[name] >= floor, f"{name} {measured[name]:.3f} < {floor} ({result['wrong'][:5]})"


def test_every_tag_has_evidence(pairs):
    for _, art in pairs:
        ev = {(e["tag"], e["value"]) for e in art.evidence or []}
        for name in art.programs or []:
            assert ("program", name) in ev, f"{art.url}: program {name} without evidence"
        for kind in ("polda", "polres"):
            if getattr(art, kind):
                assert (kind, getattr(art, kind)) in ev, f"{art.url}: {kind} without evidence"


def test_officials_are_person_names(pairs):
    """Title names are cut to what the body confirms ("Kombes Hari Serap Aspirasi ..." -> Hari)."""
    verbs = {"serap", "dengarkan", "sapa", "ajak", "gelar", "sambangi", "aspirasi", "keluhan", "warga", "jemaat"}
    for _, art in pairs:
        for person in art.officials or []:
            words = {w.lower() for w in person["name"].split()}
            assert not words & verbs, f"{art.url}: {person} is not a person name"
            assert len(person["name"].split()) <= 5, f"{art.url}: {person}"
