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
