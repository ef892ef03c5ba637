"""Event dates written as "Jumat (8/11)", "Selasa (30/1/2024)", "Kamis (1/2/24)",
"Rabu (25/09/2024)" or "Kamis, 7 November 2024", resolved against the publication date.

Read from the token stream (weekday "(" d "/" m ["/" y] ")"; weekday [","] d month yyyy), so no
regex runs over the whole article. A date without a year takes the year that puts it nearest
the publication date, so "Selasa (31/12)" published 2 January falls in the previous year.
"""

from __future__ import annotations

from datetime import date, datetime

from .text import Doc

WEEKDAYS = frozenset({"senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "ahad"})
MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8,
    "agu": 8, "agt": 8, "ags": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11, "desember": 12, "des": 12,
}
DATE_SEPARATORS = frozenset({"/", "."})
MAX_DISTANCE_DAYS = 400  # a yearless date further than this from publication is dropped


def find_event_dates(doc: Doc, published: datetime | date | None,
                     candidates: list[int] | None = None) -> tuple[list[str], list[dict[str, str]]]:
    pub = published.date() if isinstance(published, datetime) else published
    toks = doc.toks
    found: dict[str, dict[str, str]] = {}
    if candidates is None:
        candidates = list(range(len(toks)))
    for i in [k for k in candidates if toks[k] in WEEKDAYS]:
        j = i + 2 if i + 1 < len(toks) and toks[i + 1] == "," else i + 1
        parsed = _bracketed(toks, j) or _long(toks, j)
        if parsed is None:
            continue
        (day, month, year), end = parsed
        d = _resolve(day, month, year, pub)
        if d is not None and d.isoformat() not in found:
            found[d.isoformat()] = {"tag": "event_date", "value": d.isoformat(),
                                    "phrase": doc.phrase(i, end), "where": doc.where(i)}
    dates = sorted(found)
    return dates, [found[d] for d in dates]


def _bracketed(toks: list[str], j: int) -> tuple[tuple[int, int, str | None], int] | None:
    """( d / m ) or ( d / m / y ) starting at token j."""
    part = toks[j : j + 7]
    if len(part) < 5 or part[0] != "(" or part[2] not in DATE_SEPARATORS:
        return None
    if not (part[1].isdigit() and part[3].isdigit()):
        return None
    if part[4] == ")":
        return (int(part[1]), int(part[3]), None), j + 5
    if len(part) == 7 and part[4] in DATE_SEPARATORS and part[5].isdigit() and part[6] == ")":
        return (int(part[1]), int(part[3]), part[5]), j + 7
    return None


def _long(toks: list[str], j: int) -> tuple[tuple[int, int, str | None], int] | None:
    """d month yyyy (optionally inside a bracket) starting at token j."""
    if j < len(toks) and toks[j] == "(":
        j += 1
    part = toks[j : j + 3]
    if len(part) == 3 and part[0].isdigit() and part[1] in MONTHS and part[2].isdigit() and len(part[2]) == 4:
        return (int(part[0]), MONTHS[part[1]], part[2]), j + 3
    return None


def _resolve(day: int, month: int, year: str | None, pub: date | None) -> date | None:
    if year is not None:
        if len(year) not in (2, 4):
            return None
        return _safe(int(year) + (2000 if len(year) == 2 else 0), month, day)
    if pub is None:
        return None
    options = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _safe(y, month, day))]
    if not options:
        return None
    best = min(options, key=lambda d: abs((d - pub).days))
    return best if abs((best - pub).days) <= MAX_DISTANCE_DAYS else None


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
