"""The Whoosh side on its own: the analyzer, multiprocess-safe schema, rebuild and update."""

import pickle
from datetime import UTC, datetime, timedelta, timezone

from archive.extract import Extracted
from archive.records import FetchedPage
from archive.store import ArchiveStore
from search import indexer
from search.analysis import indonesian_analyzer
from search.query import Filters, run_search
from search.schema import make_schema

WIT = timezone(timedelta(hours=9))


def tokens(text):
    return [t.text for t in indonesian_analyzer()(text)]


def test_analyzer_stems_drops_stopwords_and_folds_accents():
    assert tokens("Petugas mengamankan dan diamankan") == ["tugas", "aman", "aman"]
    assert tokens("Jum'at Curhat di Café") == ["jumat", "curhat", "cafe"]


def test_schema_pickles_for_multiprocess_writers():
    schema = pickle.loads(pickle.dumps(make_schema()))
    assert [t.text for t in schema["text"].analyzer("disambangi")] == ["sambang"]


def add(store, sid, n, title, text, when, programs=()):
    url = f"http://a.id/{n}"
    ex = Extracted(url=url, is_article=True, title=title, text=text, published=when)
    r = store.save_article(sid, url, FetchedPage(url=url, status=200, body=b""), ex, None)
    if programs:
        with store.Session.begin() as s:
            from archive.models import Article

            s.get(Article, r.article_id).programs = list(programs)
    return r.article_id


def test_rebuild_then_update_and_query(tmp_path):
    store = ArchiveStore(f"sqlite:///{tmp_path / 'a.db'}")
    sid = store.site_id("a", "http://a.id/")
    add(store, sid, 1, "Patroli malam", "Polisi mengamankan pasar.", datetime(2024, 1, 2, tzinfo=WIT),
        ["Patroli Gabungan"])
    ix = tmp_path / "index"
    assert indexer.rebuild(ix, store, procs=2) == 1
    new = add(store, sid, 2, "Jumat Curhat di masjid", "Warga curhat soal pasar yang aman.",
              datetime(2024, 3, 1, tzinfo=WIT))
    # The new article, plus anything changed since the rebuild's watermark (with its margin).
    assert indexer.update(ix, store, [new]) in (1, 2)
    res = run_search(ix, "pasar", texts=store.texts_of)
    assert res.total == 2 and "<b>pasar</b>" in res.hits[0].snippet
    assert res.hits[0].published.utcoffset() == timedelta(hours=9)
    only = run_search(ix, "", Filters(programs=["Patroli Gabungan"]))
    assert [h.url for h in only.hits] == ["http://a.id/1"]
    dated = run_search(ix, "", Filters(since=datetime(2024, 2, 1, tzinfo=UTC)))
    assert [h.url for h in dated.hits] == ["http://a.id/2"]
    assert run_search(ix, "title:curhat").total == 1
    assert run_search(ix, "pasar -curhat").total == 1
    assert run_search(ix, '"mengamankan pasar"').total == 1
    assert res.facets["month"] == {"2024-01": 1, "2024-03": 1}


TEXTS = [
    "Jum'at Curhat di Café: Kapolres AKBP Bayu, S.I.K. mengamankan 3 pelaku.",
    "yang dan di Petugas disambangi warga, pasar yang aman dan tertib 08:15 WIB.",
    "", "dan yang", "Cooling System jelang Pilkada 2024 — damai, sejuk & kondusif!",
    "Polres Jember’s patroli; narkoba diamankan (barang bukti: 12,5 gram).",
]


def test_fast_terms_equal_the_whoosh_chain():
    ana = indonesian_analyzer()
    for text in TEXTS + [" ".join(TEXTS) * 3]:
        chain = [(t.text, t.pos) for t in ana(text, positions=True)]
        terms, first = ana.terms(text)
        assert list(zip(terms, range(first, first + len(terms)), strict=True)) == chain, text


def _store_with(tmp_path, n):
    store = ArchiveStore(f"sqlite:///{tmp_path / 'a.db'}")
    sid = store.site_id("a", "http://a.id/")
    for i in range(n):
        text = " ".join(TEXTS[j % len(TEXTS)] for j in range(i, i + 3 + i % 4))
        add(store, sid, i, f"Berita {i} {TEXTS[i % len(TEXTS)][:30]}", text,
            datetime(2024, 1 + i % 12, 1 + i % 27, tzinfo=WIT), ["Sambang"] if i % 3 else [])
    return store


def test_parallel_build_writes_what_whoosh_writes(tmp_path):
    from whoosh import index

    from search import build, segpost
    from search.postings import read_postings

    store = _store_with(tmp_path, 40)
    ids = list(range(1, 41))
    fast_dir, plain_dir = tmp_path / "fast", tmp_path / "plain"
    fast_dir.mkdir()
    plain_dir.mkdir()
    fast = index.create_in(str(fast_dir), make_schema(), indexname=indexer.INDEX_NAME)
    segments = build.write_segments(fast_dir, store, ids, procs=2)
    assert len(segments) == 2  # one per worker process
    indexer._commit_toc(fast, segments)
    plain = index.create_in(str(plain_dir), make_schema(), indexname=indexer.INDEX_NAME)
    w = plain.writer()
    for a in store.iter_articles(ids):
        w.add_document(**indexer.article_doc(a))
    w.commit()

    fast = indexer.open_index(fast_dir)
    with plain.reader() as want, fast.reader() as got:
        assert got.doc_count() == want.doc_count() == 40
        for field in ("title", "text", "programs", "site", "id"):
            assert list(got.lexicon(field)) == list(want.lexicon(field))
            for btext in want.lexicon(field):
                vals = field in ("title", "text")
                a, b = read_postings(want, field, btext, vals), read_postings(got, field, btext, vals)
                assert (list(a.ids), list(a.weights), a.values) == (
                    list(b.ids), list(b.weights), b.values), (field, btext)
        for d in range(40):
            assert got.stored_fields(d) == want.stored_fields(d)
            assert got.doc_field_length(d, "text") == want.doc_field_length(d, "text")
        # The compact postings written with the segment equal those derived from it.
        for leaf, _ in got.leaf_readers():
            sid = leaf.segment().segment_id()
            written = segpost.SegmentPostings(segpost.path_for(fast_dir, sid))
            segpost.derive(leaf, tmp_path / "derived.hpost")
            derived = segpost.SegmentPostings(tmp_path / "derived.hpost")
            for field in segpost.FIELDS:
                assert written.terms[field].keys() == derived.terms[field].keys()
                for btext in written.terms[field]:
                    x, y = written.get(field, btext, True), derived.get(field, btext, True)
                    assert all((u == v).all() for u, v in zip(x, y, strict=True)), btext


def test_every_segment_gets_compact_postings_and_searches_agree_without(tmp_path):
    from search import reader, segpost

    store = _store_with(tmp_path, 12)
    ix_dir = tmp_path / "index"
    indexer.rebuild(ix_dir, store)
    sid = store.site_id("a", "http://a.id/")
    new = add(store, sid, 99, "Sambang desa terpencil", "Warga disambangi polisi.",
              datetime(2025, 1, 1, tzinfo=WIT))
    indexer.update(ix_dir, store, [new])
    ix = indexer.open_index(ix_dir)
    segs = [s.segment_id() for s in ix._segments()]
    assert all(segpost.path_for(ix_dir, s).exists() for s in segs)
    queries = ["sambang", '"mengamankan 3 pelaku"', "cafe -pilkada", "title:berita", "warga"]
    with_compact = [(run_search(ix_dir, q).total, [h.url for h in run_search(ix_dir, q).hits])
                    for q in queries]
    for s in segs:  # a segment without its compact file is read through Whoosh instead
        segpost.path_for(ix_dir, s).unlink()
    reader.close_all()
    without = [(run_search(ix_dir, q).total, [h.url for h in run_search(ix_dir, q).hits])
               for q in queries]
    assert with_compact == without and with_compact[0][0] > 0 and with_compact[1][0] > 0


def test_a_threaded_process_spawns_its_index_workers(tmp_path):
    """A crawl (Twisted threads) that must rebuild may not fork: its workers are spawned."""
    import threading

    from whoosh import index

    from search import build

    store = _store_with(tmp_path, 20)
    ix_dir = tmp_path / "index"
    ix_dir.mkdir()
    ix = index.create_in(str(ix_dir), make_schema(), indexname=indexer.INDEX_NAME)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        segments = build.write_segments(ix_dir, store, list(range(1, 21)), procs=2)
    finally:
        stop.set()
        thread.join()
    assert len(segments) == 2
    indexer._commit_toc(ix, segments)
    indexer._write_columns(ix_dir)
    assert run_search(ix_dir, "berita", limit=0).total == 20
