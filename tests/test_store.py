"""The archive database on a real SQLite file: migrations, idempotent upserts, versions."""

from datetime import UTC, datetime, timedelta, timezone

import sqlalchemy as sa

from archive.extract import Extracted
from archive.models import Article, ArticleVersion, Capture
from archive.records import FetchedPage
from archive.store import ArchiveStore

WIB = timezone(timedelta(hours=7))


def extracted(url, title="Patroli Gabungan", text="JEMBER – Polres Jember menggelar patroli.",
              published=datetime(2024, 10, 23, 19, 5, tzinfo=WIB)):
    return Extracted(url=url, is_article=True, title=title, text=text, published=published,
                     author="Achmad Sarjono")


def page(url, body=b"<html>x</html>"):
    return FetchedPage(url=url, status=200, body=body, etag='"abc"',
                       last_modified="Wed, 23 Oct 2024 12:05:00 GMT")


def test_fresh_database_is_migrated_and_reopens(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    ArchiveStore(url)
    store = ArchiveStore(url)  # second open: already at head
    with store.Session() as s:
        rev = s.execute(sa.text("select version_num from alembic_version")).scalar()
        mode = s.execute(sa.text("pragma journal_mode")).scalar()
    assert rev == "0003"
    assert mode == "wal"


def test_head_revision_constant_is_alembics_head():
    """db.HEAD_REVISION lets a current database skip Alembic; it must name the real head."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from archive import db

    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_current_head() == db.HEAD_REVISION


def test_saving_twice_is_idempotent_and_edits_make_versions(tmp_path):
    store = ArchiveStore(f"sqlite:///{tmp_path / 'a.db'}")
    sid = store.site_id("jember", "http://127.0.0.11/")
    u = "http://127.0.0.11/2024/10/patroli/"
    r1 = store.save_article(sid, u, page(u), extracted(u), None)
    r2 = store.save_article(sid, u, page(u), extracted(u), None)
    r3 = store.save_article(sid, u, page(u), extracted(u, text="JEMBER – Teks diperbarui."), None)
    assert (r1.outcome, r2.outcome, r3.outcome) == ("new", "unchanged", "updated")
    assert r1.article_id == r2.article_id == r3.article_id
    with store.Session() as s:
        assert s.scalar(sa.select(sa.func.count(Article.id))) == 1
        art = s.get(Article, r1.article_id)
        assert art.versions == 2 and art.text == "JEMBER – Teks diperbarui."
        assert art.published == datetime(2024, 10, 23, 12, 5, tzinfo=UTC)
        assert art.published_offset == 420
        assert s.scalar(sa.select(sa.func.count(ArticleVersion.id))) == 2
        assert s.scalar(sa.select(sa.func.count(Capture.id))) == 3


def test_exact_repost_points_to_the_earliest_copy(tmp_path):
    store = ArchiveStore(f"sqlite:///{tmp_path / 'a.db'}")
    a, b = store.site_id("a", "http://a.id/"), store.site_id("b", "http://b.id/")
    later = store.save_article(b, "http://b.id/x", page("http://b.id/x"), extracted(
        "http://b.id/x", published=datetime(2024, 10, 24, tzinfo=WIB)), None)
    first = store.save_article(a, "http://a.id/x", page("http://a.id/x"), extracted(
        "http://a.id/x"), None)
    with store.Session() as s:
        assert s.get(Article, later.article_id).duplicate_of == first.article_id
        assert s.get(Article, first.article_id).duplicate_of is None
    assert store.get_by_url("http://b.id/x?utm_source=wa#top").id == later.article_id


def _state(store):
    """What a reader of the archive sees: articles, versions and captures, without ids."""
    with store.Session() as s:
        arts = s.execute(sa.select(Article.url, Article.versions, Article.text,
                                   Article.duplicate_of.is_not(None)).order_by(Article.url)).all()
        vers = s.execute(sa.select(ArticleVersion.version, ArticleVersion.text)
                         .order_by(ArticleVersion.text, ArticleVersion.version)).all()
        caps = s.scalar(sa.select(sa.func.count(Capture.id)))
    return arts, vers, caps


def test_a_batch_saves_like_one_article_at_a_time(tmp_path):
    """The crawler's many-row batch: same outcomes and rows as saving one by one, with a URL
    repeated inside the batch (new, then updated) and an exact re-post on another URL."""
    from archive.store import ArticleToSave

    text = "JEMBER – Polres Jember menggelar patroli."
    entries = [("http://a.id/1", text), ("http://a.id/2", "Teks lain " * 5),
               ("http://a.id/1", "JEMBER – Teks diperbarui."), ("http://b.id/copy", "Teks lain " * 5),
               ("http://a.id/2", "Teks lain " * 5)]
    one = ArchiveStore(f"sqlite:///{tmp_path / 'one.db'}")
    batch = ArchiveStore(f"sqlite:///{tmp_path / 'batch.db'}")
    singles = [one.save_article(one.site_id("a", "http://a.id/"), u, page(u),
                                extracted(u, text=t), None).outcome for u, t in entries]
    sid = batch.site_id("a", "http://a.id/")
    results = batch.save_articles([ArticleToSave(sid, u, page(u), extracted(u, text=t))
                                   for u, t in entries])
    assert [r.outcome for r in results] == singles == [
        "new", "new", "updated", "new", "unchanged"]
    assert _state(batch) == _state(one)
    assert results[0].article_id == results[2].article_id
    arts = {a.url: a for a in batch.iter_articles()}
    assert arts["http://b.id/copy"].duplicate_of == arts["http://a.id/2"].id  # same date: first id
    assert arts["http://a.id/2"].duplicate_of is None


def test_a_refused_row_fails_its_batch_and_leaves_the_database_as_it_was(tmp_path):
    import pytest
    from sqlalchemy.exc import IntegrityError

    from archive.store import ArticleToSave

    store = ArchiveStore(f"sqlite:///{tmp_path / 'a.db'}")
    sid = store.site_id("a", "http://a.id/")
    good = ArticleToSave(sid, "http://a.id/1", page("http://a.id/1"), extracted("http://a.id/1"))
    bad = ArticleToSave(None, "http://a.id/2", page("http://a.id/2"), extracted("http://a.id/2"))
    with pytest.raises(IntegrityError):
        store.save_articles([good, bad])
    assert store.count() == 0  # the crawler then saves each article on its own
    assert store.save_articles([good])[0].outcome == "new"


def test_site_ids_in_one_go_match_site_id(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    store = ArchiveStore(url)
    first = store.site_id("jember", "http://127.0.0.11/")
    ids = store.site_ids([("jember", "http://127.0.0.11/"), ("lumajang", "http://127.0.0.12/")])
    assert ids["jember"] == first and ids["lumajang"] != first
    moved = ArchiveStore(url).site_ids([("lumajang", "http://127.0.0.99/")])  # a new process
    assert moved == {"lumajang": ids["lumajang"]}
    with store.Session() as s:
        assert s.execute(sa.text("select url from sites where name = 'lumajang'")).scalar() \
            == "http://127.0.0.99/"
