"""Near-duplicate (syndicated) releases: MinHash signatures, the LSH index, the threshold."""

from __future__ import annotations

import itertools
import pickle
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
import sqlalchemy as sa

from archive import syndication as syn
from archive.models import Article
from archive.store import ArchiveStore
from archive.urls import canonicalize
from replica.plan import _gen, syndicated_copy
from tests.test_store import extracted, page

WIB = timezone(timedelta(hours=7))


@pytest.fixture(scope="module")
def generated():
    """240 unrelated releases from the replica's templates (deterministic)."""
    return [a for seed in ("syn-a", "syn-b", "syn-c") for a in _gen(seed, 80)]


def test_signature_is_pure_portable_bytes():
    text = " ".join(f"kata{i}" for i in range(60))
    sig = syn.signature(text)
    assert isinstance(sig, bytes) and len(sig) == 525
    assert syn.signature(text) == sig  # deterministic
    assert pickle.loads(pickle.dumps(sig)) == sig
    assert syn.similarity(sig, syn.signature(text.upper() + " !!")) == 1.0  # normalised
    assert syn.similarity(sig, syn.signature(" ".join(f"lain{i}" for i in range(60)))) < 0.1


def test_find_original_is_the_earliest_published_then_lowest_id():
    t = datetime(2024, 11, 8, 9, tzinfo=WIB)
    assert syn.find_original([(5, t), (3, t + timedelta(hours=1)), (9, None)]) == 5
    assert syn.find_original([(7, t), (4, t)]) == 4
    assert syn.find_original([(8, None), (6, None)]) == 6
    with pytest.raises(ValueError):
        syn.find_original([])


def test_template_siblings_stay_far_below_the_threshold(generated):
    """The measurement behind THRESHOLD: unrelated same-template articles never get close."""
    sets = [syn.shingles(a.text) for a in generated]
    exact = [syn.jaccard(a, b) for a, b in itertools.combinations(sets, 2)]
    sigs = np.stack([np.frombuffer(syn.signature(a.text)[13:], "<u4") for a in generated])
    est = np.concatenate([(sigs[i + 1:] == sigs[i]).mean(axis=1) for i in range(len(sigs))])
    assert len(exact) == len(est) == 28680
    assert max(exact) < syn.THRESHOLD - 0.15, max(exact)
    assert est.max() < syn.THRESHOLD - 0.1, est.max()
    # ... while 5-word shingles would bring the same pairs much closer (why SHINGLE is 8).
    fives = [syn.shingles(a.text, 5) for a in generated[:80]]
    five = max(syn.jaccard(a, b) for a, b in itertools.combinations(fives, 2))
    assert five > max(syn.jaccard(a, b) for a, b in itertools.combinations(sets[:80], 2)) + 0.05


def test_edited_copies_stay_above_the_threshold(generated):
    """The replica's own syndication edits, plus losing the closing paragraph."""
    for art in generated[:60]:
        copy = syndicated_copy(art, "lensanusantara")
        sig = syn.signature(art.text)
        assert syn.similarity(sig, syn.signature(copy.text)) >= syn.THRESHOLD + 0.1
        trimmed = "\n".join(copy.paragraphs[:-1])
        assert syn.jaccard(syn.shingles(art.text), syn.shingles(trimmed)) >= syn.THRESHOLD


def test_crawled_syndicated_pair_is_found_and_nothing_else(crawled):
    """On what the crawler stored: the replica's syndicated pair, and no template sibling."""
    truth = crawled.web.truth["articles"]
    pairs = [(a["url"], a["syndicated_from"]) for a in truth if a["syndicated_from"]]
    store = ArchiveStore(f"sqlite:///{crawled.data_dir / 'archive.db'}", create=False)
    with store.Session() as s:
        ids = dict(s.execute(sa.select(Article.url, Article.id)).all())
        index = syn.SyndicationIndex.rebuild_from(s)
        sets = {i: syn.shingles(t) for i, t in s.execute(sa.select(Article.id, Article.text))}
    expected = {(ids[canonicalize(o)], (ids[canonicalize(c)],)) for c, o in pairs}
    links = list(index.groups())
    assert {(g.original, g.copies) for g in links} == expected
    for copy_url, orig_url in pairs:
        a, b = ids[canonicalize(orig_url)], ids[canonicalize(copy_url)]
        assert syn.jaccard(sets[a], sets[b]) > 0.95
    others = [syn.jaccard(sets[a], sets[b]) for a, b in itertools.combinations(sorted(sets), 2)
              if (a, (b,)) not in expected and (b, (a,)) not in expected]
    assert max(others) < syn.THRESHOLD - 0.2


def test_link_decides_the_original_and_ignores_exact_twins(generated):
    index = syn.SyndicationIndex()
    t = datetime(2024, 11, 8, 9, tzinfo=WIB)
    orig, other = generated[0], generated[1]
    copy = syndicated_copy(orig, "x")
    assert index.link(1, t, orig.text, content_hash="h1") is None
    assert index.link(2, t, other.text, content_hash="h2") is None
    link = index.link(3, t + timedelta(hours=2), copy.text, content_hash="h3")
    assert link is not None and (link.original, link.copies) == (1, (3,))
    assert link.similarity[1] >= syn.THRESHOLD
    # An exact re-post of the original is the store's business, not a syndicated copy.
    assert index.link(4, t + timedelta(hours=3), orig.text, content_hash="h1") is None
    assert set(index.query(copy.text, content_hash="h3")) == {1}
    # A copy that turns out to be older than everything becomes the original.
    early = index.link(5, t - timedelta(days=1), copy.text + " (red)", content_hash="h5")
    assert early is not None and early.original == 5 and set(early.copies) == {1, 3}
    # Short texts are never linked.
    assert index.link(6, t, "Polres Jember menggelar patroli.", content_hash="h6") is None
    assert 6 not in index and len(index) == 5


def test_earliest_exact_twin_represents_its_group_and_removal_promotes(generated):
    t = datetime(2024, 11, 8, 9, tzinfo=WIB)
    orig = generated[2]
    index = syn.SyndicationIndex()
    index.add(10, t + timedelta(hours=1), orig.text, content_hash="h")
    index.add(11, t, orig.text, content_hash="h")  # earlier exact twin: it represents "h"
    copy = syndicated_copy(orig, "x").text
    assert set(index.query(copy)) == {11}
    index.remove(11)
    assert set(index.query(copy)) == {10}
    index.remove(10)
    assert index.query(copy) == {} and len(index) == 0


def test_index_pickles_to_signatures_and_keeps_answering(generated):
    index = syn.SyndicationIndex()
    for i, art in enumerate(generated[:30]):
        index.add(i, art.published, art.text, content_hash=f"h{i}")
    clone = pickle.loads(pickle.dumps(index))
    copy = syndicated_copy(generated[7], "x").text
    assert set(clone.query(copy)) == set(index.query(copy)) == {7}
    assert len(clone) == 30


def test_rebuild_from_a_stored_archive(tmp_path, generated):
    """One pass over a real SQLite archive: the copy links to the original, not to twins."""
    store = ArchiveStore(f"sqlite:///{tmp_path / 'a.db'}")
    sites = [store.site_id(n, f"http://{n}.id/") for n in ("a", "b", "c")]
    orig = generated[3]
    copy = syndicated_copy(orig, "b")
    t = datetime(2024, 11, 8, 9, tzinfo=WIB)

    def save(site, slug, art_text, when, title="Rilis"):
        url = f"http://{slug}"
        return store.save_article(site, url, page(url), extracted(
            url, title=title, text=art_text, published=when), None).article_id

    a = save(sites[0], "a.id/rilis", orig.text, t)
    c = save(sites[2], "c.id/rilis", orig.text, t + timedelta(hours=3))  # exact re-post
    b = save(sites[1], "b.id/rilis", copy.text, t + timedelta(hours=1))
    for i, art in enumerate(generated[10:20]):
        save(sites[i % 3], f"a.id/lain-{i}", art.text, art.published, title=art.title)
    with store.Session() as s:
        assert s.get(Article, c).duplicate_of == a  # the store's own exact linking
        index = syn.SyndicationIndex.rebuild_from(s, batch=4)
    assert len(index) == 13
    assert [(g.original, g.copies) for g in index.groups()] == [(a, (b,))]


def test_lsh_bands_are_datasketchs():
    """The bands are those datasketch's MinHashLSH works out for the candidate threshold."""
    from datasketch.lsh import _optimal_param

    assert _optimal_param(syn.CANDIDATE_THRESHOLD, syn.NUM_PERM, 0.5, 0.5) == (syn.BANDS,
                                                                                syn.ROWS)


def test_lsh_candidates_are_datasketchs():
    """The index's buckets answer as datasketch's MinHashLSH does over the same signatures:
    near-copies at several similarities, exact twins, unrelated ones; after removals too."""
    from datasketch import MinHashLSH

    rng = np.random.default_rng(7)
    base = rng.integers(0, 1 << 32, size=(40, syn.NUM_PERM), dtype=np.uint32)
    sigs = {}
    for i, values in enumerate(base):
        sigs[i] = syn.HEADER + values.astype("<u4").tobytes()
        for j, keep in enumerate((0.95, 0.8, 0.6, 0.3)):  # copies sharing that share of values
            copy = values.copy()
            changed = rng.random(syn.NUM_PERM) > keep
            copy[changed] = rng.integers(0, 1 << 32, size=int(changed.sum()), dtype=np.uint32)
            sigs[1000 * (j + 1) + i] = syn.HEADER + copy.astype("<u4").tobytes()
    ours = syn._Bands()
    theirs = MinHashLSH(threshold=syn.CANDIDATE_THRESHOLD, num_perm=syn.NUM_PERM)
    for aid, sig in sigs.items():
        ours.insert(aid, sig)
        theirs.insert(aid, syn.from_signature(sig), check_duplication=False)
    for aid in list(sigs)[::7]:
        ours.remove(aid, sigs[aid])
        theirs.remove(aid)
    found = 0
    for sig in sigs.values():
        expected = set(theirs.query(syn.from_signature(sig)))
        assert ours.query(sig) == expected
        found += len(expected) > 1
    assert found > 40  # the copies were found, not only each signature itself
