"""``humas reindex --check`` finds where the index and the database disagree, and
``--repair`` brings them back in line: rows deleted, edited and added behind the index."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from archive.extract import Extracted
from archive.models import Article
from archive.records import FetchedPage
from archive.store import ArchiveStore
from search import check, indexer
from search.query import run_search
from tests.conftest import env_for, humas

WIB = timezone(timedelta(hours=7))


def add(store, sid, n, title, text, programs=()):
    url = f"http://a.id/{n}"
    ex = Extracted(url=url, is_article=True, title=title, text=text,
                   published=datetime(2024, 1, n, 9, tzinfo=WIB))
    r = store.save_article(sid, url, FetchedPage(url=url, status=200, body=b""), ex, None)
    if programs:
        with store.Session.begin() as s:
            s.get(Article, r.article_id).programs = list(programs)
    return r.article_id


@pytest.fixture
def archive(tmp_path):
    store = ArchiveStore(f"sqlite:///{tmp_path / 'archive.db'}")
    sid = store.site_id("a", "http://a.id/")
    ids = [add(store, sid, n, f"Patroli malam ke-{n}", f"Polisi patroli pasar nomor {n}.")
           for n in range(1, 7)]
    indexer.rebuild(tmp_path / "index", store)
    return tmp_path, store, sid, ids


def test_check_reports_and_repair_fixes(archive):
    data, store, sid, ids = archive
    env = env_for(data)
    assert humas("reindex", "--check", env=env).stdout.strip() == (
        "index matches the database: 6 articles")

    db = sqlite3.connect(data / "archive.db")
    with db:  # behind the index's back: a row deleted, a title edited, a tag changed
        db.execute("DELETE FROM articles WHERE id = ?", (ids[0],))
        db.execute("UPDATE articles SET title = 'Sambang desa' WHERE id = ?", (ids[1],))
        db.execute("""UPDATE articles SET programs = '["Sambang"]' WHERE id = ?""", (ids[2],))
    db.close()
    new = add(store, sid, 9, "Jumat Curhat", "Warga curhat di masjid.")  # never indexed

    proc = humas("reindex", "--check", env=env, check=False)
    assert proc.returncode == 1
    lines = proc.stdout.strip().splitlines()
    assert f"missing: article {new} http://a.id/9 is in the database but not in the index" in lines
    assert f"stale: article {ids[1]} http://a.id/2 changed since it was indexed" in lines
    assert f"stale: article {ids[2]} http://a.id/3 changed since it was indexed" in lines
    assert f"extra: article {ids[0]} http://a.id/1 is in the index but not in the database" in lines
    assert lines[-1].startswith("index and database disagree: 1 missing, 2 stale, 1 extra")
    assert len(lines) == 5
    assert "--repair" in proc.stderr and "Traceback" not in proc.stderr

    proc = humas("reindex", "--check", "--repair", env=env)
    assert "repaired: 4 documents" in proc.stdout
    assert proc.stdout.strip().endswith("index matches the database: 6 articles")
    assert humas("reindex", "--check", env=env).returncode == 0

    index = data / "index"
    assert run_search(index, "sambang").total == 1
    assert run_search(index, "curhat").total == 1
    assert {h.url for h in run_search(index, "patroli", limit=50).hits} == {
        f"http://a.id/{n}" for n in (2, 3, 4, 5, 6)}  # 2 keeps "patroli" in its text


def test_missing_index_is_reported_and_rebuilt(archive):
    data, store, _, _ = archive
    import shutil

    shutil.rmtree(data / "index")
    rep = check.check(data / "index", store)
    assert not rep.ok and rep.no_index and len(rep.missing) == 6
    assert rep.summary() == "no index yet; 6 articles in the database"
    check.repair(data / "index", store, rep)
    assert check.check(data / "index", store).ok


def test_duplicate_documents_are_found(archive):
    data, store, _, ids = archive
    ix = indexer.open_index(data / "index")
    w = ix.writer()
    w.add_document(**indexer.article_doc(next(store.iter_articles([ids[3]]))))  # twice now
    w.commit()
    rep = check.check(data / "index", store)
    assert [i for i, _ in rep.duplicate] == [ids[3]] and not rep.missing
    check.repair(data / "index", store, rep)
    assert check.check(data / "index", store).ok
    assert run_search(data / "index", "patroli").total == 6


def test_index_from_before_the_schema_is_outdated_and_rebuilt(archive):
    from whoosh import index

    from search.schema import make_schema

    data, store, _, _ = archive
    old = data / "old-index"
    old.mkdir()
    schema = make_schema()
    schema.remove("sig")  # as written before the index carried signatures
    ix = index.create_in(str(old), schema, indexname=indexer.INDEX_NAME)
    w = ix.writer()
    for a in store.iter_articles():
        doc = indexer.article_doc(a)
        doc.pop("sig")
        w.add_document(**doc)
    w.commit()
    rep = check.check(old, store)
    assert rep.outdated and not rep.ok and "run humas reindex" in rep.summary()
    assert check.repair(old, store, rep) == 6
    assert check.check(old, store).ok
    assert run_search(old, "patroli").total == 6


def test_unreadable_index_is_reported_and_rebuilt(archive):
    data, store, _, _ = archive
    index = data / "index"
    for f in index.glob("articles_*"):  # the TOC now names segments that are gone
        f.unlink()
    env = env_for(data)
    proc = humas("reindex", "--check", env=env, check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stdout.strip().splitlines()[-1].startswith("index unreadable (")
    assert "run humas reindex" in proc.stdout
    rep = check.check(index, store)
    assert rep.unreadable and not rep.ok
    assert check.repair(index, store, rep) == 6
    assert check.check(index, store).ok
    assert run_search(index, "patroli").total == 6
