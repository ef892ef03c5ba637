"""The query engine on a small private index: query language, filters, facets, ranking,
duplicate collapsing and parse errors (no crawl needed)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from archive.extract import Extracted
from archive.models import Article
from archive.records import FetchedPage
from archive.store import ArchiveStore
from search import columns, indexer, reader
from search.postings import bits_of, ids_of
from search.query import Filters, QueryError, check_syntax, run_search

WIB = timezone(timedelta(hours=7))
DOCS = [  # title, text, day, programs, polda, polres
    ("Jumat Curhat di Masjid", "Warga curhat soal pasar yang aman. Polisi mengamankan pasar.",
     "2024-01-05", ["Jumat Curhat"], "Polda Jawa Timur", "Polres Jember"),
    ("Patroli malam", "Petugas patroli di pasar malam, narkoba diamankan.",
     "2024-02-10", ["Patroli Gabungan"], "Polda Jawa Timur", "Polres Lumajang"),
    ("Sambang desa", "Bhabinkamtibmas sambang warga desa, pasar ramai dan aman.",
     "2024-03-15", ["Sambang"], "Polda Jawa Barat", "Polres Garut"),
    ("Cooling System jelang Pilkada", "Cooling system menjaga pilkada damai di pasar.",
     "2024-11-01", ["Cooling System"], "Polda Jawa Barat", "Polres Garut"),
]


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("engine")
    store = ArchiveStore(f"sqlite:///{tmp / 'a.db'}")
    sid = store.site_id("a", "http://a.id/")
    ids = []
    for n, (title, text, day, programs, polda, polres) in enumerate(DOCS, start=1):
        url = f"http://a.id/{n}"
        when = datetime.fromisoformat(day).replace(hour=9, tzinfo=WIB)
        ex = Extracted(url=url, is_article=True, title=title, text=text, published=when)
        r = store.save_article(sid, url, FetchedPage(url=url, status=200, body=b""), ex, None)
        with store.Session.begin() as s:
            a = s.get(Article, r.article_id)
            a.programs, a.polda, a.polres = programs, polda, polres
        ids.append(r.article_id)
    # A syndicated copy of the first article on another URL (newer, same words).
    url = "http://a.id/copy"
    ex = Extracted(url=url, is_article=True, title=DOCS[0][0], text=DOCS[0][1] + " (salinan)",
                   published=datetime(2024, 1, 6, 9, tzinfo=WIB))
    r = store.save_article(sid, url, FetchedPage(url=url, status=200, body=b""), ex, None)
    with store.Session.begin() as s:
        a = s.get(Article, r.article_id)
        a.programs, a.polda, a.polres, a.duplicate_of = (
            ["Jumat Curhat"], "Polda Jawa Timur", "Polres Jember", ids[0])
    path = tmp / "index"
    indexer.rebuild(path, store)
    return path, store


def urls(res):
    return [h.url for h in res.hits]


def test_bitsets_round_trip():
    ids = [0, 3, 8, 9, 1000]
    assert ids_of(bits_of(ids, 126)) == ids


def test_words_are_all_required_unless_any(ix):
    path, _ = ix
    assert urls(run_search(path, "patroli narkoba")) == ["http://a.id/2"]
    assert run_search(path, "patroli pilkada").total == 0
    assert run_search(path, "patroli pilkada", any_words=True).total == 2


def test_stemming_phrases_exclusion_and_fields(ix):
    path, _ = ix
    assert run_search(path, "diamankan").total == run_search(path, "mengamankan").total == 4
    assert urls(run_search(path, '"pilkada damai"')) == ["http://a.id/4"]
    assert run_search(path, '"damai pilkada"').total == 0
    assert urls(run_search(path, "pasar -sambang", sort="oldest", show_duplicates=True)) == [
        "http://a.id/1", "http://a.id/copy", "http://a.id/2", "http://a.id/4"]
    assert sorted(urls(run_search(path, 'pasar -"pilkada damai" -curhat'))) == [
        "http://a.id/2", "http://a.id/3"]
    assert urls(run_search(path, "title:patroli")) == ["http://a.id/2"]
    assert run_search(path, "title:pasar").total == 0


def test_fuzzy_tolerates_typos(ix):
    path, _ = ix
    assert run_search(path, "patrolli").total == 0
    assert urls(run_search(path, "patrolli", fuzzy=True)) == ["http://a.id/2"]


def test_filters_combine_and_facets_count_the_whole_set(ix):
    path, _ = ix
    res = run_search(path, "pasar", Filters(polda=["Polda Jawa Barat"]), limit=1)
    assert res.total == 2 and len(res.hits) == 1
    assert res.facets["polres"] == {"Polres Garut": 2}
    assert res.facets["month"] == {"2024-03": 1, "2024-11": 1}
    since = datetime(2024, 2, 1, tzinfo=WIB)
    until = datetime(2024, 4, 1, tzinfo=WIB)
    assert urls(run_search(path, "", Filters(since=since, until=until), sort="oldest")) == [
        "http://a.id/2", "http://a.id/3"]
    both = Filters(programs=["Sambang"], polres=["Polres Garut"])
    assert urls(run_search(path, "", both)) == ["http://a.id/3"]
    assert run_search(path, "", Filters(status="deleted")).total == 0


def test_ranking_title_boost_and_sorts(ix):
    path, _ = ix
    res = run_search(path, "patroli", show_duplicates=True)
    assert res.hits[0].url == "http://a.id/2"
    newest = run_search(path, "pasar", sort="newest", show_duplicates=True)
    dates = [h.published for h in newest.hits]
    assert dates == sorted(dates, reverse=True)
    assert newest.hits[0].score > 0


def test_copies_fold_under_their_original(ix):
    path, _ = ix
    shown = run_search(path, "curhat", show_duplicates=True)
    assert shown.total == 2
    folded = run_search(path, "curhat", show_duplicates=False)
    assert urls(folded) == ["http://a.id/1"] and folded.hits[0].copies == 1
    assert folded.total == 1 and folded.facets["program"] == {"Jumat Curhat": 1}


def test_snippets_mark_the_stemmed_words(ix):
    path, store = ix
    res = run_search(path, "diamankan", Filters(polres=["Polres Lumajang"]), texts=store.texts_of)
    assert "<b>diamankan</b>" in res.hits[0].snippet


def test_columns_are_saved_per_generation(ix):
    path, _ = ix
    files = list(path.glob(f"{columns.PREFIX}*.pickle"))
    assert len(files) == 1
    files[0].unlink()  # a missing file is rebuilt when the index is next opened
    columns._CACHE.clear()
    reader.close_all()
    assert run_search(path, "pasar").total == 5
    assert len(list(path.glob(f"{columns.PREFIX}*.pickle"))) == 1


@pytest.mark.parametrize(("query", "message"), [
    ('"jumat curhat', "unclosed quote"),
    ("(patroli", r"unclosed '\(' at column 1"),
    ("patroli)", r"unmatched '\)' at column 8"),
    ("judul:patroli", "unknown field 'judul:' at column 1"),
    ("pasar title: x", "'title:' at column 7 needs a word"),
    ("patroli " * 700, "the query is 5,600 characters long; the limit is 2,000"),
])
def test_unparsable_queries_say_where(query, message):
    with pytest.raises(QueryError, match=message):
        check_syntax(query)


def test_colons_in_times_are_not_fields():
    check_syntax("pukul 08:15 patroli")
    check_syntax('"title: bukan field"')
