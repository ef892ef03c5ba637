"""Differential test of the crawler's batched save: ``save_articles`` over batches must leave
the same archive, and report the same outcomes, as ``save_article`` one article at a time.

Hypothesis draws sequences of saves from a small pool (a few URLs on two sites; long texts,
near-copies of them and short ones; equal, different and missing publication dates; with and
without signature and enrichment), saves them both ways into two SQLite files (each batch in
its own transaction and savepoint, as ``crawler/pipelines/store.py`` does) and compares what a
reader sees, ids replaced by URLs. Each example copies a migrated template database instead
of migrating a new one, so the file stays within a few seconds.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import syndication as syn
from archive.enrich import Enrichment
from archive.extract import Extracted
from archive.models import Article, ArticleVersion, Capture, Site
from archive.records import FetchedPage
from archive.store import ArchiveStore, ArticleToSave, SaveResult

# HUMAS_FUZZ_EXAMPLES=5000 fuzzes harder (minutes) when hunting for bugs (as tests/test_fuzz.py).
_DEEPER = int(os.environ.get("HUMAS_FUZZ_EXAMPLES") or 0)
DIFF = settings(max_examples=_DEEPER or 80, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])

WIB = timezone(timedelta(hours=7))
T0 = datetime(2024, 11, 8, 9, tzinfo=WIB)
FETCHED = datetime(2024, 11, 9, 12, tzinfo=UTC)

SITES = {"a": "http://a.id/", "b": "http://b.id/"}
URLS = ["http://a.id/1", "http://a.id/2", "http://b.id/1", "http://b.id/2", "http://b.id/3"]


def _long_text(seed: int, n: int = 100) -> str:
    rng = random.Random(seed)
    return " ".join(f"k{rng.randrange(10_000)}" for _ in range(n))


def _edit(text: str, at: int, word: str, tail: str = "") -> str:
    toks = text.split()
    toks[at] = word
    return " ".join(toks) + tail


RELEASE = _long_text(1)
OTHER = _long_text(2)
TEXTS = [
    RELEASE,
    _edit(RELEASE, -1, "ubah"),  # near-copy: the last word changed (~0.95 estimated)
    _edit(RELEASE, -3, "lagi", " red"),  # near-copy: a word changed and one added (~0.88)
    OTHER,  # unrelated to RELEASE
    "JEMBER – Polres Jember menggelar patroli.",  # short: never syndicated
    "Teks lain yang pendek.",
]
TITLES = ["Rilis", "Rilis Polres"]  # same text, other title: another hash, a syndicated copy
DATES = [T0, T0 + timedelta(hours=1), T0 - timedelta(days=1), None]
ENRICHMENTS = [None, Enrichment(programs=["Jumat Curhat"]),
               Enrichment(programs=["Patroli"], polres="Polres Jember",
                          kabupaten_kota=["Kabupaten Jember"])]
SIGS = {t: syn.signature(t) for t in TEXTS}


def test_the_pool_has_the_cases_it_claims():
    """Near-copies reach the threshold, the unrelated text and short ones do not."""
    assert all(len(syn.words(t)) >= syn.MIN_WORDS for t in TEXTS[:4])
    assert all(len(syn.words(t)) < syn.MIN_WORDS for t in TEXTS[4:])
    for a, b in [(0, 1), (0, 2), (1, 2)]:  # each copy of the release is near the others
        assert syn.similarity(SIGS[TEXTS[a]], SIGS[TEXTS[b]]) >= syn.THRESHOLD + 0.05
    assert syn.similarity(SIGS[RELEASE], SIGS[OTHER]) < 0.2


# -- building saves -------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    url: int
    text: int
    title: int = 0
    date: int = 0
    sig: bool = False
    enrich: int = 0


def _site_of(url: str) -> str:
    return url.split("//")[1].split(".")[0]


def _entry(store: ArchiveStore, n: int, step: Step) -> ArticleToSave:
    url, text = URLS[step.url], TEXTS[step.text]
    site = _site_of(url)
    published = DATES[step.date]
    page = FetchedPage(url=url, status=200, body=f"<html>{n} {text}</html>".encode(),
                       etag=f'"{n}"', fetched_at=FETCHED + timedelta(minutes=n))
    ex = Extracted(url=url, is_article=True, title=TITLES[step.title], text=text,
                   published=published, published_raw=published and published.isoformat(),
                   author="Humas")
    return ArticleToSave(store.site_id(site, SITES[site]), url, page, ex,
                         ENRICHMENTS[step.enrich], SIGS[text] if step.sig else None)


_TEMPLATE: list[Path] = []


def _new_store(workdir: Path, name: str) -> ArchiveStore:
    """A fresh archive: a copy of one migrated database (migrating costs ~50 ms each)."""
    if not _TEMPLATE:
        path = Path(tempfile.mkdtemp(prefix="humas-batch-")) / "template.db"
        ArchiveStore(f"sqlite:///{path}").Session.kw["bind"].dispose()
        _TEMPLATE.append(path)
    shutil.copy(_TEMPLATE[0], workdir / name)
    return ArchiveStore(f"sqlite:///{workdir / name}")


def _dup_map(store: ArchiveStore) -> dict[int, int | None]:
    with store.Session() as s:
        return dict(s.execute(sa.select(Article.id, Article.duplicate_of)).all())


def _check_relinked(before: dict, after: dict, results: list[SaveResult]) -> None:
    """Every article whose duplicate_of a save changed is reported (the search index follows
    ``article_id`` and ``relinked`` to know what to re-index)."""
    changed = {i for i, d in after.items() if before.get(i) != d and (i in before or d)}
    reported = {r.article_id for r in results} | {i for r in results for i in r.relinked}
    assert changed <= reported, (changed - reported, results)


def save_one_by_one(store, steps, index) -> list[SaveResult]:
    out = []
    for n, step in enumerate(steps):
        before = _dup_map(store)
        e = _entry(store, n, step)
        r = store.save_article(e.site_id, e.url, e.page, e.extracted, e.enrichment,
                               signature=e.signature, syndication=index)
        _check_relinked(before, _dup_map(store), [r])
        out.append(r)
    return out


def save_in_batches(store, steps, sizes, index) -> list[SaveResult]:
    """As the crawler does: a transaction per batch, the batch in one savepoint."""
    entries = [_entry(store, n, step) for n, step in enumerate(steps)]
    out: list[SaveResult] = []
    sizes = iter(sizes)
    while len(out) < len(entries):
        batch = entries[len(out):len(out) + next(sizes, len(entries))]
        before = _dup_map(store)
        with store.Session.begin() as s, s.begin_nested():
            results = store.save_articles(batch, s, syndication=index)
        assert len(results) == len(batch)
        _check_relinked(before, _dup_map(store), results)
        out += results
    return out


def dump(store: ArchiveStore):
    """What a reader sees, every id replaced by the URL it stands for."""
    with store.Session() as s:
        url_of = dict(s.execute(sa.select(Article.id, Article.url)).all())
        sites = dict(s.execute(sa.select(Site.id, Site.name)).all())
        arts = sorted(
            (a.url, sites[a.site_id], a.versions, a.status, a.title, a.text, a.content_hash,
             a.published, a.published_offset, url_of.get(a.duplicate_of), a.programs, a.polres,
             a.kabupaten_kota, a.minhash, a.fetched_url, a.first_seen, a.last_seen,
             a.last_modified)
            for a in s.scalars(sa.select(Article).options(sa.orm.undefer(Article.minhash))))
        cap_at = {c.id: (c.url, c.fetched_at) for c in s.scalars(sa.select(Capture))}
        versions = sorted(
            (url_of[v.article_id], v.version, v.title, v.text, v.content_hash, v.captured_at,
             cap_at.get(v.capture_id)) for v in s.scalars(sa.select(ArticleVersion)))
        captures = Counter(
            (c.url, url_of.get(c.article_id), c.fetched_at, c.etag, c.body_sha256)
            for c in s.scalars(sa.select(Capture)))
    return {"articles": arts, "versions": versions, "captures": captures}


def run_both(steps, sizes, syndicate: bool):
    """Save ``steps`` both ways; (outcomes and URLs, dump) of each path."""
    with tempfile.TemporaryDirectory(prefix="humas-batch-") as tmp:
        workdir = Path(tmp)
        one, many = _new_store(workdir, "one.db"), _new_store(workdir, "many.db")
        try:
            idx_one = syn.SyndicationIndex() if syndicate else None
            idx_many = syn.SyndicationIndex() if syndicate else None
            r_one = save_one_by_one(one, steps, idx_one)
            r_many = save_in_batches(many, steps, sizes, idx_many)
            urls_one, urls_many = _urls(one), _urls(many)
            seen_one = [(r.outcome, urls_one[r.article_id]) for r in r_one]
            seen_many = [(r.outcome, urls_many[r.article_id]) for r in r_many]
            return (seen_one, dump(one)), (seen_many, dump(many))
        finally:
            for store in (one, many):
                store.Session.kw["bind"].dispose()


def _urls(store):
    with store.Session() as s:
        return dict(s.execute(sa.select(Article.id, Article.url)).all())


def assert_same(steps, sizes, syndicate):
    (seen_one, state_one), (seen_many, state_many) = run_both(steps, sizes, syndicate)
    assert seen_many == seen_one
    assert state_many["captures"] == state_one["captures"]
    assert state_many["versions"] == state_one["versions"]
    assert state_many["articles"] == state_one["articles"]


# -- the cases that once differed (each has its smallest case below) ---------------------
def _chunks(steps, sizes):
    """(position, step) chunks as save_articles makes them: the batches, each cut where a URL
    repeats inside it."""
    out, n, sizes = [], 0, iter(sizes)
    while n < len(steps):
        size = next(sizes, len(steps))
        chunk: list[tuple[int, Step]] = []
        for i in range(n, min(n + size, len(steps))):
            if any(steps[j].url == steps[i].url for j, _ in chunk):
                out.append(chunk)
                chunk = []
            chunk.append((i, steps[i]))
        out.append(chunk)
        n += size
    return out


def _digest(step: Step) -> tuple[int, int]:
    return (step.title, step.text)  # stands for the content hash


def _keys(step: Step) -> tuple[bool, bool]:
    return (step.sig, ENRICHMENTS[step.enrich] is not None)


def _long(step: Step) -> bool:
    return len(syn.words(TEXTS[step.text])) >= syn.MIN_WORDS


def known_difference(steps, sizes, syndicate: bool) -> str | None:
    """Which of the cases that once differed the saves run into, if any (over-approximated);
    the smallest cases below check that they exercise what they name."""
    stored: dict[int, tuple[int, int]] = {}  # URL -> digest
    for chunk in _chunks(steps, sizes):
        new = [s for _, s in chunk if s.url not in stored]
        # 3: one by one, a later exact re-post's linking used to reset the syndicated link of
        # its original; a batch linked it from a snapshot taken before that link was written.
        if syndicate:
            for i, s in enumerate(new):
                digests = set(stored.values()) | {_digest(t) for t in new[:i]}
                if _digest(s) in digests and any(_long(t) for t in new[:i]):
                    return "syndicated, then an exact re-post"
        # 1: an edit later in a chunk was already in place when an earlier new article
        # looks for exact twins.
        for i, (_, s) in enumerate(chunk):
            if s.url in stored:
                continue
            for _, later in chunk[i + 1:]:
                if later.url in stored and _digest(s) in (stored[later.url], _digest(later)):
                    return "edit after a new article"
        # 2: new rows were inserted grouped by their key set, so ids stopped following the
        # order of the saves (and ids break ties between equally dated copies).
        groups = list(dict.fromkeys(_keys(s) for s in new))
        order = [groups.index(_keys(s)) for s in new]
        if order != sorted(order):
            return "ids out of order"
        for _, s in chunk:
            stored[s.url] = _digest(s)
    return None


# -- the differential property --------------------------------------------------------------
STEPS = st.builds(
    Step,
    url=st.integers(0, len(URLS) - 1),
    text=st.integers(0, len(TEXTS) - 1),
    title=st.sampled_from([0, 0, 0, 1]),
    date=st.integers(0, len(DATES) - 1),
    sig=st.booleans(),
    enrich=st.integers(0, len(ENRICHMENTS) - 1),
)


def _uniform(steps: list[Step], sig: bool, enriched: bool) -> list[Step]:
    """The same key set for every row (the crawler's usual batch)."""
    return [Step(s.url, s.text, s.title, s.date, sig, max(1, s.enrich) if enriched else 0)
            for s in steps]


@st.composite
def saves(draw):
    steps = draw(st.lists(STEPS, min_size=1, max_size=10))
    if draw(st.booleans()):
        steps = _uniform(steps, draw(st.booleans()), draw(st.booleans()))
    sizes = draw(st.lists(st.integers(1, 6), max_size=10))
    return steps, sizes


@DIFF
@given(case=saves(), syndicate=st.booleans())
def test_batches_save_like_one_article_at_a_time(case, syndicate):
    steps, sizes = case
    assert_same(steps, sizes, syndicate)


# -- tricky cases that agree ------------------------------------------------------------------
def _dups(state) -> dict[str, str | None]:
    """URL -> the URL its duplicate_of points at."""
    return {a[0]: a[9] for a in state["articles"]}


def test_one_url_many_times_in_a_batch_with_mixed_columns():
    """New, seen again (now signed and enriched), edited, edited back: four saves of one URL
    in one batch, the later ones cut into chunks of their own."""
    steps = [Step(0, 0), Step(0, 0, sig=True, enrich=2), Step(0, 1, enrich=1), Step(0, 0)]
    (seen, state), (seen_batch, state_batch) = run_both(steps, [4], syndicate=True)
    assert seen_batch == seen == [("new", URLS[0]), ("unchanged", URLS[0]),
                                  ("updated", URLS[0]), ("updated", URLS[0])]
    assert state_batch == state
    (art,) = state["articles"]
    assert art[2] == 3 and art[10] == ["Jumat Curhat"]  # enrichment kept when none is given
    assert [v[1] for v in state["versions"]] == [1, 2, 3]
    assert sum(state["captures"].values()) == 4


def test_an_earlier_copy_later_in_the_batch_becomes_the_original():
    """Exact re-posts and a syndicated copy in one batch; the earliest published wins."""
    steps = [Step(0, 0, date=1), Step(2, 0, date=0), Step(1, 0, date=3),  # exact: B1 earliest
             Step(3, 3, date=0), Step(4, 1, date=2, sig=True)]  # other text; near-copy, older
    (seen, state), (seen_batch, state_batch) = run_both(steps, [5], syndicate=False)
    assert seen_batch == seen and state_batch == state
    assert _dups(state) == {URLS[0]: URLS[2], URLS[1]: URLS[2], URLS[2]: None,
                            URLS[3]: None, URLS[4]: None}
    steps = [Step(0, 0, date=0), Step(2, 2, date=1), Step(4, 1, date=2), Step(3, 3, date=2)]
    (seen, state), (seen_batch, state_batch) = run_both(steps, [4], syndicate=True)
    assert seen_batch == seen and state_batch == state
    assert _dups(state) == {URLS[0]: URLS[4], URLS[2]: URLS[4], URLS[4]: None, URLS[3]: None}


# -- the cases that once differed, each as its smallest case ------------------------------
def test_an_edit_later_in_the_batch_does_not_change_an_earlier_save():
    # a.id/1 is stored; then one batch: b.id/1, an exact re-post of it, and a.id/1 edited.
    steps = [Step(0, 0), Step(2, 0), Step(0, 0, title=1)]
    assert known_difference(steps, [1, 2], False) == "edit after a new article"
    (seen, state), (seen_batch, state_batch) = run_both(steps, [1, 2], syndicate=False)
    assert seen_batch == seen == [("new", URLS[0]), ("new", URLS[2]), ("updated", URLS[0])]
    assert _dups(state)[URLS[2]] == URLS[0]  # when saved, b.id/1 was a.id/1's re-post
    assert _dups(state_batch)[URLS[2]] == URLS[0]


@pytest.mark.parametrize("column", ["enrichment", "signature"])
def test_new_ids_follow_the_order_of_the_saves(column):
    # One batch of three new articles; the middle one has an enrichment (or a signature) the
    # others lack. a.id/2 and b.id/1 are exact re-posts with the same date.
    other = {"enrichment": {"enrich": 1}, "signature": {"sig": True}}[column]
    steps = [Step(0, 4), Step(1, 5, **other), Step(2, 5)]
    assert known_difference(steps, [3], False) == "ids out of order"
    (seen, state), (seen_batch, state_batch) = run_both(steps, [3], syndicate=False)
    assert seen_batch == seen
    assert _dups(state)[URLS[2]] == URLS[1]  # same date: the first saved (lowest id) wins
    assert _dups(state_batch)[URLS[2]] == URLS[1]


def test_a_syndicated_link_then_an_exact_repost_in_one_batch():
    # One batch: b.id/1 (a near-copy of the release), a.id/1 (the release), a.id/2 (its exact
    # re-post), all published at T0.
    steps = [Step(2, 1), Step(0, 0), Step(1, 0)]
    assert known_difference(steps, [3], True) == "syndicated, then an exact re-post"
    (seen, state), (seen_batch, state_batch) = run_both(steps, [3], syndicate=True)
    assert seen_batch == seen
    # a.id/1 -> b.id/1 (syndicated); a.id/2 -> a.id/1 (exact), whose own link is kept: the
    # original of an exact group may itself be a syndicated copy
    assert _dups(state) == {URLS[0]: URLS[2], URLS[1]: URLS[0], URLS[2]: None}
    assert _dups(state_batch) == _dups(state)


def test_an_exact_repost_sees_the_syndicated_link_written_before_it_in_the_batch():
    # a.id/1 (the release) is stored; then one batch: b.id/1, a near-copy of it, and a.id/2,
    # an exact re-post of b.id/1 published a day earlier. Saved alone, a.id/2 finds b.id/1
    # linked to a.id/1 and takes it over; in the batch, b.id/1's syndicated link is written
    # after the exact twins were read, and a.id/2 must still see it.
    steps = [Step(0, 0), Step(0, 0), Step(2, 1), Step(1, 1, date=2)]
    assert known_difference(steps, [], True) == "syndicated, then an exact re-post"
    (seen, state), (seen_batch, state_batch) = run_both(steps, [], syndicate=True)
    assert seen_batch == seen
    assert _dups(state)[URLS[2]] == URLS[1]  # b.id/1 -> a.id/2, its earlier exact copy
    assert _dups(state_batch) == _dups(state)
