"""``humas crawl --since DATE``: a first crawl of a site bounded to its recent years.

Articles published before the bound are not stored, and discovery avoids fetching them where
the site itself says how old a page is, without a request:

* a sitemap entry or child sitemap whose ``lastmod`` is older (it was not even edited since);
* a feed entry dated before it, and the feed's next page once a page holds only such entries;
* a link whose URL carries an older year and month (``/2019/05/slug/``: WordPress, Blogger);
* the next listing page, once a listing page shows mostly older dates (newest first).

Pure functions over URLs and bodies; the spider asks, then decides.
"""

from __future__ import annotations

import re
from datetime import datetime

from archive.dates import find_visible_dates, parse_iso, parse_visible

# /2019/05/ or /2019/05/14/ in a path: the year and month an article was published
URL_MONTH = re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])(?:/|$)")
MACHINE_DATE = re.compile(rb"""datetime\s*=\s*["']([^"']{10,40})["']""", re.I)
TAGS = re.compile(rb"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.I | re.S)
MAX_VISIBLE = 40  # visible dates parsed per listing page, at most (dateparser is costly)


def url_month(url: str) -> tuple[int, int] | None:
    """(year, month) written in the URL's path, if any."""
    m = URL_MONTH.search(url.split("?", 1)[0])
    return (int(m[1]), int(m[2])) if m else None


def page_dates(body: bytes) -> list[datetime]:
    """Dates a listing page shows: ``<time datetime>`` values, else visible dates in its text."""
    found = [d for raw in MACHINE_DATE.findall(body)
             if (d := parse_iso(raw.decode("ascii", "replace"))) is not None]
    if found:
        return found
    text = TAGS.sub(b" ", body).decode("utf-8", "replace")
    parsed = (parse_visible(m[0]) for m in find_visible_dates(text)[:MAX_VISIBLE])
    return [d for d in parsed if d is not None]


class SinceBound:
    """The ``--since`` bound of a crawl, and the questions the spider asks of it."""

    def __init__(self, since: datetime) -> None:
        self.since = since

    @classmethod
    def from_setting(cls, value: str | None) -> SinceBound | None:
        """From ``HUMAS_SINCE`` (ISO 8601); None when unset."""
        when = parse_iso(value) if value else None
        return cls(when) if when is not None else None

    def older(self, when: datetime | None) -> bool:
        """True when ``when`` is known and before the bound."""
        return when is not None and when < self.since

    def older_url(self, url: str) -> bool:
        """True when the URL's own year/month is before the bound's month."""
        month = url_month(url)
        return month is not None and month < (self.since.year, self.since.month)

    def older_listing(self, body: bytes) -> bool:
        """True when the page shows dates and at least two thirds are before the bound.

        Not all: a sidebar of the newest posts sits beside the listing on most themes. The
        links of the page itself are still followed; only its next pages are not."""
        dates = page_dates(body)
        older = sum(1 for d in dates if d < self.since)
        return bool(dates) and older * 3 >= len(dates) * 2
