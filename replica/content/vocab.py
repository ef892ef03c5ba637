"""Places and people the generated releases talk about.

A curated slice of regions.yaml (Polda, Polres, kecamatan, desa) so the package is
self-contained; the zone column is what the crawler's date normaliser must get right.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Polres:
    name: str  # "Polres Jember"
    city: str  # dateline word, "Jember"
    area: str  # "Kabupaten Jember"
    kecamatan: tuple[str, ...]
    desa: tuple[str, ...]


@dataclass(frozen=True)
class Polda:
    name: str  # canonical, "Polda Jawa Timur"
    short: str  # as written in datelines, "Polda Jatim"
    province: str
    zone: str
    codename: str  # operation codename suffix, "" when none is used
    slug: str
    names: str  # key into NAME_POOLS
    polres: tuple[Polres, ...]


def _p(name: str, city: str, area: str, kec: str, desa: str) -> Polres:
    return Polres(name, city, area, tuple(kec.split(", ")), tuple(desa.split(", ")))


POLDAS: tuple[Polda, ...] = (
    Polda("Polda Jawa Timur", "Polda Jatim", "Jawa Timur", "WIB", "Semeru", "jatim", "jawa", (
        _p("Polres Jember", "Jember", "Kabupaten Jember", "Umbulsari, Ambulu, Balung, Kaliwates, Sumbersari, Tanggul",
           "Paleran, Sabrang, Karang Semanding, Tegal Besar, Antirogo, Manggisan"),
        _p("Polres Lumajang", "Lumajang", "Kabupaten Lumajang", "Tempeh, Pasirian, Yosowilangun, Sukodono",
           "Pulo, Bades, Kalipepe, Kutorenon, Selok Awar-awar"),
        _p("Polresta Banyuwangi", "Banyuwangi", "Kabupaten Banyuwangi", "Genteng, Rogojampi, Srono, Kalipuro",
           "Kembiritan, Aliyan, Sukonatar, Ketapang, Bulusari"),
        _p("Polres Malang", "Malang", "Kabupaten Malang", "Kepanjen, Singosari, Lawang, Turen",
           "Ardirejo, Toyomarto, Bedali, Sanankerto, Talangsuko"),
        _p("Polres Bondowoso", "Bondowoso", "Kabupaten Bondowoso", "Tenggarang, Wonosari, Tamanan",
           "Koncer Kidul, Pelalangan, Kemirian, Sumber Kemuning"),
    )),
    Polda("Polda Jawa Barat", "Polda Jabar", "Jawa Barat", "WIB", "Lodaya", "jabar", "sunda", (
        _p("Polres Karawang", "Karawang", "Kabupaten Karawang", "Klari, Cikampek, Telukjambe Timur, Rengasdengklok",
           "Belendung, Duren, Sukaharja, Dawuan Barat, Amansari"),
        _p("Polres Sukabumi", "Sukabumi", "Kabupaten Sukabumi", "Cisaat, Cibadak, Palabuhanratu, Cicurug",
           "Sukamanah, Karang Tengah, Citepus, Nanggerang"),
        _p("Polres Cianjur", "Cianjur", "Kabupaten Cianjur", "Cipanas, Pacet, Cugenang, Karangtengah",
           "Sindanglaya, Ciherang, Sukamulya, Babakancaringin"),
        _p("Polres Garut", "Garut", "Kabupaten Garut", "Tarogong Kidul, Leles, Cikajang, Bayongbong",
           "Haurpanggung, Cangkuang, Margamulya, Panembong"),
    )),
    Polda("Polda Jawa Tengah", "Polda Jateng", "Jawa Tengah", "WIB", "Candi", "jateng", "jawa", (
        _p("Polresta Cilacap", "Cilacap", "Kabupaten Cilacap", "Kesugihan, Majenang, Sidareja, Kroya",
           "Karangkandri, Pahonjean, Tinggarjaya, Mergawati"),
        _p("Polres Semarang", "Ungaran", "Kabupaten Semarang", "Ungaran Barat, Ambarawa, Bawen, Bergas",
           "Lerep, Kupang, Harjosari, Wujil"),
        _p("Polresta Banyumas", "Banyumas", "Kabupaten Banyumas", "Sokaraja, Ajibarang, Baturraden, Kembaran",
           "Kalikidang, Pancasan, Karangmangu, Ledug"),
    )),
    Polda("Polda Banten", "Polda Banten", "Banten", "WIB", "Maung", "banten", "sunda", (
        _p("Polres Pandeglang", "Pandeglang", "Kabupaten Pandeglang", "Labuan, Menes, Carita, Saketi",
           "Teluk, Purwaraja, Sukajadi, Kadudampit"),
        _p("Polres Lebak", "Lebak", "Kabupaten Lebak", "Rangkasbitung, Malingping, Cibadak, Warunggunung",
           "Muara Ciujung Timur, Sukamanah, Pasir Tanjung"),
    )),
    Polda("Polda Sumatera Utara", "Polda Sumut", "Sumatera Utara", "WIB", "Toba", "sumut", "batak", (
        _p("Polres Langkat", "Langkat", "Kabupaten Langkat", "Stabat, Tanjung Pura, Wampu, Secanggang",
           "Kwala Begumit, Pekubuan, Stabat Lama, Karang Gading"),
        _p("Polresta Deli Serdang", "Deli Serdang", "Kabupaten Deli Serdang",
           "Lubuk Pakam, Percut Sei Tuan, Tanjung Morawa, Pancur Batu",
           "Pagar Jati, Sampali, Bangun Sari, Namo Bintang"),
        _p("Polres Simalungun", "Simalungun", "Kabupaten Simalungun", "Bandar, Siantar, Tanah Jawa, Raya",
           "Perdagangan I, Karang Sari, Balimbingan, Sondi Raya"),
    )),
    Polda("Polda Kalimantan Barat", "Polda Kalbar", "Kalimantan Barat", "WIB", "Kapuas", "kalbar", "kalimantan", (
        _p("Polres Kubu Raya", "Kubu Raya", "Kabupaten Kubu Raya", "Sungai Raya, Sungai Kakap, Rasau Jaya",
           "Kapur, Pal Sembilan, Rasau Jaya Umum, Arang Limbung"),
        _p("Polres Sambas", "Sambas", "Kabupaten Sambas", "Sambas, Tebas, Pemangkat",
           "Lumbang, Sempalai, Harapan"),
    )),
    Polda("Polda Bali", "Polda Bali", "Bali", "WITA", "Agung", "bali", "bali", (
        _p("Polres Gianyar", "Gianyar", "Kabupaten Gianyar", "Ubud, Sukawati, Tegallalang, Blahbatuh",
           "Mas, Batubulan, Kedisan, Bedulu"),
        _p("Polres Buleleng", "Buleleng", "Kabupaten Buleleng", "Seririt, Sawan, Banjar, Gerokgak",
           "Pangkung Paruk, Sangsit, Kaliasem, Pemuteran"),
        _p("Polres Tabanan", "Tabanan", "Kabupaten Tabanan", "Kediri, Kerambitan, Marga, Penebel",
           "Beraban, Tista, Kukuh, Jatiluwih"),
    )),
    Polda("Polda Nusa Tenggara Barat", "Polda NTB", "Nusa Tenggara Barat", "WITA", "Rinjani", "ntb", "sasak", (
        _p("Polres Lombok Tengah", "Lombok Tengah", "Kabupaten Lombok Tengah", "Praya, Pujut, Jonggat, Batukliang",
           "Kuta, Sengkol, Ubung, Mantang"),
        _p("Polres Sumbawa", "Sumbawa", "Kabupaten Sumbawa", "Moyo Hilir, Alas, Empang, Unter Iwes",
           "Moyo, Juru Mapin, Empang Atas, Pungka"),
        _p("Polres Dompu", "Dompu", "Kabupaten Dompu", "Woja, Kempo, Hu'u",
           "Bara, Soro, Hu'u"),
    )),
    Polda("Polda Nusa Tenggara Timur", "Polda NTT", "Nusa Tenggara Timur", "WITA", "Turangga", "ntt", "timor", (
        _p("Polres Kupang", "Kupang", "Kabupaten Kupang", "Kupang Tengah, Amarasi, Fatuleu, Kupang Timur",
           "Oelpuah, Oesao, Camplong II, Noelbaki"),
        _p("Polres Belu", "Atambua", "Kabupaten Belu", "Atambua Barat, Tasifeto Timur, Kakuluk Mesak",
           "Silawan, Fatubenao, Kenebibi"),
    )),
    Polda("Polda Sulawesi Selatan", "Polda Sulsel", "Sulawesi Selatan", "WITA", "", "sulsel", "bugis", (
        _p("Polres Gowa", "Gowa", "Kabupaten Gowa", "Somba Opu, Pallangga, Bontomarannu, Parangloe",
           "Tombolo, Jenetallasa, Romang Lompoa, Lonjoboko"),
        _p("Polres Bulukumba", "Bulukumba", "Kabupaten Bulukumba", "Ujung Bulu, Gantarang, Bonto Bahari",
           "Caile, Bontosunggu, Tanah Beru"),
        _p("Polres Maros", "Maros", "Kabupaten Maros", "Turikale, Bantimurung, Mandai",
           "Adatongeng, Leang-Leang, Bontoa"),
    )),
    Polda("Polda Kalimantan Timur", "Polda Kaltim", "Kalimantan Timur", "WITA", "Mahakam", "kaltim", "kalimantan", (
        _p("Polres Kutai Kartanegara", "Tenggarong", "Kabupaten Kutai Kartanegara",
           "Tenggarong, Loa Janan, Muara Badak, Sebulu", "Loa Ipuh, Bakungan, Saliki, Manunggal Jaya"),
        _p("Polres Bontang", "Bontang", "Kota Bontang", "Bontang Utara, Bontang Selatan",
           "Guntung, Tanjung Laut, Berbas Tengah"),
    )),
    Polda("Polda Maluku", "Polda Maluku", "Maluku", "WIT", "Salawaku", "maluku", "maluku", (
        _p("Polres Maluku Tengah", "Masohi", "Kabupaten Maluku Tengah", "Kota Masohi, Amahai, Leihitu, Salahutu",
           "Negeri Hila, Negeri Tulehu, Negeri Soahuku, Negeri Liang"),
        _p("Polres Seram Bagian Barat", "Piru", "Kabupaten Seram Bagian Barat", "Kairatu, Seram Barat, Huamual",
           "Negeri Waimital, Negeri Piru, Negeri Luhu"),
    )),
    Polda("Polda Maluku Utara", "Polda Malut", "Maluku Utara", "WIT", "Kie Raha", "malut", "maluku", (
        _p("Polres Halmahera Utara", "Tobelo", "Kabupaten Halmahera Utara", "Tobelo, Galela, Kao",
           "Gamsungi, Soasio, Kusu"),
        _p("Polres Ternate", "Ternate", "Kota Ternate", "Ternate Selatan, Ternate Utara, Ternate Tengah",
           "Kalumata, Dufa-Dufa, Gamalama"),
    )),
    Polda("Polda Papua", "Polda Papua", "Papua", "WIT", "", "papua", "papua", (
        _p("Polres Jayapura", "Sentani", "Kabupaten Jayapura", "Sentani, Waibu, Kemtuk, Sentani Timur",
           "Kampung Sereh, Kampung Doyo Baru, Kampung Kwansu, Kampung Asei"),
        _p("Polres Keerom", "Keerom", "Kabupaten Keerom", "Arso, Skanto, Arso Timur",
           "Kampung Yamara, Kampung Jaifuri, Kampung Wembi"),
        _p("Polres Biak Numfor", "Biak", "Kabupaten Biak Numfor", "Biak Kota, Samofa, Yendidori",
           "Kampung Sorido, Kampung Inggiri, Kampung Mandouw"),
    )),
)

POLDA_BY_NAME = {p.name: p for p in POLDAS}

# Given names and family names by region, so a Kapolres in Bali is not called Siregar.
NAME_POOLS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "jawa": (("Agus", "Budi", "Eko", "Joko", "Slamet", "Teguh", "Wahyu", "Heru", "Bambang", "Sugeng",
              "Didik", "Yudi", "Arief", "Dwi", "Tri", "Hari", "Bayu", "Sigit", "Rudy", "Nanang"),
             ("Santoso", "Prasetyo", "Wibowo", "Nugroho", "Setiawan", "Susanto", "Hartono",
              "Widodo", "Purnomo", "Kurniawan", "Sutrisno", "Wijaya", "Pamungkas", "Raharjo")),
    "sunda": (("Asep", "Dede", "Ujang", "Cecep", "Iwan", "Yayan", "Dadang", "Rizal", "Hendra", "Andri"),
              ("Suherman", "Hidayat", "Permana", "Sunarya", "Rukmana", "Gunawan", "Nugraha", "Firmansyah")),
    "batak": (("Robert", "Jhonson", "Tigor", "Ramadhan", "Hendrik", "Dedy", "Bonar", "Ferry"),
              ("Siregar", "Nasution", "Simanjuntak", "Sitompul", "Lubis", "Harahap", "Sinaga", "Tambunan")),
    "kalimantan": (("Rahmat", "Syahrul", "Yusuf", "Ardiansyah", "Hendra", "Junaidi", "Taufik"),
                   ("Effendi", "Saputra", "Rahman", "Maulana", "Hakim", "Firdaus")),
    "bali": (("I Made", "I Wayan", "I Ketut", "I Nyoman", "I Gede", "I Putu", "Ni Luh", "Ni Made"),
             ("Sudarsana", "Suarjana", "Wirawan", "Artana", "Mahendra", "Adnyana", "Sukadana")),
    "sasak": (("Lalu", "Baiq", "Lalu Muhammad", "Zainal", "Saiful", "Harun"),
              ("Ahyar", "Hamdani", "Fathurrahman", "Bahri", "Suryadi", "Hasbullah")),
    "timor": (("Yohanes", "Fransiskus", "Marthen", "Yosef", "Agustinus", "Stefanus"),
              ("Nenobais", "Bessie", "Manafe", "Tefa", "Mau", "Seran", "Lake")),
    "bugis": (("Andi", "Muhammad", "Syamsul", "Arifuddin", "Rusdi", "Haeruddin"),
              ("Makkasau", "Rasyid", "Mappaseng", "Lawa", "Amir", "Baso")),
    "maluku": (("Johanis", "Abdul", "Marcus", "Rudolf", "Ismail", "Samuel"),
               ("Pattiasina", "Latuconsina", "Tuhumury", "Salampessy", "Ternate", "Pelu", "Sangadji")),
    "papua": (("Yakobus", "Benyamin", "Nelson", "Matius", "Yance", "Petrus"),
              ("Wenda", "Kogoya", "Rumbiak", "Mansoben", "Wonda", "Yoku", "Kaisiepo")),
}

# Officers are often posted far from home, so mix in a national pool for senior ranks.
NATIONAL_NAMES = NAME_POOLS["jawa"]

DEGREES = ("S.I.K.", "S.I.K., M.H.", "S.H., S.I.K.", "S.I.K., M.Si.", "S.H., M.H.", "S.I.K., M.M.")

RESIDENT_ROLES = ("Ketua RT", "Ketua RW", "Kepala Desa", "tokoh masyarakat", "tokoh agama",
                  "warga", "pedagang", "Ketua Karang Taruna")
