"""Our numpy evaluator against Whoosh's own matchers on a real index: the same matches and the
same BM25F scores, also after documents were re-indexed (deleted docnums still count)."""

from datetime import datetime, timedelta, timezone

import pytest
from whoosh import scoring

from archive.store import ArchiveStore
from search import indexer, reader
from search.query import parse_query, run_search
from tests.test_search_index import add

WIB = timezone(timedelta(hours=7))
TEXTS = ["polisi patroli pasar malam jalan raya", "polisi jalan patroli raya pasar",
         "patroli polisi jalan pasar kota", "warga pasar polisi",
         "pasar raya polisi patroli jalan jalan", "polisi kota patroli desa pasar",
         "polisi kota pasar patroli", "polisi patroli pasar"]


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scoring")
    store = ArchiveStore(f"sqlite:///{tmp / 'a.db'}")
    sid = store.site_id("a", "http://a.id/")
    ids = [add(store, sid, i, f"Judul {i}", t, datetime(2024, 1, 1 + i, tzinfo=WIB))
           for i, t in enumerate(TEXTS)]
    ix_dir = tmp / "index"
    indexer.rebuild(ix_dir, store)
    indexer.reindex_ids(ix_dir, store, ids[:3])  # leaves deleted docnums behind
    reader.close_all()
    yield ix_dir
    reader.close_all()


def whoosh_vs_ours(ix_dir, q):
    o = reader.open_searcher(ix_dir)
    assert o.searcher.reader().doc_count_all() > o.searcher.reader().doc_count()
    with o.ix.searcher(weighting=scoring.BM25F()) as s:
        wh = {s.stored_fields(h.docnum)["id"]: round(h.score, 4)
              for h in s.search(parse_query(q, o.ix.schema), limit=None)}
    ours = {h.id: round(h.score, 4) for h in run_search(ix_dir, q, limit=100, facets=False).hits}
    return wh, ours


@pytest.mark.parametrize("q", [
    "pasar polisi", "jalan", "title:judul polisi",  # the default AND of words
    "jalan OR kota", '"polisi patroli" OR pasar', "kota OR (desa -malam)",
    "pasar -kota", "-kota", '"polisi patroli" polisi', '"polisi patroli"~2', '"polisi jalan raya"~2',
    '"polisi patroli pasar"~2', '"polisi patroli pasar"~3', "polisi ANDMAYBE kota",
])
def test_matches_and_scores_equal_whoosh(ix, q):
    wh, ours = whoosh_vs_ours(ix, q)
    assert wh, q  # every query here matches something
    assert ours == wh, q


def test_average_length_counts_deleted_docnums_as_whoosh_does(ix):
    o = reader.open_searcher(ix)
    assert o.columns.avg_length["text"] == pytest.approx(o.searcher.avg_field_length("text"))
