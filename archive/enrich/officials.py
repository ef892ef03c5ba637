"""Police officials named with rank (and usually position): "Kapolres Jember AKBP Bayu Pratama".

A person is a police official when a Polri rank stands before the name. TNI ranks (Serma, Mayor
Inf, Kapten ...) are not in the rank list, a rank followed by "TNI" is skipped, and a rank whose
nearest position word is a TNI post (Babinsa, Danramil, Kasdim ...) is skipped. Ranks are
normalised (Akbp -> AKBP, the typo Kopol -> Kompol); the evidence keeps the text as written.
"""

from __future__ import annotations

from .text import Doc, join_tokens

RANKS = {
    "jenderal": "Jenderal", "komjen": "Komjen", "irjen": "Irjen", "brigjen": "Brigjen",
    "kombes": "Kombes", "akbp": "AKBP", "kompol": "Kompol", "kopol": "Kompol", "akp": "AKP",
    "iptu": "Iptu", "ipda": "Ipda", "aiptu": "Aiptu", "aipda": "Aipda", "bripka": "Bripka",
    "brigpol": "Brigpol", "brigadir": "Brigpol", "briptu": "Briptu", "bripda": "Bripda",
    "abrip": "Abrip", "abriptu": "Abriptu", "abripda": "Abripda", "bharaka": "Bharaka",
    "bharatu": "Bharatu", "bharada": "Bharada",
}
POLICE_POSITIONS = (
    "Kapolri", "Wakapolri", "Kadiv Humas", "Kadivhumas", "Karopenmas", "Kapolda", "Wakapolda",
    "Kabid Humas", "Kabidhumas", "Karo Ops", "Karoops", "Irwasda", "Dirbinmas", "Dirlantas",
    "Dirreskrimum", "Dirreskrimsus", "Dirresnarkoba", "Dirsamapta", "Dirpolairud", "Dirintelkam",
    "Wadirbinmas", "Wadirlantas", "Wadirreskrimum", "Wadirreskrimsus", "Kapolrestabes",
    "Kapolresta", "Kapolres", "Wakapolrestabes", "Wakapolresta", "Wakapolres", "Kabag Ops",
    "Kabagops", "Kabag Log", "Kabaglog", "Kabag Ren", "Kabagren", "Kabag SDM", "Kabagsumda",
    "Kasat", "Kasatlantas", "Kasatreskrim", "Kasatbinmas", "Kasatsamapta", "Kasatsabhara",
    "Kasatresnarkoba", "Kasatintelkam", "Kasatpolairud", "Kasi Humas", "Kasihumas", "Kasie Humas",
    "Kasi Propam", "Kasipropam", "Kasium", "Kasubsi Penmas", "Kasubbag Humas", "Kasubbaghumas",
    "Paur Humas", "Paursubbag Humas", "KBO", "Kapolsek", "Wakapolsek", "Kanit", "Panit",
    "Bhabinkamtibmas", "Babinkamtibmas", "Bhabin", "Kapospol", "Kasubnit", "Katim", "Danki",
    "Danyon", "Dansat Brimob", "Kasatgas", "Kaposko",
)
TNI_POSITIONS = ("Babinsa", "Danramil", "Koramil", "Dandim", "Kasdim", "Kodim", "Danrem", "Korem",
                 "Pangdam", "Kodam", "Danlanal", "Danlanud", "Danyonif", "Prajurit")
CANONICAL_POSITION = {" ".join(p.lower().split()): p for p in POLICE_POSITIONS}
TNI_SET = frozenset(p.lower() for p in TNI_POSITIONS)
ACTING = frozenset({"plt", "ps", "pj", "plh"})  # acting / deputising prefixes
GAP_WORDS = frozenset({"polres", "polresta", "polrestabes", "polsek", "polda", "desa", "kelurahan",
                       "kecamatan", "kota", "kabupaten", "/"})  # may stand between position and rank
NAME_PREFIXES = frozenset({"H", "Hj", "Dr", "Drs", "Ir"})
LEADING_NAME_WORDS = frozenset({"h", "hj", "dr", "drs", "ir", "i", "ni"})  # Balinese I / Ni
NAME_STOP = frozenset(
    ["polri", "polres", "polresta", "polrestabes", "polsek", "polda", "kapolres", "kapolsek", "kapolda", "wakapolres", "tni", "selaku", "bersama", "beserta", "saat", "ketika", "usai", "senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "ahad", "desa", "kecamatan", "kabupaten", "kota", "bhabinkamtibmas", "kasat", "kanit", "mengatakan", "menyampaikan", "menjelaskan", "menegaskan", "jenderal", "pol", "sik", "sh", "mh", "msi", "ssos", "se", "mm", "st", "spd", "mpd", "sag", "mag", "skom", "sip", "map", "mtcp", "psi", "kasihumas", "humas", "wib", "wita", "wit"]
)
# Capitalised words that end a name: headline verbs and nouns ("Kombes Hari Serap Aspirasi
# Jemaat", "AKBP Bayu Dengarkan Keluhan Warga"). Titles capitalise every word, so a title name is
# also cut to what a body mention of the same person confirms.
HEADLINE_STOP = frozenset({
    "serap", "dengarkan", "dengar", "sapa", "ajak", "gelar", "pimpin", "tinjau", "hadiri",
    "bagikan", "beri", "berikan", "sambangi", "sambang", "kunjungi", "pantau", "cek", "imbau",
    "himbau", "ingatkan", "minta", "tegaskan", "pastikan", "apresiasi", "resmikan", "lepas",
    "terima", "serahkan", "salurkan", "tampung", "jawab", "buka", "tutup", "amankan", "tangkap",
    "ringkus", "bekuk", "dorong", "dukung", "jalin", "perkuat", "sosialisasikan", "edukasi",
    "motivasi", "berbagi", "dampingi", "kawal", "awasi", "laksanakan", "lakukan", "datangi",
    "temui", "jenguk", "hibur", "ucapkan", "sampaikan", "turun", "raih", "ungkap", "jelaskan",
    "paparkan", "sidak", "rilis", "tanggapi", "siagakan", "dirikan", "sasar", "intensifkan",
    "hadirkan", "bantu", "selesaikan", "utamakan", "sisir", "gencarkan", "rangkul", "cegah",
    "jaga", "tegur", "warga", "jemaat", "program", "giat", "kegiatan", "dan", "di", "ke", "dari",
    "untuk", "pada", "dengan", "jelang", "usai",
})
POL_WORDS = frozenset({"pol", "polisi"})
LOOKBACK_TOKENS = 8  # tokens before a rank searched for its position
MAX_NAME_WORDS = 5


def find_officials(doc: Doc, candidates: list[int] | None = None) -> tuple[list[dict[str, str | None]], list[dict[str, str]]]:
    """Officials in order of first mention; ``candidates`` = token indices worth looking at."""
    people: list[dict[str, str | None]] = []
    evidence: list[dict[str, str]] = []
    first: list[int] = []  # token index of each person's first mention
    raw, toks = doc.raw, doc.toks
    if candidates is None:
        candidates = list(range(len(toks)))
    ranks = [k for k in candidates if toks[k] in RANKS]
    title_end = doc.seg_starts[1] if len(doc.seg_starts) > 1 else len(toks)
    for i in [k for k in ranks if k >= title_end] + [k for k in ranks if k < title_end]:  # body first
        if not raw[i][0].isupper():
            continue
        rank = RANKS[toks[i]]
        j = _skip_pol(toks, i + 1)
        if (rank == "Jenderal" and j == i + 1) or (j < len(toks) and toks[j] == "tni"):
            continue
        name_end = _name_end(raw, toks, j)
        if i < title_end:
            name_end = _confirmed_end(raw, j, name_end, people, rank)
        name = _name(raw[j:name_end])
        if not name:
            continue
        known = _find(people, name, rank)
        if known is not None and known["position"] is not None:
            if len(name.split()) > len(str(known["name"]).split()):
                known["name"] = name  # "AKBP Bayu Pratama" then "AKBP Bayu Pratama Gubunagi"
            continue  # a later mention of someone already placed: nothing else to add
        pos_start, position = _position(raw, toks, i)
        if position == "TNI":
            continue
        if _merge(people, known, name, rank, position):
            words = [t for t in raw[pos_start:name_end] if t != "."] if position else raw[i:name_end]
            evidence.append({"tag": "official", "value": name, "phrase": join_tokens(words),
                             "where": doc.where(i)})
            first.append(i)
        elif known is not None and i < title_end:
            k = people.index(known)
            first[k] = min(first[k], i)
    order = sorted(range(len(people)), key=first.__getitem__)
    people, evidence = [people[k] for k in order], [evidence[k] for k in order]
    return people, _dedupe_evidence(people, evidence)


def _confirmed_end(raw: list[str], j: int, end: int, people: list[dict[str, str | None]], rank: str) -> int:
    """A title name ends where a body mention of the same rank stops confirming it
    ("Kombes Hari Serap Aspirasi" + body "Kombes Pol. Hari Santoso" -> "Hari")."""
    spans = [k for k in range(j, end) if raw[k] != "."]
    words = [raw[k].lower() for k in spans]
    for n in range(len(words), 0, -1):
        for person in people:
            if person["rank"] == rank and _core(str(person["name"]))[:n] == words[:n]:
                return spans[n - 1] + 1
    return end


def _skip_pol(toks: list[str], j: int) -> int:
    if j < len(toks) and toks[j] in POL_WORDS:
        j += 1
        if j < len(toks) and toks[j] == ".":
            j += 1
    return j


def _name_end(raw: list[str], toks: list[str], j: int) -> int:
    """End of the capitalised words after a rank; "M." initials are kept."""
    k, words = j, 0
    while k < len(raw) and words < MAX_NAME_WORDS:
        tok = raw[k]
        if not tok[0].isupper() or not tok[0].isalpha() or toks[k] in NAME_STOP or toks[k] in HEADLINE_STOP:
            break
        if k + 1 < len(raw) and raw[k + 1] == "." and len(tok) > 1 and tok not in NAME_PREFIXES:
            return k + 1  # "Zulkarnain.SIK": the name ends at the dot
        k += 2 if (len(tok) == 1 and k + 1 < len(raw) and raw[k + 1] == ".") else 1
        words += 1
    return k


def _name(tokens: list[str]) -> str:
    words = [t for t in tokens if t != "."]
    while words and len(words[-1]) <= 1:  # a dangling initial
        words.pop()
    if words and words[0] in NAME_PREFIXES and len(words) == 1:
        return ""
    return " ".join(words)


def _position(raw: list[str], toks: list[str], rank_i: int) -> tuple[int, str | None]:
    """Walk back from the rank over unit words ("Polres Lumajang", "Desa Paleran") to a
    position word ("Kapolres", "kasihumas", "Kasi Humas"); "TNI" for a TNI post."""
    k = rank_i - 1
    if k >= 0 and toks[k] == ",":
        k -= 1
    while k >= 0 and rank_i - k <= LOOKBACK_TOKENS:
        low = toks[k]
        pair = f"{toks[k - 1]} {low}" if k > 0 else ""
        for start, word in ((k - 1, pair), (k, low)):
            if word in CANONICAL_POSITION or word in TNI_SET:
                if word in TNI_SET:
                    return 0, "TNI"
                return _position_text(raw, toks, start, rank_i, CANONICAL_POSITION[word])
        if low in RANKS or not (raw[k][0].isupper() or raw[k][0].isdigit() or low in GAP_WORDS):
            return 0, None
        k -= 1
    return 0, None


def _position_text(raw: list[str], toks: list[str], start: int, rank_i: int, title: str) -> tuple[int, str]:
    words = len(title.split())
    unit = [t for t in raw[start + words : rank_i] if t not in ",."]
    acting = ""
    if start > 0 and toks[start - 1] in ACTING:
        start, acting = start - 1, raw[start - 1] + ". "
    elif start > 1 and toks[start - 1] == "." and toks[start - 2] in ACTING:
        start, acting = start - 2, raw[start - 2] + ". "
    return start, f"{acting}{' '.join([title, *unit])}"


def _find(people: list[dict[str, str | None]], name: str, rank: str) -> dict[str, str | None] | None:
    """The person this mention names: same rank, one name a prefix of the other
    ("AKBP Bayu Pratama" = "AKBP Bayu Pratama Gubunagi"; Kopol and Kompol are one rank)."""
    words = _core(name)
    for person in people:
        other = _core(str(person["name"]))
        if person["rank"] == rank and (other[: len(words)] == words or words[: len(other)] == other):
            return person
    return None


def _core(name: str) -> list[str]:
    """Name words without leading honorifics/initials: "I Wayan Suarjana" -> wayan suarjana."""
    words = name.lower().split()
    while len(words) > 1 and (words[0] in LEADING_NAME_WORDS or len(words[0]) == 1):
        words = words[1:]
    return words


def _merge(people: list[dict[str, str | None]], known: dict[str, str | None] | None, name: str,
           rank: str, position: str | None) -> bool:
    """Add or merge a person; True if this mention is the first (evidence-worthy) one."""
    if known is None:
        people.append({"name": name, "rank": rank, "position": position})
        return True
    if len(name.split()) > len(str(known["name"]).split()):
        known["name"] = name
    if known["position"] is None and position:
        known["position"] = position
    return False


def _dedupe_evidence(people: list[dict[str, str | None]], evidence: list[dict[str, str]]) -> list[dict[str, str]]:
    """Evidence values follow merged (longest) names."""
    for person, ev in zip(people, evidence, strict=True):
        ev["value"] = str(person["name"])
    return evidence
