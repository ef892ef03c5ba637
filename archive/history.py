"""The archive's history: crawl runs, each site's health, an article's versions and their diffs.

Pure queries over a SQLAlchemy ``Session`` returning plain records; the CLI formats them.
Times are the stored UTC instants.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.models import Article, ArticleVersion, CrawlRun, Site

COUNTS = ("requests", "pages", "new", "updated", "unchanged", "deleted", "errors")
TOKEN = re.compile(r"\n|[^\s]+")  # words (with their punctuation) and paragraph breaks


# -- crawl runs ----------------------------------------------------------------------------
@dataclass
class RunRow:
    """One site's part of one crawl run."""

    run_key: str
    site: str
    started_at: datetime
    finished_at: datetime | None
    requests: int
    pages: int
    new: int
    updated: int
    unchanged: int
    deleted: int
    errors: int

    @property
    def duration(self) -> float | None:
        """Seconds from start to finish; None while the run has not finished."""
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["started_at"] = self.started_at.isoformat()
        d["finished_at"] = self.finished_at.isoformat() if self.finished_at else None
        d["duration"] = self.duration
        return d


def list_runs(session: Session, limit: int | None = None,
              site: str | None = None) -> list[RunRow]:
    """Run rows, newest run first (sites by name within a run); ``limit`` counts runs."""
    runs = (select(CrawlRun.run_key, func.max(CrawlRun.started_at).label("started"))
            .join(Site, Site.id == CrawlRun.site_id).group_by(CrawlRun.run_key))
    if site is not None:
        runs = runs.where(Site.name == site)
    runs = runs.order_by(func.max(CrawlRun.started_at).desc(), CrawlRun.run_key)
    if limit is not None:
        runs = runs.limit(limit)
    keys = [k for k, _ in session.execute(runs)]
    if not keys:
        return []
    q = (select(Site.name, CrawlRun).join(Site, Site.id == CrawlRun.site_id)
         .where(CrawlRun.run_key.in_(keys)))
    if site is not None:
        q = q.where(Site.name == site)
    order = {k: i for i, k in enumerate(keys)}
    rows = [RunRow(run.run_key, name, run.started_at, run.finished_at,
                   *(getattr(run, c) or 0 for c in COUNTS)) for name, run in session.execute(q)]
    rows.sort(key=lambda r: (order[r.run_key], r.site, r.started_at))
    return rows


def run_totals(rows: Sequence[RunRow]) -> RunRow:
    """One row summing ``rows`` (of one run): earliest start, latest finish."""
    finished = [r.finished_at for r in rows]
    return RunRow(rows[0].run_key, "total", min(r.started_at for r in rows),
                  None if None in finished else max(finished),  # type: ignore[type-var]
                  *(sum(getattr(r, c) for r in rows) for c in COUNTS))


def site_names(session: Session) -> set[str]:
    return set(session.scalars(select(Site.name)))


# -- site health ---------------------------------------------------------------------------
@dataclass
class SiteHealth:
    name: str
    url: str
    live: int = 0
    deleted: int = 0
    runs: int = 0  # runs recorded for the site
    last_run: datetime | None = None  # when the newest run finished (or started)
    last_success: datetime | None = None  # newest run with requests and fewer errors than them
    requests: int = 0  # over the window of newest runs
    errors: int = 0
    robots: str = "-"
    crawled: bool = True
    faults: dict[str, int] = field(default_factory=dict)  # met in the newest run (issue 9)

    @property
    def error_rate(self) -> float | None:
        return self.errors / self.requests if self.requests else None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("last_run", "last_success"):
            d[k] = d[k].isoformat() if d[k] else None
        d["error_rate"] = self.error_rate
        return d


def site_health(session: Session, configured: Iterable[tuple[str, str]] = (),
                window: int = 5) -> list[SiteHealth]:
    """Every stored site, plus the ``(name, url)`` of configured sites never crawled.

    Counts live/deleted articles; the error rate is errors / requests over the site's
    ``window`` newest runs; robots is ``stats["robots"]`` of the newest run that recorded it.
    """
    counts: dict[tuple[int, str], int] = dict(((sid, status), n) for sid, status, n in session.execute(
        select(Article.site_id, Article.status, func.count(Article.id))
        .group_by(Article.site_id, Article.status)).all())
    out: dict[str, SiteHealth] = {}
    for site in session.scalars(select(Site).order_by(Site.name)):
        h = SiteHealth(site.name, site.url, counts.get((site.id, "live"), 0),
                       counts.get((site.id, "deleted"), 0))
        runs = session.scalars(select(CrawlRun).where(CrawlRun.site_id == site.id)
                               .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())).all()
        _summarise_runs(h, runs, window)
        out[site.name] = h
    for name, url in configured:
        if name not in out:
            out[name] = SiteHealth(name, url, crawled=False)
    return sorted(out.values(), key=lambda h: h.name)


def _summarise_runs(h: SiteHealth, runs: Sequence[CrawlRun], window: int) -> None:
    h.runs = len(runs)
    h.crawled = bool(runs) or bool(h.live or h.deleted)
    if not runs:
        return
    h.last_run = runs[0].finished_at or runs[0].started_at
    ok = next((r for r in runs if r.requests > 0 and r.errors < r.requests), None)
    h.last_success = (ok.finished_at or ok.started_at) if ok else None
    recent = runs[:window]
    h.requests = sum(r.requests for r in recent)
    h.errors = sum(r.errors for r in recent)
    robots = next((r.stats["robots"] for r in runs
                   if isinstance(r.stats, dict) and r.stats.get("robots") not in (None, "")), None)
    h.robots = _robots_text(robots) if robots is not None else "-"
    stats = runs[0].stats if isinstance(runs[0].stats, dict) else {}
    h.faults = dict(stats.get("faults") or {})


def _robots_text(value: Any) -> str:
    """``stats["robots"]`` as one short string, whatever shape the crawler recorded."""
    if isinstance(value, dict):
        if "status" in value:
            return str(value["status"])
        return ", ".join(f"{k}={v}" for k, v in sorted(value.items()))
    return str(value)


# -- versions ------------------------------------------------------------------------------
@dataclass
class VersionRow:
    version: int
    captured_at: datetime
    title: str
    words: int
    content_hash: str
    text: str

    def to_dict(self, text: bool = False) -> dict[str, Any]:
        d = asdict(self)
        d["captured_at"] = self.captured_at.isoformat()
        if not text:
            del d["text"]
        return d


def versions(session: Session, article_id: int) -> list[VersionRow]:
    """The stored versions of an article, oldest first."""
    rows = session.scalars(select(ArticleVersion).where(ArticleVersion.article_id == article_id)
                           .order_by(ArticleVersion.version, ArticleVersion.id)).all()
    return [VersionRow(v.version, v.captured_at, v.title, len(v.text.split()), v.content_hash,
                       v.text) for v in rows]


def pick_versions(rows: Sequence[VersionRow], old: int | None,
                  new: int | None) -> tuple[VersionRow, VersionRow]:
    """The two versions to compare (default: the last two); ValueError names what is wrong."""
    by_number = {v.version: v for v in rows}
    numbers = sorted(by_number)
    if new is None:
        new = numbers[-1]
    if old is None:
        earlier = [n for n in numbers if n < new]
        old = earlier[-1] if earlier else new
    for n in (old, new):
        if n not in by_number:
            have = ", ".join(map(str, numbers))
            raise ValueError(f"no version {n} (stored versions: {have})")
    if old == new:
        raise ValueError(f"--from and --to are both version {old}: nothing to compare")
    return by_number[old], by_number[new]


# -- word diffs ----------------------------------------------------------------------------
@dataclass(frozen=True)
class DiffOp:
    op: str  # "equal" | "insert" | "delete"
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"op": self.op, "text": self.text}


def tokens(text: str) -> list[str]:
    """Word tokens (punctuation attached) with paragraph breaks kept as ``"\\n"``."""
    return TOKEN.findall(text.replace("\r\n", "\n"))


def word_diff(old: str, new: str) -> list[DiffOp]:
    """Word-level diff of two texts: a replacement is a deletion followed by an insertion."""
    a, b = tokens(old), tokens(new)
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("equal", "delete", "replace") and i2 > i1:
            ops.append(DiffOp("equal" if tag == "equal" else "delete", _join(a[i1:i2])))
        if tag in ("insert", "replace") and j2 > j1:
            ops.append(DiffOp("insert", _join(b[j1:j2])))
    return ops


def _join(toks: Sequence[str]) -> str:
    return re.sub(r" ?\n ?", "\n", " ".join(toks))


MARKS = {"insert": ("[+", "+]"), "delete": ("[-", "-]"), "equal": ("", "")}


def render_diff(ops: Iterable[DiffOp]) -> str:
    """Plain text: ``[-deleted-]`` and ``[+inserted+]`` inside the unchanged words."""
    parts = []
    for op in ops:
        start, end = MARKS[op.op]
        parts.append(f"{start}{op.text}{end}")
    return re.sub(r" ?\n ?", "\n", " ".join(parts))


def diff_summary(ops: Iterable[DiffOp]) -> dict[str, int]:
    """Words inserted and deleted."""
    out = {"inserted": 0, "deleted": 0}
    for op in ops:
        if op.op != "equal":
            out["inserted" if op.op == "insert" else "deleted"] += len(op.text.split())
    return out
