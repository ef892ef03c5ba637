"""The archive's tables: sites, articles and their versions, raw captures, crawl runs.

The database is the source of truth; the search index is derived from it. Every column is
portable between SQLite and PostgreSQL (JSON lists, timezone-aware timestamps stored in UTC).
Schema changes go through Alembic migrations in ``archive/migrations``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator):
    """A timezone-aware datetime stored as UTC; SQLite keeps no offsets, so we normalise."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: archive timestamps must be aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    articles: Mapped[list[Article]] = relationship(back_populates="site")


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_published", "published"),
        Index("ix_articles_site_id", "site_id"),
        Index("ix_articles_content_hash", "content_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)  # canonical URL: the key
    fetched_url: Mapped[str] = mapped_column(String(2000))  # what was requested last
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    title: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(500))
    published: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Minutes east of UTC the page itself used (WIB 420, WITA 480, WIT 540), to show local time.
    published_offset: Mapped[int | None] = mapped_column(Integer)
    published_raw: Mapped[str | None] = mapped_column(String(500))
    modified: Mapped[datetime | None] = mapped_column(UTCDateTime)
    text: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(20))
    site_name: Mapped[str | None] = mapped_column(String(500))
    categories: Mapped[list] = mapped_column(JSON, default=list)
    tags: Mapped[list] = mapped_column(JSON, default=list)
    content_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="live")  # live | deleted
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_modified: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    versions: Mapped[int] = mapped_column(Integer, default=1)
    # Enrichment: re-derivable from title and text with `humas retag`.
    programs: Mapped[list] = mapped_column(JSON, default=list)
    polda: Mapped[str | None] = mapped_column(String(200))
    polres: Mapped[str | None] = mapped_column(String(200))
    kabupaten_kota: Mapped[list] = mapped_column(JSON, default=list)
    regions_mentioned: Mapped[list] = mapped_column(JSON, default=list)
    officials: Mapped[list] = mapped_column(JSON, default=list)
    event_dates: Mapped[list] = mapped_column(JSON, default=list)
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))
    # MinHash signature of the text (archive/syndication.py), to find syndicated copies.
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)

    site: Mapped[Site] = relationship(back_populates="articles")
    captures: Mapped[list[Capture]] = relationship(
        back_populates="article", order_by="Capture.fetched_at"
    )


class Page(Base):
    """A fetched page that is not an article (listing, tag, about...): when it was last read,
    so a re-crawl need not read it again at once."""

    __tablename__ = "pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_fetched: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ArticleVersion(Base):
    """A past or present state of an article's text, kept whenever the text or title changes."""

    __tablename__ = "article_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("captures.id"))


class Capture(Base):
    """One HTTP response as received: the raw evidence behind an article."""

    __tablename__ = "captures"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    http_status: Mapped[int] = mapped_column(Integer)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    content_type: Mapped[str | None] = mapped_column(String(200))
    body_zlib: Mapped[bytes | None] = mapped_column(LargeBinary)  # raw body, zlib-compressed
    body_sha256: Mapped[str | None] = mapped_column(String(64))

    article: Mapped[Article | None] = relationship(back_populates="captures")


class CrawlRun(Base):
    """One crawl of one site: what it cost and what it found."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_key: Mapped[str] = mapped_column(String(64), index=True)  # shared by a run's sites
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    deleted: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    stats: Mapped[dict] = mapped_column(JSON, default=dict)

    site: Mapped[Site] = relationship()


class CrawlError(Base):
    """A page the crawl could not use, and why: so broken pages are visible, not silent."""

    __tablename__ = "crawl_errors"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_key: Mapped[str] = mapped_column(String(64), index=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"))
    url: Mapped[str] = mapped_column(String(2000))
    kind: Mapped[str] = mapped_column(String(100))
    detail: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
