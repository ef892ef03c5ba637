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
        shown = text if len(text) <= 40 else text[:40] + "..."
        raise ValueError(f"{shown!r} is not a duration like 12h, 7d or 2w")
    try:
        return int(m.group(1)) * UNITS[m.group(2)]
    except OverflowError:  # "99999999999w": more days than a timedelta holds
        raise ValueError(f"{text.strip()!r} is too long a duration; use at most 100000d") \
            from None


def parse_policy(text: str) -> Policy:
    """``"7d:1d,60d:7d,*:30d"`` -> ((7 days, 1 day), (60 days, 7 days), (None, 30 days)).

    Ages must increase from step to step and ``*`` (any age) may only be the last step: any
    other order has steps that can never apply, which is a mistake in the policy."""
    if not text.strip():
        raise ValueError("the revisit policy is empty; write AGE:INTERVAL steps, e.g. "
                         "7d:1d,60d:7d,*:30d")
    steps: list[tuple[timedelta | None, timedelta]] = []
    for part in text.split(","):
        age, sep, every = part.partition(":")
        shown = part if len(part) <= 40 else part[:40] + "..."
        if not sep:
            raise ValueError(f"revisit step {shown!r}: expected AGE:INTERVAL, e.g. 7d:1d")
        if steps and steps[-1][0] is None:
            raise ValueError(f"revisit step {shown!r} comes after '*' (any age), so it can "
                             "never apply; put '*:INTERVAL' last")
        limit = None if age.strip() == "*" else _duration(age)
        if limit is not None and steps and limit <= steps[-1][0]:
            raise ValueError(f"revisit step {shown!r}: ages must increase from step to step "
                             "(e.g. 7d:1d,60d:7d,*:30d)")
        steps.append((limit, _duration(every)))
    if steps[-1][0] is not None:
        steps.append((None, steps[-1][1]))
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
