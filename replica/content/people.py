"""Deterministic officials: the same unit always has the same Kapolres, Kasi Humas, ...

Names are drawn from an RNG seeded by the unit and role, so an article about Polres Gowa
in 2023 and another in 2025 quote the same Kapolres (as real releases of one period do).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from replica.content.vocab import DEGREES, NAME_POOLS, NATIONAL_NAMES, Polda, Polres


@dataclass(frozen=True)
class Officer:
    rank: str
    given: str
    family: str
    degree: str

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"

    @property
    def full(self) -> str:
        """'AKBP Bayu Pratama, S.I.K.' — first mention."""
        return f"{self.rank} {self.name}, {self.degree}" if self.degree else f"{self.rank} {self.name}"

    @property
    def short(self) -> str:
        """'AKBP Bayu' — later mentions use rank plus given name."""
        return f"{self.rank} {self.given.split()[-1] if self.given.startswith(('I ', 'Ni ')) else self.given}"


# role -> (possible ranks, uses degree, draws from the national pool)
ROLES: dict[str, tuple[tuple[str, ...], bool, bool]] = {
    "kapolda": (("Irjen Pol.",), True, True),
    "kabidhumas": (("Kombes Pol.",), True, True),
    "kapolres": (("AKBP",), True, True),
    "kapolresta": (("Kombes Pol.",), True, True),
    "wakapolres": (("Kompol",), True, True),
    "kabagops": (("Kompol",), True, False),
    "kasihumas": (("Iptu", "AKP", "Ipda"), True, False),
    "kasatbinmas": (("AKP", "Iptu"), True, False),
    "kasatlantas": (("AKP", "Iptu"), True, False),
    "kasatsamapta": (("AKP", "Iptu"), True, False),
    "kapolsek": (("Iptu", "AKP", "Ipda"), True, False),
    "bhabin": (("Aiptu", "Aipda", "Bripka", "Brigpol", "Briptu"), False, False),
    "babinsa": (("Serda", "Serka", "Serma", "Sertu"), False, False),
}


def officer(unit: str, role: str, pool: str) -> Officer:
    ranks, with_degree, national = ROLES[role]
    rng = random.Random(f"officer|{unit}|{role}")
    given_pool, family_pool = NATIONAL_NAMES if national and rng.random() < 0.5 else NAME_POOLS[pool]
    degree = rng.choice(DEGREES) if with_degree else ""
    if with_degree and role in ("kasihumas", "kapolsek", "kasatbinmas", "kasatlantas", "kasatsamapta"):
        degree = rng.choice(("S.H.", "S.H., M.H.", "S.Sos.", ""))
    return Officer(rng.choice(ranks), rng.choice(given_pool), rng.choice(family_pool), degree)


def kapolres(polda: Polda, polres: Polres) -> Officer:
    role = "kapolresta" if polres.name.startswith(("Polresta", "Polrestabes")) else "kapolres"
    return officer(polres.name, role, polda.names)


def resident(rng: random.Random, polda: Polda) -> str:
    given, family = NAME_POOLS[polda.names]
    return f"{rng.choice(given)} {rng.choice(family)}" if rng.random() < 0.5 else rng.choice(given)
