"""Which sites exist, which family renders each, and which articles each publishes.

Deterministic: every article comes from generator.generate(seed-string, index), seeds from
the packaged files. `base_plan()` is the fixed replica; `extra_plan()` adds benchmark sites.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from replica.content.generator import generate
from replica.content.programs import SPEC_BY_NAME
from replica.content.seeds import load_seeds
from replica.content.vocab import POLDA_BY_NAME, POLDAS
from replica.model import Article

FAMILIES = ("wordpress", "blogger", "portal", "network", "media")
WIB_POLDAS = [p for p in POLDAS if p.zone == "WIB"]
ZONE_IN_TEXT = re.compile(r"(pukul \d{2}\.\d{2}) (?:WIB|Wib|WITA|Wita|WIT|Wit)")


@dataclass
class SitePlan:
    name: str
    family: str
    options: dict = field(default_factory=dict)
    articles: list[Article] = field(default_factory=list)
    syndicate: tuple[str, str] | None = None  # (source site name, article key) copied here


def _gen(seed: str, count: int, poldas: list | None = None, specs: list[str] | None = None,
         no_zone: bool = False, author: str | None = None) -> list[Article]:
    out = []
    for i in range(count):
        polda = poldas[i % len(poldas)] if poldas else None
        spec = SPEC_BY_NAME[specs[i % len(specs)]] if specs else None
        art = generate(seed, i, polda, spec)
        if no_zone:  # the network theme never shows a zone, so keep the text zone-free too
            art.paragraphs = [ZONE_IN_TEXT.sub(r"\1", p) for p in art.paragraphs]
        if author:
            art.author = author
        out.append(art)
    return out


def base_plan() -> list[SitePlan]:
    seeds = load_seeds()
    jatim, jabar = POLDA_BY_NAME["Polda Jawa Timur"], POLDA_BY_NAME["Polda Jawa Barat"]
    net = dict(no_zone=True, author="Achmad Sarjono")
    plans = [
        SitePlan("jember-opinipublik", "network",
                 {"domain": "JEMBER.OPINIPUBLIK.ID", "brand": "OPINI PUBLIK", "discovery": "sitemap"},
                 [seeds["000"], *_gen("jember-opinipublik", 3, [jatim], ["Jumat Curhat", "Sambang", "Minggu Kasih"], **net)]),
        SitePlan("lumajang-iwo", "network",
                 {"domain": "LUMAJANG.IWO.OR.ID", "brand": "IWO", "discovery": "rss"},
                 [seeds["001"], *_gen("lumajang-iwo", 3, [jatim], ["KRYD", "Operasi Zebra", "Police Goes to School"], **net)]),
        SitePlan("jember-humas", "network",
                 {"domain": "JEMBER.HUMAS.CO.ID", "brand": "HUMAS", "discovery": "listing"},
                 [seeds["002"], *_gen("jember-humas", 3, [jatim], ["Patroli Dialogis", "Jumat Berkah", "Cooling System"], **net)]),
        SitePlan("karawang-ngo", "network",
                 {"domain": "KARAWANG.NGO.WEB.ID", "brand": "NGO", "discovery": "listing"},
                 [seeds["003"], *_gen("karawang-ngo", 3, [jabar], ["Polisi RW", "Operasi Ketupat", "Jumat Curhat"],
                                      no_zone=True, author="Redaksi")]),
        SitePlan("tribratanews-jatim", "wordpress",
                 {"title": "Tribratanews Polda Jatim", "tagline": "Portal Berita Bidhumas Polda Jawa Timur"},
                 _gen("tribratanews-jatim", 16, [jatim])),
        SitePlan("beritabhayangkara-blogspot", "blogger",
                 {"title": "Berita Bhayangkara", "blog_id": "7316642218871934520"},
                 [seeds["004"], *_gen("beritabhayangkara-blogspot", 12, author="Admin Bhayangkara")]),
        SitePlan("tribratanews-polri", "portal",
                 {"title": "Tribratanews Polri", "variant": "odoo"},
                 _gen("tribratanews-polri", 14, specs=["Operasi Ketupat", "Binmas Noken", "Jumat Curhat", "Minggu Kasih",
                                                       "Operasi Lilin", "Sambang", "Operasi Patuh"])),
        SitePlan("humas-polri", "portal",
                 {"title": "Humas Polri", "variant": "app"},
                 _gen("humas-polri", 8)),
        SitePlan("lensanusantara", "media",
                 {"title": "Lensa Nusantara", "tagline": "Tajam, Akurat, Terpercaya"},
                 _gen("lensanusantara", 8), syndicate=("tribratanews-jatim", "tribratanews-jatim-0003")),
    ]
    return plans


def extra_plan(count: int, per_site: int) -> list[SitePlan]:
    per_site = per_site or 20
    out = []
    for i in range(count):
        family = FAMILIES[i % len(FAMILIES)]
        name = f"extra-{i + 1:02d}-{family}"
        options: dict = {"title": f"Humas Extra {i + 1:02d}"}
        poldas = None
        if family == "network":
            options.update(domain=f"KOTA{i + 1:02d}.HUMASNET.ID", brand="HUMASNET",
                           discovery=("sitemap", "rss", "listing")[i // len(FAMILIES) % 3])
            poldas = WIB_POLDAS
        if family == "portal":
            options["variant"] = ("odoo", "app")[i // len(FAMILIES) % 2]
        arts = _gen(name, per_site, poldas, no_zone=family == "network")
        out.append(SitePlan(name, family, options, arts))
    return out


def syndicated_copy(original: Article, target_site: str) -> Article:
    """A lightly edited republication: new dateline credit, house footer, later timestamp."""
    art = copy.deepcopy(original)
    art.key = f"{target_site}-syn-{original.key}"
    city = original.extra.get("city", "").upper() or original.paragraphs[0].split()[0]
    first = original.paragraphs[0]
    rest = first.split(" - ", 1)[-1] if " - " in first[:80] else first.split(" \u2013 ", 1)[-1].split(" \u2014 ", 1)[-1]
    art.paragraphs[0] = f"{city}, Lensa Nusantara \u2013 {rest}"
    art.paragraphs[-1] = art.paragraphs[-1].replace(" (*)", "").replace(" (ri/hn/nm)", "").replace(" (hms)", "") + " (red)"
    art.published = original.published.replace(hour=min(original.published.hour + 1, 23))
    art.author = "Redaksi Lensa Nusantara"
    art.syndicated_from = original
    art.url = ""
    return art
