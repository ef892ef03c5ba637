"""Storing and reading articles: idempotent upserts keyed by canonical URL.

The crawler hands over plain records (a fetched page, what extraction and enrichment made of
it); this module decides whether that is a new article, a changed one (a new version) or the
same one seen again, and keeps the raw capture beside it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from archive.db import open_db
from archive.models import Article, ArticleVersion, Capture, CrawlError, CrawlRun, Page, Site
from archive.records import FetchedPage, pack_body
from archive.revisit import KnownArticle

if TYPE_CHECKING:
    from archive.enrich import Enrichment
    from archive.extract import Extracted
    from archive.syndication import SyndicationIndex

ENRICHMENT_FIELDS = (
    "programs",
    "polda",
    "polres",
    "kabupaten_kota",
    "regions_mentioned",
    "officials",
    "event_dates",
    "evidence",
)


# Statements built once: the crawler saves an article per fetched page, and building and
# cache-keying a fresh statement each time cost more than executing it.
_FIND_ARTICLE = select(Article.id, Article.content_hash, Article.versions).where(
    Article.url == bindparam("url"))
_INSERT_ARTICLE = insert(Article).returning(Article.id)
_INSERT_CAPTURE = insert(Capture).returning(Capture.id)
_INSERT_VERSION = insert(ArticleVersion)
_UPDATE_ARTICLE = update(Article).where(Article.id == bindparam("art_id"))
_SAME_CONTENT = select(Article.id, Article.published, Article.duplicate_of).where(
    Article.content_hash == bindparam("digest"))


def content_hash(title: str, text: str) -> str:
    """Hash of what a reader sees; whitespace differences do not make a new version."""
    norm = " ".join(title.split()) + "\n" + " ".join(text.split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass
class SaveResult:
    outcome: str  # "new" | "updated" | "unchanged" | "deleted"
    article_id: int
    relinked: tuple[int, ...] = ()  # other articles whose duplicate_of this save changed


class ArchiveStore:
    """The archive database behind a small API; one instance per process."""

    def __init__(self, url: str | None = None, *, create: bool = True) -> None:
        self.Session: sessionmaker[Session] = open_db(url, create=create)
        self._site_ids: dict[str, int] = {}

    @property
    def url(self) -> str:
        """The database URL, password included: what another process opens it with."""
        return self.Session.kw["bind"].url.render_as_string(hide_password=False)

    @property
    def shareable(self) -> bool:
        """Whether other processes can open this database (not an in-memory SQLite)."""
        return self.Session.kw["bind"].url.database not in (None, "", ":memory:")

    # -- sites ---------------------------------------------------------------------------
    def site_id(self, name: str, url: str) -> int:
        if name in self._site_ids:
            return self._site_ids[name]
        with self.Session.begin() as s:
            site = s.scalar(select(Site).where(Site.name == name))
            if site is None:
                site = Site(name=name, url=url)
                s.add(site)
                s.flush()
            elif site.url != url:
                site.url = url
            self._site_ids[name] = site.id
        return self._site_ids[name]

    # -- articles ------------------------------------------------------------------------
    def save_article(
        self,
        site_id: int,
        url: str,
        page: FetchedPage,
        extracted: Extracted,
        enrichment: Enrichment | None,
        session: Session | None = None,
        *,
        signature: bytes | None = None,
        syndication: SyndicationIndex | None = None,
    ) -> SaveResult:
        """Insert or update the article at canonical ``url``; never duplicates a row.

        With a ``syndication`` index, a new article that is a near-copy of a stored one (a
        press release re-posted by another portal) is linked: ``duplicate_of`` points at the
        earliest published copy.
        """
        if session is None:
            with self.Session.begin() as s:
                return self.save_article(site_id, url, page, extracted, enrichment, s,
                                         signature=signature, syndication=syndication)
        # Core statements, not the ORM unit of work: this runs once per fetched article
        # inside the crawler's loop, and the ORM's bookkeeping cost more than the SQL.
        s = session.connection()
        values = _article_values(page, extracted, enrichment)
        if signature is not None:
            values["minhash"] = signature
        now = page.fetched_at
        row = s.execute(_FIND_ARTICLE, {"url": url}).first()
        if row is None:
            art_id = s.execute(_INSERT_ARTICLE, {
                "url": url, "site_id": site_id, "first_seen": now, "last_seen": now,
                "last_modified": now, "versions": 1, "status": "live", **values}).scalar_one()
            self._add_capture(s, art_id, page, values, version=1)
            relinked = _link_exact_duplicate(s, art_id, values["content_hash"])
            if syndication is not None:
                relinked += _link_syndicated(s, syndication, art_id, extracted, values)
            return SaveResult("new", art_id, relinked)
        art_id, digest, versions = row
        seen = {"last_seen": now, "status": "live", "deleted_at": None}
        if digest == values["content_hash"]:
            enriched = {k: values[k] for k in ENRICHMENT_FIELDS if k in values}
            s.execute(_UPDATE_ARTICLE, {"art_id": art_id, **seen, **enriched})
            self._add_capture(s, art_id, page, values, version=None)
            return SaveResult("unchanged", art_id)
        s.execute(_UPDATE_ARTICLE, {"art_id": art_id, **seen, **values,
                                    "versions": versions + 1, "last_modified": now})
        self._add_capture(s, art_id, page, values, version=versions + 1)
        return SaveResult("updated", art_id)

    @staticmethod
    def _add_capture(s: Connection, art_id: int, page: FetchedPage, values: dict,
                     version: int | None) -> None:
        """The raw response, and a new version row when the text or title changed."""
        body_zlib, body_sha256 = page.packed or pack_body(page.body)
        cap_id = s.execute(_INSERT_CAPTURE, {
            "article_id": art_id, "url": page.url, "fetched_at": page.fetched_at,
            "http_status": page.status, "etag": page.etag, "last_modified": page.last_modified,
            "content_type": page.content_type, "body_zlib": body_zlib,
            "body_sha256": body_sha256}).scalar_one()
        if version is not None:
            s.execute(_INSERT_VERSION, {
                "article_id": art_id, "version": version, "title": values["title"],
                "text": values["text"], "content_hash": values["content_hash"],
                "captured_at": page.fetched_at, "capture_id": cap_id})

    def validators(self, site_ids: Iterable[int]) -> dict[str, tuple[str | None, str | None]]:
        """URL -> (ETag, Last-Modified) of each live article's newest 200 capture.

        Keyed by the canonical URL and by the URL last fetched, so either spelling of a
        request finds them.
        """
        newest = (select(func.max(Capture.id)).where(Capture.article_id == Article.id,
                                                     Capture.http_status == 200)
                  .correlate(Article).scalar_subquery())
        q = (select(Article.url, Article.fetched_url, Capture.etag, Capture.last_modified)
             .join(Capture, Capture.id == newest)
             .where(Article.site_id.in_(list(site_ids)), Article.status == "live"))
        out: dict[str, tuple[str | None, str | None]] = {}
        with self.Session() as s:
            for url, fetched, etag, modified in s.execute(q):
                if etag or modified:
                    out[url] = out[fetched] = (etag, modified)
        return out

    def crawled_sites(self, site_ids: Iterable[int]) -> set[int]:
        """Sites with at least one crawl that ran to its end (killed runs leave no record)."""
        with self.Session() as s:
            return set(s.scalars(select(CrawlRun.site_id).where(
                CrawlRun.site_id.in_(list(site_ids)), CrawlRun.finished_at.is_not(None))))

    def latest_run_stats(self, site_ids: Iterable[int]) -> dict[int, tuple[datetime, dict]]:
        """Site id -> (finished at, stats) of each site's newest finished crawl run."""
        newest = (select(CrawlRun.site_id, func.max(CrawlRun.id).label("id"))
                  .where(CrawlRun.site_id.in_(list(site_ids)), CrawlRun.finished_at.is_not(None))
                  .group_by(CrawlRun.site_id).subquery())
        q = select(CrawlRun.site_id, CrawlRun.finished_at, CrawlRun.stats).join(
            newest, newest.c.id == CrawlRun.id)
        with self.Session() as s:
            return {sid: (at, stats or {}) for sid, at, stats in s.execute(q)}

    def known_pages(self, site_ids: Iterable[int]) -> dict[str, datetime]:
        """Non-article pages of these sites already read: URL -> when last fetched."""
        with self.Session() as s:
            return dict(s.execute(select(Page.url, Page.last_fetched)
                                  .where(Page.site_id.in_(list(site_ids)))).all())

    def record_pages(self, pages: Iterable[tuple[int, str, datetime]],
                     session: Session) -> None:
        """Remember non-article pages (site id, URL, fetched at) in ``session``."""
        pages = list(pages)
        if not pages:
            return
        conn = session.connection()
        urls = [u for _, u, _ in pages]
        have = set(conn.execute(select(Page.url).where(Page.url.in_(urls))).scalars())
        for site_id, url, at in pages:
            if url in have:
                conn.execute(update(Page).where(Page.url == url).values(last_fetched=at))
            else:
                conn.execute(insert(Page).values(site_id=site_id, url=url, first_seen=at,
                                                 last_fetched=at))
                have.add(url)

    def changed_since(self, since: datetime) -> list[int]:
        """Articles added, edited or deleted after ``since``."""
        q = select(Article.id).where((Article.first_seen > since) | (Article.last_modified > since)
                                     | (Article.deleted_at > since))
        with self.Session() as s:
            return list(s.scalars(q))

    def known_articles(self, site_ids: Iterable[int]) -> dict[str, KnownArticle]:
        """Live articles of these sites, keyed by canonical and last-fetched URL."""
        q = (select(Article.id, Article.url, Article.fetched_url, Article.last_seen,
                    Article.published, Article.first_seen)
             .where(Article.site_id.in_(list(site_ids)), Article.status == "live"))
        out: dict[str, KnownArticle] = {}
        with self.Session() as s:
            for row in s.execute(q):
                known = KnownArticle(row.id, row.url, row.last_seen, row.published,
                                     row.first_seen)
                out[row.url] = out[row.fetched_url] = known
        return out

    def mark_deleted(self, url: str, at: datetime,
                     session: Session | None = None) -> SaveResult | None:
        """The article at ``url`` is gone (404/410, confirmed); text and captures are kept."""
        return self._mark(url, session, "deleted", status="deleted", deleted_at=at)

    def mark_not_modified(self, url: str, fetched_at: datetime,
                          session: Session | None = None) -> SaveResult | None:
        """A 304 for the article at ``url`` (either spelling): it was seen, nothing else."""
        return self._mark(url, session, "unchanged", last_seen=fetched_at, status="live",
                          deleted_at=None)

    def _mark(self, url: str, session: Session | None, outcome: str,
              **values: Any) -> SaveResult | None:
        """Set ``values`` on the article stored at ``url`` (canonical or last fetched)."""
        if session is None:
            with self.Session.begin() as s:
                return self._mark(url, s, outcome, **values)
        conn = session.connection()
        art_id = conn.execute(select(Article.id).where(
            (Article.url == url) | (Article.fetched_url == url)).limit(1)).scalar()
        if art_id is None:
            return None
        conn.execute(update(Article).where(Article.id == art_id).values(**values))
        return SaveResult(outcome, art_id)

    def get_by_url(self, url: str) -> Article | None:
        from archive.urls import canonicalize

        with self.Session() as s:
            art = s.scalar(select(Article).where(Article.url.in_({url, canonicalize(url)})))
            if art is None:
                art = s.scalar(select(Article).where(Article.fetched_url == url))
            if art is not None:
                _ = art.site, art.captures  # load while the session is open
            return art

    def count(self) -> int:
        with self.Session() as s:
            return s.scalar(select(func.count(Article.id))) or 0

    def iter_articles(
        self, ids: Iterable[int] | None = None, batch: int = 500
    ) -> Iterator[Article]:
        """Articles (with their site loaded) in id order, or in the order of ``ids``."""
        with self.Session() as s:
            if ids is None:
                last = 0
                while True:
                    rows = s.scalars(
                        select(Article).where(Article.id > last).order_by(Article.id).limit(batch)
                    ).all()
                    if not rows:
                        return
                    _load_sites(s, rows)
                    yield from rows
                    last = rows[-1].id
                    s.expunge_all()
            ids = list(ids)
            for i in range(0, len(ids), batch):
                chunk = ids[i : i + batch]
                rows = {a.id: a for a in s.scalars(select(Article).where(Article.id.in_(chunk)))}
                _load_sites(s, rows.values())
                yield from (rows[i] for i in chunk if i in rows)
                s.expunge_all()

    def article_ids(self) -> list[int]:
        """Every article's id, in id order."""
        with self.Session() as s:
            return list(s.scalars(select(Article.id).order_by(Article.id)))

    def url_of(self, article_id: int) -> str | None:
        with self.Session() as s:
            return s.scalar(select(Article.url).where(Article.id == article_id))

    def texts_of(self, ids: Iterable[int]) -> dict[int, str]:
        ids = list(ids)
        with self.Session() as s:
            return dict(s.execute(select(Article.id, Article.text).where(Article.id.in_(ids))).all())

    def urls_of(self, ids: Iterable[int]) -> dict[int, str]:
        ids = list(ids)
        if not ids:
            return {}
        with self.Session() as s:
            return dict(s.execute(select(Article.id, Article.url).where(Article.id.in_(ids))).all())

    # -- crawl runs and errors -----------------------------------------------------------
    def record_run(
        self,
        run_key: str,
        site_id: int,
        started_at: datetime,
        counts: dict[str, int],
        stats: dict[str, Any],
    ) -> None:
        with self.Session.begin() as s:
            s.add(
                CrawlRun(
                    run_key=run_key,
                    site_id=site_id,
                    started_at=started_at,
                    finished_at=datetime.now(UTC),
                    stats=stats,
                    **counts,
                )
            )

    def record_error(
        self, run_key: str, site_id: int | None, url: str, kind: str, detail: str | None = None,
        session: Session | None = None,
    ) -> None:
        """Record a page the crawl could not use (in ``session``'s transaction if given)."""
        if session is None:
            with self.Session.begin() as s:
                return self.record_error(run_key, site_id, url, kind, detail, s)
        session.add(CrawlError(run_key=run_key, site_id=site_id, url=url, kind=kind,
                               detail=(detail or "")[:2000]))
        return None


def _load_sites(s: Session, rows: Iterable[Article]) -> None:
    for a in rows:
        _ = a.site


def _article_values(page: FetchedPage, ex: Extracted, en: Enrichment | None) -> dict[str, Any]:
    """The article columns that come from one fetch: extraction, enrichment, content hash."""
    off = ex.published.utcoffset() if ex.published else None
    values: dict[str, Any] = {
        "fetched_url": page.url, "title": ex.title or "", "author": ex.author,
        "published": ex.published,
        "published_offset": int(off.total_seconds() // 60) if off is not None else None,
        "published_raw": ex.published_raw, "modified": ex.modified, "text": ex.text,
        "description": ex.description, "language": ex.language, "site_name": ex.site_name,
        "categories": list(ex.categories), "tags": list(ex.tags),
        "content_hash": content_hash(ex.title or "", ex.text),
    }
    if en is not None:
        values.update({name: getattr(en, name) for name in ENRICHMENT_FIELDS})
    return values


def _link_syndicated(s: Connection, index: SyndicationIndex, art_id: int, ex: Extracted,
                     values: dict) -> tuple[int, ...]:
    """Point near-copies at their earliest copy; returns the other ids that changed."""
    link = index.link(art_id, ex.published, ex.text, content_hash=values["content_hash"],
                      sig=values.get("minhash"))
    if link is None:
        return ()
    s.execute(update(Article).where(Article.id == link.original).values(duplicate_of=None))
    s.execute(update(Article).where(Article.id.in_(link.copies))
              .values(duplicate_of=link.original))
    return tuple(i for i in (link.original, *link.copies) if i != art_id)


def _link_exact_duplicate(s: Connection, art_id: int, digest: str) -> tuple[int, ...]:
    """An exact re-post on another URL points at the earliest copy (by publication date).

    Returns the other articles whose ``duplicate_of`` changed, so the index can follow.
    """
    twins = s.execute(_SAME_CONTENT, {"digest": digest}).all()
    if len(twins) < 2:
        return ()  # the common case, answered from the index
    never = datetime.max.replace(tzinfo=UTC)
    group = sorted(twins, key=lambda t: (t.published or never, t.id))
    original = group[0].id
    changed = []
    for twin in group:
        target = None if twin.id == original else original
        if twin.duplicate_of != target:
            s.execute(update(Article).where(Article.id == twin.id).values(duplicate_of=target))
            if twin.id != art_id:
                changed.append(twin.id)
    return tuple(changed)
