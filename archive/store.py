"""Storing and reading articles: idempotent upserts keyed by canonical URL.

The crawler hands over plain records (a fetched page, what extraction and enrichment made of
it); this module decides whether that is a new article, a changed one (a new version) or the
same one seen again, and keeps the raw capture beside it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Connection, bindparam, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from archive.db import open_db
from archive.models import Article, ArticleVersion, Capture, CrawlError, CrawlRun, Page, Site
from archive.records import FetchedPage, pack_body
from archive.revisit import KnownArticle

if TYPE_CHECKING:
    from archive.enrich import Enrichment
    from archive.records import Extracted
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
_FIND_ARTICLES = select(Article.url, Article.id, Article.content_hash, Article.versions).where(
    Article.url.in_(bindparam("urls", expanding=True)))
_INSERT_VERSION = insert(ArticleVersion)
_UPDATE_ARTICLE = update(Article).where(Article.id == bindparam("art_id"))
_PAGE_SEEN = update(Page).where(Page.url == bindparam("page_url")).values(
    last_fetched=bindparam("at"))
_SAME_CONTENT = select(Article.id, Article.content_hash, Article.published,
                       Article.duplicate_of).where(
    Article.content_hash.in_(bindparam("digests", expanding=True)))


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
        """The id of site ``name``, made or given ``url`` if it changed."""
        return self.site_ids([(name, url)])[name]

    def site_ids(self, sites: Iterable[tuple[str, str]]) -> dict[str, int]:
        """Name -> id of each (name, URL): made when new, the URL updated when it changed; in
        one transaction (a crawl asks for all its sites at start)."""
        wanted = dict(sites)
        todo = {name: url for name, url in wanted.items() if name not in self._site_ids}
        if todo:
            with self.Session.begin() as s:
                stored = {site.name: site for site in
                          s.scalars(select(Site).where(Site.name.in_(list(todo))))}
                for name, url in todo.items():
                    site = stored.get(name)
                    if site is None:
                        site = Site(name=name, url=url)
                        s.add(site)
                    elif site.url != url:
                        site.url = url
                    stored[name] = site
                s.flush()
                self._site_ids.update({name: site.id for name, site in stored.items()})
        return {name: self._site_ids[name] for name in wanted}

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
        entry = ArticleToSave(site_id, url, page, extracted, enrichment, signature)
        return self.save_articles([entry], session, syndication=syndication)[0]

    def save_articles(
        self,
        entries: Sequence[ArticleToSave],
        session: Session | None = None,
        *,
        syndication: SyndicationIndex | None = None,
    ) -> list[SaveResult]:
        """Save several articles in one go, with the same outcome as saving them one by one.

        The crawler stores a batch per transaction: a handful of many-row statements instead
        of seven statements per article, which was a quarter of the crawl process's time.
        """
        if session is None:
            with self.Session.begin() as s:
                return self.save_articles(entries, s, syndication=syndication)
        conn = session.connection()
        results: list[SaveResult] = []
        chunk: list[ArticleToSave] = []
        for entry in entries:
            if any(e.url == entry.url for e in chunk):
                # the same URL twice: the second must find the first one's row
                results += _save_chunk(conn, chunk, syndication)
                chunk = []
            chunk.append(entry)
        if chunk:
            results += _save_chunk(conn, chunk, syndication)
        return results

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
        reads: dict[str, tuple[int, datetime, datetime]] = {}  # URL -> site, first, last read
        for site_id, url, at in pages:
            reads[url] = (site_id, reads[url][1] if url in reads else at, at)
        have = set(conn.execute(select(Page.url).where(Page.url.in_(list(reads)))).scalars())
        seen = [{"page_url": u, "at": last} for u, (_, _, last) in reads.items() if u in have]
        new = [{"site_id": sid, "url": u, "first_seen": first, "last_fetched": last}
               for u, (sid, first, last) in reads.items() if u not in have]
        if seen:
            conn.execute(_PAGE_SEEN, seen)
        if new:
            conn.execute(insert(Page), new)

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


@dataclass(frozen=True)
class ArticleToSave:
    """One fetched article page as the store receives it."""

    site_id: int
    url: str  # canonical
    page: FetchedPage
    extracted: Extracted
    enrichment: Enrichment | None = None
    signature: bytes | None = None  # MinHash of the text, for syndication


def _save_chunk(conn: Connection, chunk: Sequence[ArticleToSave],
                syndication: SyndicationIndex | None) -> list[SaveResult]:
    """Save articles with distinct URLs: new ones inserted, known ones updated or seen."""
    values = []
    for e in chunk:
        v = _article_values(e.page, e.extracted, e.enrichment)
        v["minhash"] = e.signature  # None for a short text: an edit must not keep the old one
        values.append(v)
    known = {row.url: row for row in conn.execute(
        _FIND_ARTICLES, {"urls": [e.url for e in chunk]})}
    if cut := _first_edit_of_a_new_twin(chunk, values, known):
        return (_save_chunk(conn, chunk[:cut], syndication)
                + _save_chunk(conn, chunk[cut:], syndication))
    outcomes: list[str] = []
    versions: list[int | None] = []  # the version row each capture starts, if any
    new_rows, new_at, updates = [], [], []
    for i, (e, v) in enumerate(zip(chunk, values, strict=True)):
        now = e.page.fetched_at
        row = known.get(e.url)
        if row is None:
            outcomes.append("new")
            versions.append(1)
            new_at.append(i)
            new_rows.append({"url": e.url, "site_id": e.site_id, "first_seen": now,
                             "last_seen": now, "last_modified": now, "versions": 1,
                             "status": "live", **v})
            continue
        seen = {"art_id": row.id, "last_seen": now, "status": "live", "deleted_at": None}
        if row.content_hash == v["content_hash"]:
            outcomes.append("unchanged")
            versions.append(None)
            updates.append({**seen, **{k: v[k] for k in ENRICHMENT_FIELDS if k in v}})
        else:
            outcomes.append("updated")
            versions.append(row.versions + 1)
            updates.append({**seen, **v, "versions": row.versions + 1, "last_modified": now})
    ids: list[int] = [row.id if (row := known.get(e.url)) else 0 for e in chunk]
    for i, art_id in zip(new_at, _insert_many(conn, Article, new_rows), strict=True):
        ids[i] = art_id
    for run in _runs_of_same_keys(updates):
        conn.execute(_UPDATE_ARTICLE, run)
    _add_captures(conn, chunk, values, ids, versions)
    relinked: list[tuple[int, ...]] = [()] * len(chunk)
    if new_at:
        twins = _twins_by_digest(conn, {values[i]["content_hash"] for i in new_at})
        for i in new_at:
            relinked[i] = _link_exact_duplicate(conn, ids[i], twins.get(values[i]["content_hash"], []))
            if syndication is not None:
                relinked[i] += _link_syndicated(conn, syndication, ids[i], chunk[i].extracted,
                                                values[i], twins)
    return [SaveResult(o, art_id, r) for o, art_id, r in zip(outcomes, ids, relinked, strict=True)]


def _first_edit_of_a_new_twin(chunk: Sequence[ArticleToSave], values: list[dict],
                              known: dict) -> int | None:
    """Where an edit changes a text from or to that of an article new earlier in the chunk.

    Saved one by one, that new article looked for its exact twins before the edit; in one
    chunk the edits are written first. The chunk is then saved in two parts, cut there.
    """
    new_digests: set[str] = set()
    for i, (e, v) in enumerate(zip(chunk, values, strict=True)):
        row = known.get(e.url)
        if row is None:
            new_digests.add(v["content_hash"])
        elif row.content_hash != v["content_hash"] and \
                {row.content_hash, v["content_hash"]} & new_digests:
            return i
    return None


def _add_captures(conn: Connection, chunk: Sequence[ArticleToSave], values: list[dict],
                  ids: list[int], versions: list[int | None]) -> None:
    """The raw responses, and a version row where the text or title changed."""
    rows = []
    for e, art_id in zip(chunk, ids, strict=True):
        body_zlib, body_sha256 = e.page.packed or pack_body(e.page.body)
        rows.append({"article_id": art_id, "url": e.page.url, "fetched_at": e.page.fetched_at,
                     "http_status": e.page.status, "etag": e.page.etag,
                     "last_modified": e.page.last_modified, "content_type": e.page.content_type,
                     "body_zlib": body_zlib, "body_sha256": body_sha256})
    cap_ids = _insert_many(conn, Capture, rows)
    version_rows = [
        {"article_id": art_id, "version": version, "title": v["title"], "text": v["text"],
         "content_hash": v["content_hash"], "captured_at": e.page.fetched_at,
         "capture_id": cap_id}
        for e, v, art_id, version, cap_id in zip(chunk, values, ids, versions, cap_ids,
                                                 strict=True)
        if version is not None]
    if version_rows:
        conn.execute(_INSERT_VERSION, version_rows)


def _insert_many(conn: Connection, table: type, rows: list[dict]) -> list[int]:
    """Insert rows, in their order (ids break ties between copies published at the same
    time); one statement per run of rows with the same keys. Returns the new ids."""
    ids: list[int] = []
    stmt = insert(table).returning(table.id, sort_by_parameter_order=True)
    for run in _runs_of_same_keys(rows):
        ids += conn.execute(stmt, run).scalars().all() if len(run) > 1 else \
            [conn.execute(stmt, run[0]).scalar_one()]
    return ids


def _runs_of_same_keys(rows: list[dict]) -> list[list[dict]]:
    """Consecutive rows with the same keys (a many-row statement needs the same columns)."""
    runs: list[list[dict]] = []
    for row in rows:
        if runs and runs[-1][0].keys() == row.keys():
            runs[-1].append(row)
        else:
            runs.append([row])
    return runs


class _Twin(NamedTuple):
    id: int
    published: datetime | None
    duplicate_of: int | None


def _twins_by_digest(conn: Connection, digests: set[str]) -> dict[str, list[_Twin]]:
    """Stored articles sharing each content hash."""
    out: dict[str, list[_Twin]] = {}
    for row in conn.execute(_SAME_CONTENT, {"digests": list(digests)}):
        out.setdefault(row.content_hash, []).append(
            _Twin(row.id, row.published, row.duplicate_of))
    return out


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
                     values: dict, twins: dict[str, list[_Twin]]) -> tuple[int, ...]:
    """Point near-copies at their earliest copy; returns the other ids that changed.

    ``twins`` (the chunk's exact twins, read before linking) is kept in step: an exact
    re-post later in the chunk must see the links written here, as it would saved alone.
    """
    link = index.link(art_id, ex.published, ex.text, content_hash=values["content_hash"],
                      sig=values.get("minhash"))
    if link is None:
        return ()
    s.execute(update(Article).where(Article.id == link.original).values(duplicate_of=None))
    s.execute(update(Article).where(Article.id.in_(link.copies))
              .values(duplicate_of=link.original))
    target = {link.original: None, **dict.fromkeys(link.copies, link.original)}
    for group in twins.values():
        group[:] = [t._replace(duplicate_of=target[t.id]) if t.id in target else t
                    for t in group]
    return tuple(i for i in (link.original, *link.copies) if i != art_id)


def _link_exact_duplicate(s: Connection, art_id: int, twins: list[_Twin]) -> tuple[int, ...]:
    """An exact re-post on another URL points at the earliest copy (by publication date).

    ``twins`` are the stored articles with the same content hash, this one among them.
    Returns the other articles whose ``duplicate_of`` changed, so the index can follow.
    """
    if len(twins) < 2:
        return ()  # the common case
    never = datetime.max.replace(tzinfo=UTC)
    group = sorted(twins, key=lambda t: (t.published or never, t.id))
    original = group[0].id
    members = {t.id for t in group}
    changed = []
    for n, twin in enumerate(group):
        target = original
        if twin.id == original:
            # the original may itself be a syndicated copy of an article outside the group
            target = twin.duplicate_of if twin.duplicate_of not in members else None
        if twin.duplicate_of != target:
            s.execute(update(Article).where(Article.id == twin.id).values(duplicate_of=target))
            group[n] = twin._replace(duplicate_of=target)  # a later twin in the batch sees it
            if twin.id != art_id:
                changed.append(twin.id)
    twins[:] = group
    return tuple(changed)
