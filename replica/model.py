"""Plain records shared by the content generator, the site families and the server."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Article:
    """One news release as a site publishes it (before a family renders it to HTML)."""

    key: str  # stable identity, e.g. "gen-017" or "seed-000"
    title: str
    slug: str
    paragraphs: list[str]
    published: datetime  # timezone-aware, in the zone of the Polda the text is about
    author: str
    programs: list[str]
    polda: str
    polres: str
    zone: str  # "WIB" | "WITA" | "WIT"
    category: str
    tags: list[str]
    seed: str | None = None
    syndicated_from: Article | None = None
    post_id: int = 0  # the platform's numeric id (WP ?p=, Odoo post id, Blogger post id)
    url: str = ""  # canonical URL, filled in by the family that publishes it
    site: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # family-specific knobs (pdf, short code)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True)
class Page:
    """A fully rendered HTTP answer; cached, so it must not depend on the request."""

    status: int
    body: bytes
    content_type: str = "text/html; charset=UTF-8"
    last_modified: datetime | None = None
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SiteInfo:
    name: str
    family: str
    url: str
