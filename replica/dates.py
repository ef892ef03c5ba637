"""Date and time rendering in the forms Indonesian humas sites print."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import format_datetime

ZONES: dict[str, timezone] = {
    "WIB": timezone(timedelta(hours=7)),
    "WITA": timezone(timedelta(hours=8)),
    "WIT": timezone(timedelta(hours=9)),
}
WEEKDAYS_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS_ID = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
    "Agustus", "September", "Oktober", "November", "Desember",
]
MONTHS_EN_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS_EN = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]


def weekday_id(d: date) -> str:
    return WEEKDAYS_ID[d.weekday()]


def long_id(dt: datetime, zone: str) -> str:
    """'Kamis, 7 November 2024 - 09:30 WIB' (official portals)."""
    return f"{weekday_id(dt)}, {dt.day} {MONTHS_ID[dt.month - 1]} {dt.year} - {dt:%H:%M} {zone}"


def network_byline(dt: datetime) -> str:
    """'Nov 8, 2024 - 11:35' — the humas-network theme prints no zone at all."""
    return f"{MONTHS_EN_SHORT[dt.month - 1]} {dt.day}, {dt.year} - {dt:%H:%M}"


def day_id(d: date) -> str:
    """'Rabu, 23 Oktober 2024' (Blogger date header, WordPress byline)."""
    return f"{weekday_id(d)}, {d.day} {MONTHS_ID[d.month - 1]} {d.year}"


def short_id(d: date) -> str:
    return f"{d.day} {MONTHS_ID[d.month - 1]} {d.year}"


def iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def iso_ms(dt: datetime) -> str:
    """Blogger's feed form: 2024-10-23T19:45:00.000+07:00."""
    return dt.strftime("%Y-%m-%dT%H:%M:%S.000") + dt.strftime("%z")[:3] + ":" + dt.strftime("%z")[3:]


def rfc822(dt: datetime) -> str:
    """RSS pubDate: WordPress prints it in UTC ('+0000')."""
    return format_datetime(dt.astimezone(UTC))


def http_date(dt: datetime) -> str:
    return format_datetime(dt.astimezone(UTC), usegmt=True)
