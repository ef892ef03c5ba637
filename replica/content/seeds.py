"""Load the five real sample articles (seeds/*.txt, verbatim copies) into Article records.

The files are Markdown-ish captures: a short preview block, then the brand line, title,
byline ("Author - CITY.NETWORK.DOMAIN", possibly as a Markdown link), an English date line
and the body, one paragraph per line. Seed 004 (a Blogger post) is only the body, ending in
Blogger's comment furniture.
"""

from __future__ import annotations

import re
from datetime import datetime
from importlib import resources

from replica.content.generator import slugify
from replica.dates import ZONES
from replica.model import Article

DATE_LINE = re.compile(r"^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}) - (\d{2}):(\d{2})$")
MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
BLOGGER_FURNITURE = ("Tidak ada komentar:", "Posting Komentar")

# What the files do not say: the site each came from and the ground-truth tags.
SEED_META: dict[str, dict] = {
    "000": {"site": "jember-opinipublik", "programs": ["Cooling System", "Curhat Kamtibmas"],
            "polda": "Polda Jawa Timur", "polres": "Polres Jember", "tags": ["Pilkada 2024", "Curhat Kamtibmas"]},
    "001": {"site": "lumajang-iwo", "programs": ["Cooling System", "Jagongan Kamtibmas"],
            "polda": "Polda Jawa Timur", "polres": "Polres Lumajang", "tags": ["Pemilu 2024", "Jagongan Kamtibmas"]},
    "002": {"site": "jember-humas", "programs": ["Cooling System"],  # the table
            "polda": "Polda Jawa Timur", "polres": "Polres Jember", "tags": ["Pilkada 2024", "TNI-Polri"]},
    "003": {"site": "karawang-ngo", "programs": ["Cooling System", "Patroli Dialogis", "Sambang"],
            "polda": "Polda Jawa Barat", "polres": "Polres Karawang", "tags": ["Pilkada 2024", "Bhabinkamtibmas"]},
    "004": {"site": "beritabhayangkara-blogspot", "programs": ["KRYD", "Patroli Gabungan"],
            "polda": "Polda Jawa Timur", "polres": "Polres Jember", "tags": ["KRYD", "Polres Jember"],
            # Not in the file: a headline in the house style and a date consistent with "Rabu (23/10)".
            "title": "KRYD, Polres Jember Gelar Patroli Gabungan Jaga Kondusifitas Masa Kampanye Pilkada 2024",
            "published": "2024-10-23T19:42:00+07:00", "author": "Admin Bhayangkara"},
}
MONTHS = {m: i + 1 for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"))}


def _unmark(line: str) -> str:
    """Drop Markdown syntax the capture added: links, heading marks, the escaped '(\\*)'."""
    return MD_LINK.sub(r"\1", line).lstrip("#").strip().replace("\\*", "*")


def _parse(code: str, raw: str) -> Article:
    meta = SEED_META[code]
    lines = raw.split("\n")
    date_at = next((i for i, line in enumerate(lines) if DATE_LINE.match(line.strip())), None)
    extra: dict[str, str] = {}
    if date_at is None:  # Blogger capture: the body lines, then the comment furniture
        body = [line.strip() for line in lines if line.strip()]
        while body and body[-1] in BLOGGER_FURNITURE:
            body.pop()
        title, author = meta["title"], meta["author"]
        published = datetime.fromisoformat(meta["published"])
    else:
        head = [line.strip() for line in lines[:date_at] if line.strip()]
        title, byline = _unmark(head[-2]), _unmark(head[-1])
        if len(head) >= 3 and head[-3] != head[-1] and not head[-3].startswith(title[:20]):
            extra["brand"] = _unmark(head[-3])
        author, _, network = byline.partition(" - ")
        extra["network"] = network
        extra["byline_raw"] = byline
        mon, day, year, hh, mm = DATE_LINE.match(lines[date_at].strip()).groups()
        published = datetime(int(year), MONTHS[mon], int(day), int(hh), int(mm), tzinfo=ZONES["WIB"])
        body = [_unmark(line) if "\\*" in line else line.strip() for line in lines[date_at + 1:] if line.strip()]
    return Article(
        key=f"seed-{code}", title=title, slug=slugify(title), paragraphs=body, published=published,
        author=author, programs=list(meta["programs"]), polda=meta["polda"], polres=meta["polres"],
        zone="WIB", category="Polres", tags=list(meta["tags"]), seed=code, extra=extra,
    )


def load_seeds() -> dict[str, Article]:
    """Seed code ('000'..'004') -> Article, parsed from the packaged copies."""
    folder = resources.files("replica.content") / "seeds"
    out: dict[str, Article] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".txt"):
            code = entry.name[:3]
            out[code] = _parse(code, entry.read_text(encoding="utf-8"))
    return out
