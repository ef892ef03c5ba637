"""Generate realistic Indonesian humas releases, deterministically.

Every article is a function of (seed string, index): the same call gives the same text,
title and date on every run and machine. No wall clock is read anywhere.
"""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import date, datetime, timedelta

from replica.content import people
from replica.content.programs import GENERIC, SPECS, TEXT_ALSO, Spec
from replica.content.vocab import POLDAS, Polda, Polres
from replica.dates import ZONES, weekday_id
from replica.model import Article

MIN_WORDS, MAX_WORDS = 250, 600

PLACES = ("Masjid Al-Ikhlas", "Masjid Baiturrahman", "Balai Desa", "Pendopo Kecamatan", "Musala Nurul Huda",
          "Aula Polsek", "Pos Kamling RT 03", "rumah Ketua RT 02")
CHURCHES = ("GKJW Jemaat Imanuel", "Gereja Protestan Maluku Jemaat Bethel", "GPIB Jemaat Efrata",
            "Gereja Katolik Santo Yosef", "GKI Jemaat Petra", "Gereja Bethel Indonesia")
SCHOOLS = ("SMA Negeri 1", "SMP Negeri 2", "SMK Negeri 1", "SMA Negeri 3", "MTs Negeri 1", "SD Negeri 4")
MARKETS = ("Pasar Induk", "Terminal Kota", "Alun-alun", "Simpang Empat", "Jalan Nasional", "Pasar Baru")
DUSUN = ("Krajan", "Krajan Kulon", "Sumber Agung", "Tegal Sari", "Karang Anyar", "Sidomulyo")
FOOTERS = ("(*)", "(*)", "(*)", "(ri/hn/nm)", "(hms)")


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _window_date(rng: random.Random, spec: Spec) -> date:
    start, end = (date.fromisoformat(x) for x in rng.choice(spec.windows))
    day = start + timedelta(days=rng.randrange((end - start).days + 1))
    if spec.weekday is not None:  # move back to the program's weekday, staying in range
        day -= timedelta(days=(day.weekday() - spec.weekday) % 7)
        if day < start:
            day += timedelta(days=7)
    return day


def _event_phrase(rng: random.Random, day: date) -> str:
    """'Jumat (8/11)' in most releases, sometimes with a 4- or 2-digit year."""
    form = rng.random()
    if form < 0.6:
        return f"{weekday_id(day)} ({day.day}/{day.month})"
    if form < 0.85:
        return f"{weekday_id(day)} ({day.day}/{day.month}/{day.year})"
    return f"{weekday_id(day)} ({day.day}/{day.month}/{day.year % 100:02d})"


def _operation(spec: Spec, polda: Polda, day: date) -> str:
    if not spec.name.startswith("Operasi"):
        return ""
    year = day.year
    if spec.name == "Operasi Lilin" and day.month == 1:
        year -= 1  # Operasi Lilin 2024 runs into January 2025
    return f"{spec.name} {polda.codename} {year}" if polda.codename else f"{spec.name} {year}"


def _context(rng: random.Random, polda: Polda, polres: Polres, spec: Spec, day: date, dateline: str) -> dict:
    kec = rng.choice(polres.kecamatan)
    desa = rng.choice(polres.desa)
    kap = people.kapolres(polda, polres)
    hum = people.officer(polres.name, "kasihumas", polda.names)
    sek = people.officer(f"Polsek {kec}", "kapolsek", polda.names)
    bha = people.officer(f"{polres.name}|{desa}", "bhabin", polda.names)
    night = spec.name in ("KRYD", "Patroli Gabungan")
    hour = rng.randrange(19, 22) if night else rng.randrange(7, 17)
    zone = polda.zone
    zone_written = zone.capitalize() if rng.random() < 0.4 else zone  # "pukul 08.15 Wib" is common
    head = "Kapolresta" if polres.name.startswith("Polresta") else "Kapolres"
    return {
        "dateline": dateline, "polres": polres.name, "city": polres.city, "area": polres.area,
        "polda": polda.short, "kec": kec, "desa": desa, "polsek": f"Polsek {kec}",
        "kapolres": kap.full, "kapolres_s": kap.short.replace("Kombes Pol.", "Kombes"),
        "kasihumas": hum.full, "kasihumas_s": hum.short, "kapolsek": sek.full, "bhabin": bha.full,
        "bhabin_s": bha.short, "babinsa": people.officer(f"Koramil {kec}", "babinsa", polda.names).full,
        "kabagops": people.officer(polres.name, "kabagops", polda.names).full,
        "kasatlantas": people.officer(polres.name, "kasatlantas", polda.names).full,
        "kabidhumas": people.officer(polda.name, "kabidhumas", polda.names).full,
        "day": _event_phrase(rng, day),
        "time": f"pukul {hour:02d}.{rng.choice(('00', '15', '30'))} {zone_written}",
        "end": f"pukul {min(hour + 2, 23):02d}.00 {zone_written}", "head": head, "n": rng.randrange(25, 140),
        "place": rng.choice(PLACES), "church": rng.choice(CHURCHES), "market": rng.choice(MARKETS),
        "school": f"{rng.choice(SCHOOLS)} {polres.city}", "dusun": rng.choice(DUSUN),
        "rw": f"{rng.randrange(1, 15):02d}", "resident": people.resident(rng, polda),
        "resident_role": rng.choice(("Kepala Desa", "Ketua RT", "Tokoh masyarakat", "Ketua RW")),
        "event": "Pemilu 2024" if day < date(2024, 3, 1) else "Pilkada 2024",
        "op": _operation(spec, polda, day), "year": day.year,
        "_kap": kap, "_hum": hum,
    }


def _quote(rng: random.Random, text: str, ctx: dict) -> str:
    kap, hum = ctx["_kap"], ctx["_hum"]
    q = ("\u201c", "\u201d") if rng.random() < 0.5 else ('"', '"')
    verb = rng.choice(("ujar", "kata", "jelas", "tegas", "ungkap"))
    if rng.random() < 0.5:
        intro = (f"{ctx['head']} {ctx['city']} {kap.full} melalui Kasi Humas {hum.full} mengatakan, "
                 "kegiatan tersebut merupakan bagian dari upaya menjaga situasi kamtibmas yang aman dan kondusif.")
        return intro + f"\n{q[0]}{text.format(**ctx)},{q[1]} {verb} {hum.short}."
    return f"{q[0]}{text.format(**ctx)},{q[1]} {verb} {kap.full.split(',')[0]} saat dikonfirmasi, {ctx['day']}."


def generate(seed: str, index: int, polda: Polda | None = None, spec: Spec | None = None) -> Article:
    """Build generated article number `index` of corpus `seed`."""
    rng = random.Random(f"{seed}|{index}")
    spec = spec or rng.choice(SPECS)
    if spec.name == "Binmas Noken":
        polda = next(p for p in POLDAS if p.slug == "papua")
    polda = polda or rng.choice(POLDAS)
    polres = rng.choice(polda.polres)
    day = _window_date(rng, spec)
    dateline = rng.choice((f"{polres.city.upper()} \u2013", f"{polres.city.upper()} -",
                           f"{polres.name}, {polda.short} -", f"{polda.short} \u2014 {polres.name}"))
    ctx = _context(rng, polda, polres, spec, day, dateline)
    # "Polda Jatim — Polres Malang" datelines already name the unit; do not repeat it.
    paras = [rng.choice(spec.leads).format(**ctx).replace(f"{polres.name} {polres.name} ", f"{polres.name} ")]
    details = list(spec.details)
    rng.shuffle(details)
    paras += [d.format(**ctx) for d in details[:2]]
    paras += _quote(rng, rng.choice(spec.quotes), ctx).split("\n")
    pool = list(GENERIC)
    rng.shuffle(pool)
    target = rng.randrange(MIN_WORDS + 20, 520)
    for extra in details[2:] + pool:
        if sum(len(p.split()) for p in paras) >= target:
            break
        paras.insert(len(paras) - (1 if rng.random() < 0.3 else 0), extra.format(**ctx))
    while sum(len(p.split()) for p in paras) > MAX_WORDS:
        paras.pop(-2)
    paras[-1] += " " + rng.choice(FOOTERS)
    published = datetime.combine(day + timedelta(days=rng.choice((0, 0, 0, 1, 2))),
                                 datetime.min.time(), ZONES[polda.zone]).replace(
        hour=rng.randrange(7, 22), minute=rng.randrange(60))
    title = rng.choice(spec.titles).format(**ctx)
    written = " ".join([title, *paras])
    programs = sorted({spec.name, *spec.also, *(p for phrase, p in TEXT_ALSO if phrase in written)})
    return Article(
        key=f"{seed}-{index:04d}", title=title, slug=slugify(title), paragraphs=paras,
        published=published, author=f"Humas {polres.name}", programs=programs,
        polda=polda.name, polres=polres.name, zone=polda.zone, category=spec.category,
        tags=list(spec.tags) + [polres.name], extra={"city": polres.city},
    )
