"""When to look at a stored article again: young ones often, old ones rarely.

Police sites edit or delete releases mostly in the first days. The policy is a list of
(age limit, interval) steps, written ``7d:1d,60d:7d,*:30d``: an article younger than 7 days is
re-checked daily, younger than 60 days weekly, older ones monthly. A sitemap ``lastmod`` newer
than the last visit makes an article due at once. Pure functions: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_POLICY = "7d:1d,60d:7d,*:30d"
DURATION = re.compile(r"^(\d+)([hdw])$")
UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}

Policy = tuple[tuple[timedelta | None, timedelta], ...]


@dataclass(frozen=True)
class KnownArticle:
    id: int
    url: str
    last_seen: datetime
    published: datetime | None
    first_seen: datetime


def parse_duration(text: str) -> timedelta:
    """``12h``, ``7d``, ``2w``."""
    return _duration(text)


def _duration(text: str) -> timedelta:
    m = DURATION.match(text.strip())
    if not m:
        raise ValueError(f"{text!r} is not a duration like 12h, 7d or 2w")
    return int(m.group(1)) * UNITS[m.group(2)]


def parse_policy(text: str) -> Policy:
    """``"7d:1d,60d:7d,*:30d"`` -> ((7 days, 1 day), (60 days, 7 days), (None, 30 days))."""
    steps = []
    for part in text.split(","):
        age, sep, every = part.partition(":")
        if not sep:
            raise ValueError(f"revisit step {part!r}: expected AGE:INTERVAL, e.g. 7d:1d")
        steps.append((None if age.strip() == "*" else _duration(age), _duration(every)))
    if not steps or steps[-1][0] is not None:
        steps.append((None, steps[-1][1] if steps else timedelta(days=30)))
    return tuple(steps)


def interval(article: KnownArticle, now: datetime, policy: Policy) -> timedelta:
    age = now - (article.published or article.first_seen)
    for limit, every in policy:
        if limit is None or age < limit:
            return every
    return policy[-1][1]


def is_due(article: KnownArticle, now: datetime, policy: Policy,
           lastmod: datetime | None = None) -> bool:
    if lastmod is not None and lastmod > article.last_seen:
        return True
    return now - article.last_seen >= interval(article, now, policy)
