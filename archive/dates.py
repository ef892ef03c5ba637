"""Publication dates of Indonesian news pages: find candidates, parse them, attach a zone.

Two kinds of input:

* machine dates (meta ``article:published_time``, JSON-LD ``datePublished``, ``<time datetime>``,
  Blogger/Atom ISO strings) -- parsed with :func:`parse_iso`, keeping the page's own offset;
* visible dates ("Kamis, 7 November 2024 - 09:30 WIB", "Nov 8, 2024 - 11:35") -- located with a
  few compiled patterns (:func:`find_visible_dates`) and parsed by dateparser
  (:func:`parse_visible`), after the Indonesian spellings dateparser does not know are mended.

Zone: the page's own offset, else WIB/WITA/WIT written next to the date, else WIB (+07:00).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from functools import cache, lru_cache

WIB = timezone(timedelta(hours=7), "WIB")
WITA = timezone(timedelta(hours=8), "WITA")
WIT = timezone(timedelta(hours=9), "WIT")
ZONES = {"WIB": WIB, "WITA": WITA, "WIT": WIT}
DEFAULT_ZONE = WIB

_MONTH = (
    r"(?:Jan(?:uari|uary)?|Feb(?:ruari|ruary)?|Peb(?:ruari)?|Mar(?:et|ch)?|Apr(?:il)?|Mei|May"
    r"|Jun[ie]?|Jul[iy]?|Ag(?:ustus|u|t|s)|Aug(?:ust)?|Sep(?:t(?:ember)?)?|O[kc]t(?:ober)?"
    r"|No[pv](?:ember)?|De[sc](?:ember)?)\.?"
)
_WEEKDAY = (
    r"(?:Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Ahad"
    r"|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*"
)
_TIME = r"(?:(?:pukul|pkl\.?|jam)\s*)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
_ZONE = r"(?:WIB|WITA|WIT)\b"
_SEP = r"\s*(?:[-–—|,@]|\bpukul\b)?\s*"

# Candidates, most specific first; each has named groups date/time/zone.
DATE_PATTERNS = [
    # "Kamis, 7 November 2024 - 09:30 WIB", "30 August 2024 - 12:01 WITA", "8 Nov 2024"
    re.compile(
        rf"(?:{_WEEKDAY},?\s*)?(?P<date>\d{{1,2}}\s+{_MONTH}\s+\d{{4}})"
        rf"(?:{_SEP}(?P<time>{_TIME}))?(?:\s*(?P<zone>{_ZONE}))?",
        re.IGNORECASE,
    ),
    # English-month themes of the regional networks: "Nov 8, 2024 - 11:35"
    re.compile(
        rf"(?:{_WEEKDAY},?\s*)?(?P<date>{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})"
        rf"(?:{_SEP}(?P<time>{_TIME}))?(?:\s*(?P<zone>{_ZONE}))?",
        re.IGNORECASE,
    ),
    # numeric: "25/09/2024 08.15 WIB", "2024-09-25 08:15"
    re.compile(
        rf"(?P<date>\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{4}}|\b\d{{4}}-\d{{2}}-\d{{2}})"
        rf"(?:{_SEP}(?P<time>{_TIME}))?(?:\s*(?P<zone>{_ZONE}))?",
        re.IGNORECASE,
    ),
]

# Where a match of the first two patterns can be: every one holds a day-year run like these
# (its date group or that group's tail), and before it only the weekday and month words that
# _PREFIX_STEPS walk back over. find_visible_dates tries the costly patterns just there.
# The text between a match's start and its anchor, read backwards: "Kamis, Nov. " is spaces,
# a dot or comma, a word, spaces, a comma, a word. (many?, one character) per step; the letter
# class is the one IGNORECASE gives [a-z], which covers every weekday and month letter.
_PREFIX_STEPS = [
    (True, re.compile(r"\s")),
    (False, re.compile(r"[.,]")),
    (True, re.compile(r"[a-z']", re.IGNORECASE)),
    (True, re.compile(r"\s")),
    (False, re.compile(r",")),
    (True, re.compile(r"[a-z']", re.IGNORECASE)),
]
# A numeric date's first number ends just before its first separator: the anchor is that
# number's last digit (a lookahead, so that overlapping ones are all found) and the match
# starts at most at the start of its run of digits.
_DIGITS_BACK = [(True, re.compile(r"\d"))]
DATE_ANCHORS = [  # (anchor, the prefix steps back from it), one per pattern
    (re.compile(rf"\d\d?\s+{_MONTH}\s+\d{{4}}", re.IGNORECASE), _PREFIX_STEPS),  # "7 November 2024"
    (re.compile(r"\d\d?,?\s+\d{4}"), _PREFIX_STEPS),  # the "8, 2024" of "Nov 8, 2024"
    (re.compile(r"(?=\d[/.-]\d)"), _DIGITS_BACK),  # the "5/0" of "25/09/2024", "4-0" of "2024-09"
]

# Spellings dateparser's "id" locale misses: old orthography and newsroom abbreviations.
MONTH_FIXES = [
    (re.compile(r"\bPeb(ruari)?\b", re.IGNORECASE), "Februari"),
    (re.compile(r"\bNop(ember)?\b", re.IGNORECASE), "November"),
    (re.compile(r"\bAg[ts]\b", re.IGNORECASE), "Agustus"),
    (re.compile(r"\bSept\b", re.IGNORECASE), "September"),
]
TIME_WORDS = re.compile(r"\b(?:pukul|pkl\.?|jam)\s*", re.IGNORECASE)
DOTTED_TIME = re.compile(r"\b(\d{1,2})\.(\d{2})\b(?!\.\d{4})")


@cache
def _date_data_parser():
    """dateparser's parser, built on first use: the crawler's own process imports this module
    for ISO dates only, and importing dateparser costs it ~0.1 s."""
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["id", "en"],
        settings={
            "DATE_ORDER": "DMY",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PREFER_DATES_FROM": "past",
            # what our patterns hand over is always an absolute date: skip the relative-time
            # ("2 jam lalu") and timestamp parsers, a third of dateparser's time per call
            "PARSERS": ["absolute-time"],
        },
    )


YEAR = re.compile(r"\d{4}")  # every pattern needs one: a cheap test before the costly ones


def parse_iso(value: str | None, zone: timezone = DEFAULT_ZONE) -> datetime | None:
    """Parse an ISO 8601 string (meta, JSON-LD, ``<time datetime>``); naive values get ``zone``."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        # "2024-11-08 11:35:00 +0700" and similar near-ISO shapes
        match = re.match(
            r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)\s*([+-]\d{2}:?\d{2})?", value
        )
        if not match:
            return None
        try:
            parsed = datetime.fromisoformat(f"{match[1]}T{match[2]}{match[3] or ''}")
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def find_visible_dates(text: str) -> list[re.Match[str]]:
    """Date candidates in ``text``, in order of appearance (overlaps resolved by pattern rank)."""
    found: list[re.Match[str]] = []
    if not YEAR.search(text):
        return found
    taken: list[tuple[int, int]] = []
    for pattern, (anchor, steps) in zip(DATE_PATTERNS, DATE_ANCHORS, strict=True):
        for match in _anchored(pattern, anchor, steps, text):
            span = match.span()
            if not any(span[0] < end and start < span[1] for start, end in taken):
                found.append(match)
                taken.append(span)
    return sorted(found, key=lambda m: m.start())


def _anchored(
    pattern: re.Pattern[str],
    anchor: re.Pattern[str],
    steps: list[tuple[bool, re.Pattern[str]]],
    text: str,
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, trying the pattern only just before anchors.

    Scanning a whole header for the optional weekday (or for digits) is what costs; the anchors
    are cheap to find. A match starting at or after ``pos`` has its anchor at or after the first
    anchor found from ``pos``, and at most the prefix ``steps`` read back before it -- or it
    starts after that anchor, found by the next search.
    """
    pos = 0
    while (hit := anchor.search(text, pos)) is not None:
        for start in range(_prefix_start(text, hit.start(), pos, steps), hit.start() + 1):
            if (match := pattern.match(text, start)) is not None:
                yield match
                pos = match.end()
                break
        else:
            pos = hit.start() + 1


def _prefix_start(
    text: str, end: int, floor: int, steps: list[tuple[bool, re.Pattern[str]]]
) -> int:
    """How far back from ``end`` (not below ``floor``) a prefix read by ``steps`` can reach."""
    index = end
    for many, char in steps:
        while index > floor and char.match(text, index - 1):
            index -= 1
            if not many:
                break
    return index


def parse_visible(raw: str, zone: timezone | None = None) -> datetime | None:
    """Parse one visible date string; the zone is the one written in it, else ``zone``, else WIB."""
    match = next(iter(find_visible_dates(raw)), None)
    if match is None:
        return None
    written = (match["zone"] or "").upper()
    tz = ZONES.get(written) or zone or DEFAULT_ZONE
    date = match["date"]
    for pattern, repl in MONTH_FIXES:
        date = pattern.sub(repl, date)
    clock = None
    if match["time"]:
        clock = DOTTED_TIME.sub(r"\1:\2", TIME_WORDS.sub("", match["time"]))
    parsed = _dateparser(date if clock is None else f"{date} {clock}")
    if parsed is None:
        return None
    return parsed.replace(tzinfo=tz)


def warm_up() -> None:
    """Have dateparser build its locale and timezone tables now (~0.4 s), not on the first
    page that needs it: an extraction worker calls this when it starts."""
    _date_data_parser().get_date_data("Kamis, 7 November 2024 09:30")


@lru_cache(maxsize=4096)
def _dateparser(text: str) -> datetime | None:
    """dateparser's reading (naive); cached, as the pages of one site repeat their dates."""
    return _date_data_parser().get_date_data(text).date_obj
