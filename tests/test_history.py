"""Crawl runs, site health, versions and word diffs on a real SQLite archive."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from archive import history
from archive.models import CrawlRun
from archive.store import ArchiveStore
from tests.test_store import extracted, page

T0 = datetime(2024, 11, 8, 1, 0, tzinfo=UTC)


def add_run(store, key, site_id, start, minutes=2, stats=None, finished=True, **counts):
    with store.Session.begin() as s:
        s.add(CrawlRun(run_key=key, site_id=site_id, started_at=start,
                       finished_at=start + timedelta(minutes=minutes) if finished else None,
                       stats=stats or {}, **counts))


@pytest.fixture
def archive(tmp_path):
    """Two sites, three runs (the newest one failed for jember), three articles."""
    store = ArchiveStore(f"sqlite:///{tmp_path / 'a.db'}")
    jember = store.site_id("jember", "http://jember.id/")
    jatim = store.site_id("jatim", "http://jatim.id/")
    add_run(store, "run1" + "a" * 28, jember, T0, requests=40, new=10, errors=2,
            stats={"robots": "ok"})
    add_run(store, "run1" + "a" * 28, jatim, T0, minutes=5, requests=60, new=20)
    add_run(store, "run2" + "b" * 28, jember, T0 + timedelta(days=1), requests=30,
            unchanged=10, errors=1, stats={"robots": {"status": "disallowed /cari"}})
    add_run(store, "run2" + "b" * 28, jatim, T0 + timedelta(days=1), requests=0)
    add_run(store, "run3" + "c" * 28, jember, T0 + timedelta(days=2), requests=5, errors=5,
            finished=False)
    for i, sid in enumerate((jember, jember, jatim)):
        u = f"http://x.id/{i}"
        store.save_article(sid, u, page(u), extracted(u, text=f"Teks {i} " * 5), None)
    with store.Session.begin() as s:
        from archive.models import Article

        s.query(Article).filter(Article.url == "http://x.id/1").update(
            {"status": "deleted", "deleted_at": T0})
    return store


def test_runs_newest_first_limit_counts_runs_and_site_filters(archive):
    with archive.Session() as s:
        rows = history.list_runs(s)
        assert [(r.run_key[:4], r.site) for r in rows] == [
            ("run3", "jember"), ("run2", "jatim"), ("run2", "jember"), ("run1", "jatim"),
            ("run1", "jember")]
        assert [r.run_key[:4] for r in history.list_runs(s, limit=2)] == ["run3", "run2", "run2"]
        assert [r.run_key[:4] for r in history.list_runs(s, site="jatim")] == ["run2", "run1"]
        assert history.list_runs(s, site="nowhere") == []
    assert rows[-1].duration == 120.0 and rows[0].duration is None
    total = history.run_totals(rows[3:])
    assert (total.requests, total.new, total.errors, total.duration) == (100, 30, 2, 300.0)
    assert rows[0].to_dict()["finished_at"] is None


def test_site_health_last_success_error_rate_robots_and_never_crawled(archive):
    configured = [("jember", "http://jember.id/"), ("baru", "http://baru.id/")]
    with archive.Session() as s:
        health = {h.name: h for h in history.site_health(s, configured, window=2)}
    assert sorted(health) == ["baru", "jatim", "jember"]
    jember, jatim, baru = health["jember"], health["jatim"], health["baru"]
    assert (jember.live, jember.deleted, jember.runs) == (1, 1, 3)
    # run3 had as many errors as requests (and never finished): not a success.
    assert jember.last_success == T0 + timedelta(days=1, minutes=2)
    assert jember.last_run == T0 + timedelta(days=2)
    assert (jember.errors, jember.requests) == (6, 35) and jember.error_rate == 6 / 35
    assert jember.robots == "disallowed /cari"
    # jatim's newest run made no requests: the last success is the one before it.
    assert jatim.last_success == T0 + timedelta(minutes=5)
    assert jatim.robots == "-" and jatim.error_rate == 0.0
    assert not baru.crawled and baru.last_run is None and baru.error_rate is None
    with archive.Session() as s:
        wide = {h.name: h for h in history.site_health(s, window=10)}
    assert wide["jember"].errors == 8 and "baru" not in wide


def test_versions_and_the_default_pair(tmp_path):
    store = ArchiveStore(f"sqlite:///{tmp_path / 'a.db'}")
    sid = store.site_id("jember", "http://jember.id/")
    u = "http://jember.id/2024/11/patroli/"
    texts = ["Polres Jember menggelar patroli malam.", "Polres Jember menggelar patroli "
             "gabungan malam.", "Polres Jember menggelar patroli gabungan malam di alun-alun."]
    for t in texts:
        art_id = store.save_article(sid, u, page(u), extracted(u, text=t), None).article_id
    with store.Session() as s:
        rows = history.versions(s, art_id)
    assert [(v.version, v.words) for v in rows] == [(1, 5), (2, 6), (3, 8)]
    assert rows[0].text == texts[0] and len(rows[0].content_hash) == 64
    assert [v.version for v in history.pick_versions(rows, None, None)] == [2, 3]
    assert [v.version for v in history.pick_versions(rows, 1, None)] == [1, 3]
    assert [v.version for v in history.pick_versions(rows, None, 2)] == [1, 2]
    with pytest.raises(ValueError, match=r"no version 7 \(stored versions: 1, 2, 3\)"):
        history.pick_versions(rows, 7, None)
    with pytest.raises(ValueError, match="nothing to compare"):
        history.pick_versions(rows, 3, 3)


def test_word_diff_marks_insertions_and_deletions_and_keeps_paragraphs():
    old = "Polres Jember menggelar patroli malam.\nWarga merasa senang."
    new = "Polres Jember menggelar patroli gabungan malam.\nWarga merasa sangat aman!"
    ops = history.word_diff(old, new)
    assert [o.op for o in ops] == ["equal", "insert", "equal", "delete", "insert"]
    assert history.render_diff(ops) == ("Polres Jember menggelar patroli [+gabungan+] malam.\n"
                                        "Warga merasa [-senang.-] [+sangat aman!+]")
    assert history.diff_summary(ops) == {"inserted": 3, "deleted": 1}
    # The equal and deleted parts give back the old text, equal and inserted the new one.
    assert " ".join(o.text for o in ops if o.op != "insert").replace(" \n", "\n") == old
    assert " ".join(o.text for o in ops if o.op != "delete").replace("\n ", "\n") == new
    assert history.word_diff("sama saja", "sama  saja") == [history.DiffOp("equal", "sama saja")]
