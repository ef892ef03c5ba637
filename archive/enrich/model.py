"""The typed record enrich() returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Enrichment:
    programs: list[str] = field(default_factory=list)  # canonical names, sorted
    polda: str | None = None  # "Polda Jawa Timur"
    polres: str | None = None  # "Polres Jember"
    kabupaten_kota: list[str] = field(default_factory=list)
    regions_mentioned: list[str] = field(default_factory=list)  # other Polres/Polda named
    officials: list[dict[str, str | None]] = field(default_factory=list)  # name, rank, position
    event_dates: list[str] = field(default_factory=list)  # ISO dates
    # {"tag": program|polres|polda|kabupaten_kota|region_mentioned|official|event_date,
    #  "value", "phrase" (as written), "where": title|dateline|byline|paragraph N|hint|from polres}
    evidence: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)
