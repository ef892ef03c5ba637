"""archive.dates: the shortcut taken for speed gives exactly what the plain way gives.

:func:`find_visible_dates` tries the two month-name patterns only just before their anchors;
the reference here runs ``finditer`` over the whole text.
"""

from __future__ import annotations

import random
import re

from archive.dates import DATE_PATTERNS, find_visible_dates

PIECES = [
    "Kamis", "Kamis, ", "Jum'at", "Jumat,", "Sabtuxyz", "KAMIS", "Mon", "Tuesday", "7", "07", "31",
    "123", "8,", " ", "  ", "\t", "\u00a0", ",", ".", "-", " - ", "|", "@", "pukul ", "pkl.", "jam ",
    "November", "Nov", "Nov.", "nov", "Peb", "Nop", "Agt", "Sept", "Mei", "May", "Okt", "Des", "Juny",
    "2024", "20245", "1999", "09:30", "9.05", "12:01:59", "WIB", "WITA", "WIT", "/", "25/09/2024",
    "2024-09-25", "25.09.2024", "x", "abc", "\u017f", "\u212a", "\u0130", "'", "(", "\u0667", "\n",
]  # fmt: skip


def _reference(text: str) -> list[re.Match[str]]:
    """find_visible_dates the plain way: every pattern over the whole text."""
    found: list[re.Match[str]] = []
    taken: list[tuple[int, int]] = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if not any(match.start() < end and start < match.end() for start, end in taken):
                found.append(match)
                taken.append(match.span())
    return sorted(found, key=lambda m: m.start())


def _key(matches: list[re.Match[str]]) -> list[tuple]:
    return [(m.span(), m.re.pattern, m.groupdict()) for m in matches]


def test_anchored_scan_finds_what_finditer_finds() -> None:
    rng = random.Random(20241108)
    texts = ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30))) for _ in range(20_000)]
    texts.append("Achmad Sarjono - JEMBER.OPINIPUBLIK.ID Nov 8, 2024 - 11:35 JEMBER – Menjelang")
    texts.append("warga masyarakat Kamis, 7 November 2024 - 09:30 WIB dan Jumat, 8 Nov. 2024")
    for text in texts:
        assert _key(find_visible_dates(text)) == _key(_reference(text)), text
