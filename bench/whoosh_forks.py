"""Benchmark and API probe for whichever ``whoosh`` distribution is importable.

Used to choose between whoosh 2.7.4 and its forks (whoosh-reloaded, whoosh3,
whoosh-ng, whoosh-novo, ...) on evidence. Standard library + ``whoosh`` only, so
it can be run unchanged inside a throwaway venv per candidate::

    python3 -m venv /tmp/wf/whoosh-reloaded
    /tmp/wf/whoosh-reloaded/bin/pip install whoosh-reloaded==2.7.5
    /tmp/wf/whoosh-reloaded/bin/python bench/whoosh_forks.py            # N=5000

What it does:

1. imports whoosh with a *fresh* bytecode cache (``sys.pycache_prefix`` is set
   to an empty temp dir) and records every warning, so compile-time
   ``invalid escape sequence`` warnings are seen even when pip already wrote
   ``.pyc`` files;
2. probes, on a small index, each part of the whoosh API that humas-archive
   uses and lists the gaps;
3. builds an index of N synthetic Indonesian police-news documents with a
   single writer and with ``procs=2``, reports docs/s and index size;
4. times (warm, 30 queries each) one word, three words AND, a two-word phrase,
   a KEYWORD filter on ``Every()`` sorted by date, a ``groupedby`` facet count
   on a broad OR query, and top-10 highlights;
5. prints a table and a final single JSON line.

By default the process pins itself to ONE cpu (``os.sched_setaffinity``) so it
can share a small machine: the ``procs=2`` figure then measures the
multiprocess writer's code path and overhead, not a parallel speed-up. Pass
``--all-cpus`` to let the two writer processes run on two cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import shutil
import sys
import tempfile
import time
import warnings

# ---------------------------------------------------------------------------
# Import whoosh with a fresh bytecode cache and record warnings.
# ---------------------------------------------------------------------------

_PYC_DIR = tempfile.mkdtemp(prefix="wf-pyc-")
sys.pycache_prefix = _PYC_DIR  # force recompilation -> compile-time warnings show

IMPORT_WARNINGS: list[str] = []
with warnings.catch_warnings(record=True) as _caught:
    warnings.simplefilter("always")
    import whoosh  # noqa: E402
    import whoosh.analysis  # noqa: E402
    import whoosh.fields  # noqa: E402
    import whoosh.highlight  # noqa: E402
    import whoosh.index  # noqa: E402
    import whoosh.qparser  # noqa: E402
    import whoosh.query  # noqa: E402
    import whoosh.sorting  # noqa: E402
    import whoosh.writing  # noqa: E402
for _w in _caught:
    IMPORT_WARNINGS.append(
        f"{_w.category.__name__}: {_w.message} ({os.path.basename(str(_w.filename))}:{_w.lineno})"
    )

from whoosh import analysis, fields, index, qparser, query, sorting, writing  # noqa: E402

# ---------------------------------------------------------------------------
# Synthetic Indonesian police-news corpus
# ---------------------------------------------------------------------------


def _wordlist(text: str) -> list[str]:
    return text.split()


STOPWORDS = frozenset(
    _wordlist(
        """yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan juga
    oleh sebagai telah sudah bahwa atau karena saat serta agar para kami kita ia
    mereka tersebut hal lebih masih bisa dapat ada hari kepada setelah"""
    )
)

BASE_WORDS = _wordlist(
    """
polisi polri polda polres polsek kapolda kapolres kapolsek kasat reskrim satlantas
lalu lintas personel anggota bhabinkamtibmas brimob sabhara intelkam humas kabid
kasubbid iptu ipda aiptu bripka brigpol briptu bripda akbp kompol irjen brigjen
kombes jenderal kapolri wakapolda wakapolres penyidik tersangka pelaku korban saksi
barang bukti penangkapan penyidikan penyelidikan laporan pengaduan masyarakat warga
tokoh agama pemuda adat pemerintah daerah bupati wali kota gubernur camat lurah
kepala desa tni kodim koramil babinsa sinergi kolaborasi patroli pengamanan
penjagaan pengaturan operasi ketupat lilin zebra patuh sikat pekat antik narkoba
sabu ganja ekstasi pengedar bandar kurir curanmor curas curat pencurian pembunuhan
penganiayaan penipuan penggelapan judi online togel premanisme tawuran begal
kecelakaan tabrakan sepeda motor mobil truk bus jalan raya tol simpang arus mudik
balik libur lebaran natal tahun baru kamtibmas kondusif aman tertib damai pemilu
pilkada kampanye tps logistik surat suara rekapitulasi bawaslu kpu demonstrasi
unjuk rasa mahasiswa buruh aspirasi vaksinasi covid protokol kesehatan masker bansos
sembako beras bantuan sosial bakti kesehatan donor darah khitanan massal sunatan
jumat curhat minggu kasih presisi prediktif responsibilitas transparansi berkeadilan
pelayanan publik spkt sim stnk bpkb samsat tilang etle kamera elektronik pelanggaran
helm sabuk keselamatan sosialisasi edukasi penyuluhan sekolah siswa guru pesantren
santri ulama masjid gereja pura vihara ibadah toleransi kerukunan umat silaturahmi
bencana banjir longsor gempa kebakaran hutan lahan evakuasi posko pengungsi relawan
sar basarnas bpbd dapur umum distribusi air bersih tenda pengobatan gratis
upacara apel gelar pasukan hut bhayangkara kenaikan pangkat mutasi jabatan
sertijab penghargaan prestasi lomba olahraga sepak bola turnamen piala kapolres
dirreskrimum dirreskrimsus dirresnarkoba ditlantas ditsamapta ditbinmas bidpropam
propam disiplin kode etik sidang pengadilan kejaksaan jaksa hakim vonis pidana
penjara pasal undang denda rehabilitasi restorative justice mediasi perdamaian
cybercrime hoaks ujaran kebencian media sosial akun video viral klarifikasi
konferensi pers rilis ungkap kasus jaringan internasional sindikat gudang pabrik
tambang ilegal minyak solar bbm subsidi penimbunan pupuk harga pasar inflasi
ketahanan pangan jagung panen petani nelayan perairan polairud kapal dermaga
pelabuhan bandara terminal stasiun kereta penumpang pemudik rest area pos pantau
pelayanan terpadu ganjil genap rekayasa contraflow one way kemacetan kepadatan
"""
)

PROGRAMS = [
    "presisi",
    "jumat-curhat",
    "minggu-kasih",
    "operasi-ketupat",
    "operasi-lilin",
    "operasi-zebra",
    "operasi-patuh",
    "vaksinasi",
    "bansos",
    "kamtibmas",
    "lalu-lintas",
    "narkoba",
    "pemilu-damai",
    "bakti-kesehatan",
    "polisi-sahabat-anak",
    "ketahanan-pangan",
    "cyber-patrol",
    "restorative-justice",
]
POLDA = {
    "metro-jaya": [
        "jakarta-pusat",
        "jakarta-selatan",
        "jakarta-barat",
        "bekasi-kota",
        "depok",
        "tangerang-kota",
    ],
    "jabar": ["bogor", "bandung", "cirebon", "garut", "karawang", "sukabumi"],
    "jateng": ["semarang", "solo", "banyumas", "kudus", "magelang", "pati"],
    "jatim": ["surabaya", "malang", "sidoarjo", "kediri", "jember", "banyuwangi"],
    "sumut": ["medan", "deli-serdang", "binjai", "simalungun", "asahan"],
    "bali": ["denpasar", "badung", "gianyar", "buleleng", "tabanan"],
    "sulsel": ["makassar", "gowa", "bone", "maros", "pinrang"],
    "kaltim": ["samarinda", "balikpapan", "kutai-kartanegara", "bontang"],
    "papua": ["jayapura", "mimika", "merauke", "nabire"],
    "aceh": ["banda-aceh", "aceh-besar", "lhokseumawe", "bireuen"],
    "riau": ["pekanbaru", "kampar", "dumai", "bengkalis"],
    "ntb": ["mataram", "lombok-barat", "bima", "sumbawa"],
}


def build_vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    """Stopwords first (most frequent), then base words, then derived forms."""
    words: list[str] = list(sorted(STOPWORDS))
    base = list(dict.fromkeys(BASE_WORDS))
    rng.shuffle(base)
    words += base
    seen = set(words)
    prefixes = ["di", "me", "pe", "ber", "ter", "ke"]
    suffixes = ["kan", "an", "nya", "i", "lah"]
    while len(words) < size:
        w = rng.choice(base)
        form = rng.choice(
            (
                rng.choice(prefixes) + w,
                w + rng.choice(suffixes),
                rng.choice(prefixes) + w + rng.choice(suffixes),
            )
        )
        if form not in seen:
            seen.add(form)
            words.append(form)
    return words


class Corpus:
    def __init__(self, n: int, seed: int = 20240601, zipf_s: float = 1.07):
        self.rng = random.Random(seed)
        self.vocab = build_vocabulary(self.rng)
        weights = [1.0 / (r**zipf_s) for r in range(1, len(self.vocab) + 1)]
        acc, cum = 0.0, []
        for w in weights:
            acc += w
            cum.append(acc)
        self.cum = cum
        self.n = n
        self.poldas = list(POLDA)
        self.start = dt.datetime(2019, 1, 1)
        self.span_s = int((dt.datetime(2025, 12, 31) - self.start).total_seconds())

    def words(self, k: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=k)

    def docs(self) -> list[dict]:
        out = []
        rng = self.rng
        for i in range(self.n):
            polda = rng.choice(self.poldas)
            polres = rng.choice(POLDA[polda])
            title = " ".join(self.words(rng.randint(8, 14))).capitalize()
            text = " ".join(self.words(rng.randint(300, 800)))
            out.append(
                {
                    "id": f"doc-{i:06d}",
                    "url": f"https://humas.example/{polda}/{polres}/{i}",
                    "title": title,
                    "text": text,
                    "program": ",".join(rng.sample(PROGRAMS, rng.randint(1, 3))),
                    "polda": polda,
                    "polres": polres,
                    "published": self.start + dt.timedelta(seconds=rng.randrange(self.span_s)),
                    "views": rng.randrange(0, 100_000),
                }
            )
        return out


# ---------------------------------------------------------------------------
# Schema with a custom analyzer (RegexTokenizer | Lowercase | Stop | custom)
# ---------------------------------------------------------------------------


class NyaSuffixFilter(analysis.Filter):
    """Strip the Indonesian possessive/definite suffix '-nya' (``kasusnya`` -> ``kasus``)."""

    def __init__(self, minlen: int = 6):
        self.minlen = minlen

    def __call__(self, tokens):
        minlen = self.minlen
        for t in tokens:
            text = t.text
            if len(text) >= minlen and text.endswith("nya"):
                t.text = text[:-3]
            yield t


def make_analyzer():
    return (
        analysis.RegexTokenizer(r"\w+(?:-\w+)*")
        | analysis.LowercaseFilter()
        | analysis.StopFilter(stoplist=STOPWORDS, minsize=2)
        | NyaSuffixFilter()
    )


def make_schema():
    ana = make_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        url=fields.STORED(),
        title=fields.TEXT(analyzer=ana, stored=True, field_boost=2.0),
        text=fields.TEXT(analyzer=ana, stored=True),
        program=fields.KEYWORD(stored=True, commas=True, lowercase=True),
        polda=fields.KEYWORD(stored=True, lowercase=True),
        polres=fields.KEYWORD(stored=True, lowercase=True),
        published=fields.DATETIME(stored=True, sortable=True),
        views=fields.NUMERIC(int, stored=True, sortable=True),
    )


# ---------------------------------------------------------------------------
# API probe
# ---------------------------------------------------------------------------


def probe_api(docs: list[dict]) -> tuple[list[str], list[str]]:
    """Exercise every API humas-archive uses on a small index. Returns (ok, gaps)."""
    ok: list[str] = []
    gaps: list[str] = []
    tmp = tempfile.mkdtemp(prefix="wf-api-")
    state: dict = {}

    def check(name, fn):
        try:
            res = fn()
            if res is False:
                raise AssertionError("returned False")
            ok.append(name)
        except Exception as e:  # noqa: BLE001 - we want to record any failure
            gaps.append(f"{name}: {type(e).__name__}: {str(e)[:120]}")

    small = docs[:200]

    def _content(d):
        return [w for w in d["text"].split() if w not in STOPWORDS and not w.endswith("nya")]

    def t_schema():
        state["schema"] = make_schema()
        for n in ("id", "title", "text", "program", "published", "views", "url"):
            assert n in state["schema"].names()
        assert (
            state["schema"]["published"].sortable_typecode is not None
            or getattr(state["schema"]["published"], "column_type", None) is not None
        )

    def t_analyzer():
        toks = [t.text for t in make_analyzer()("Kapolres dan anggotanya di Polres-Bogor")]
        assert toks == ["kapolres", "anggota", "polres-bogor"], toks

    def t_create():
        state["ix"] = index.create_in(tmp, state["schema"])
        assert index.exists_in(tmp)

    def t_writer_limitmb_compound():
        w = state["ix"].writer(limitmb=32)
        for d in small[:100]:
            w.add_document(**d)
        w.commit(merge=False)
        w = state["ix"].writer(limitmb=32, compound=False)
        for d in small[100:150]:
            w.add_document(**d)
        w.commit(merge=False)
        assert len(state["ix"]._segments()) >= 2
        names = set(os.listdir(tmp))
        assert not all(n.endswith((".seg", ".toc", "_LOCK")) for n in names)

    def t_procs():
        d2 = tempfile.mkdtemp(prefix="wf-api-mp-")
        try:
            ix2 = index.create_in(d2, state["schema"])
            w = ix2.writer(procs=2, limitmb=16)
            for d in small[:60]:
                w.add_document(**d)
            w.commit()
            assert ix2.doc_count() == 60, ix2.doc_count()
            ix2.close()
        finally:
            shutil.rmtree(d2, ignore_errors=True)

    def t_asyncwriter():
        w = writing.AsyncWriter(state["ix"])
        for d in small[150:200]:
            w.add_document(**d)
        w.commit()
        assert state["ix"].doc_count() == 200, state["ix"].doc_count()

    def t_update():
        w = state["ix"].writer()
        d = dict(small[0])
        d["title"] = "Judul diperbarui khusus zzupdatedzz"
        w.update_document(**d)
        w.commit()
        with state["ix"].searcher() as s:
            assert s.doc_count() == 200
            assert s.document(id=small[0]["id"])["title"].endswith("zzupdatedzz")

    def t_delete():
        w = state["ix"].writer()
        n = w.delete_by_term("id", small[1]["id"])
        w.commit()
        assert state["ix"].doc_count() == 199, (n, state["ix"].doc_count())

    def t_optimize():
        w = state["ix"].writer()
        w.commit(optimize=True)
        assert len(state["ix"]._segments()) == 1

    def t_search_full():
        schema = state["schema"]
        polda = small[5]["polda"]
        with state["ix"].searcher() as s:
            q = qparser.QueryParser("text", schema).parse(_content(small[5])[0])
            r = s.search(
                q,
                filter=query.Term("polda", polda),
                sortedby=sorting.FieldFacet("published", reverse=True),
                groupedby=sorting.FieldFacet("polres"),
                limit=20,
            )
            assert len(r) >= 1
            assert all(h["polda"] == polda for h in r)
            dates = [h["published"] for h in r]
            assert dates == sorted(dates, reverse=True)
            assert r.groups("polres")
            r2 = s.search(query.Every(), sortedby="views", limit=5)
            views = [h["views"] for h in r2]
            assert r2.scored_length() == 5 and views == sorted(views), views

    def t_keyterms_highlights():
        with state["ix"].searcher() as s:
            w = _content(small[7])[3]
            q = qparser.QueryParser("text", state["schema"]).parse(w)
            r = s.search(q, limit=10)
            kt = list(r.key_terms("text", docs=5, numterms=5))
            assert kt
            assert any(h.highlights("text") for h in r)

    def t_parsers():
        schema = state["schema"]
        p = qparser.MultifieldParser(["title", "text"], schema, group=qparser.OrGroup.factory(0.9))
        q = p.parse("polisi patroli")
        assert isinstance(q, query.Or) or "Or" in type(q).__name__ or q is not None
        p.add_plugin(qparser.FuzzyTermPlugin())
        fq = p.parse("patroIi~1")
        assert "Fuzzy" in repr(fq), repr(fq)
        with state["ix"].searcher() as s:
            assert len(s.search(fq, limit=5)) > 0

    def t_phrase():
        words = _content(small[9])
        q = qparser.QueryParser("text", state["schema"]).parse(f'"{words[0]} {words[1]}"')
        assert isinstance(q, query.Phrase), repr(q)
        with state["ix"].searcher() as s:
            r = s.search(q, limit=10)
            assert small[9]["id"] in [h["id"] for h in r], "phrase did not match its source doc"
            assert any(h.highlights("text") for h in r)

    checks = [
        ("fields Schema/TEXT/ID/KEYWORD/DATETIME(sortable)/STORED/NUMERIC", t_schema),
        ("analyzer RegexTokenizer|LowercaseFilter|StopFilter|custom Filter", t_analyzer),
        ("index.create_in/exists_in", t_create),
        ("writer(limitmb=) + compound=False + commit(merge=False)", t_writer_limitmb_compound),
        ("writer(procs=2, limitmb=)", t_procs),
        ("whoosh.writing.AsyncWriter", t_asyncwriter),
        ("update_document", t_update),
        ("delete_by_term", t_delete),
        ("commit(optimize=True)", t_optimize),
        ("search(filter=, sortedby=, groupedby=, limit=)", t_search_full),
        ("results.key_terms + hit.highlights", t_keyterms_highlights),
        ("QueryParser/MultifieldParser + OrGroup + FuzzyTermPlugin", t_parsers),
        ("phrase query (parse, search, highlight)", t_phrase),
    ]
    deps = {
        "index.create_in/exists_in": "fields Schema/TEXT/ID/KEYWORD/DATETIME(sortable)/STORED/NUMERIC"
    }
    for name, fn in checks:
        if name in deps and any(g.startswith(deps[name]) for g in gaps):
            gaps.append(f"{name}: skipped (depends on failed check)")
            continue
        check(name, fn)
    if "ix" in state:
        state["ix"].close()
    shutil.rmtree(tmp, ignore_errors=True)
    return ok, gaps


# ---------------------------------------------------------------------------
# Benchmark
# ---------------------------------------------------------------------------


def dir_mb(path: str) -> float:
    total = 0
    for root, _dirs, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total / (1024 * 1024)


def build(path: str, docs: list[dict], procs: int, limitmb: int) -> float:
    ix = index.create_in(path, make_schema())
    t0 = time.perf_counter()
    w = ix.writer(procs=procs, limitmb=limitmb) if procs > 1 else ix.writer(limitmb=limitmb)
    for d in docs:
        w.add_document(**d)
    w.commit()
    elapsed = time.perf_counter() - t0
    assert ix.doc_count() == len(docs), (ix.doc_count(), len(docs))
    ix.close()
    return elapsed


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    k = max(0, min(len(s) - 1, math.ceil(p / 100.0 * len(s)) - 1))
    return s[k]


def make_queries(corpus: Corpus, docs: list[dict], nq: int) -> dict[str, list]:
    rng = random.Random(7)
    content = [w for w in corpus.vocab if w not in STOPWORDS]
    mid = content[10:400]  # mid-frequency words: realistic, non-trivial posting lists

    def content_words(d):
        return [w for w in d["text"].split() if w not in STOPWORDS and not w.endswith("nya")]

    one = [rng.choice(mid) for _ in range(nq)]
    three = []
    for _ in range(nq):
        ws = content_words(rng.choice(docs))
        three.append(" ".join(rng.sample(ws, 3)))
    phrase = []
    for _ in range(nq):
        ws = content_words(rng.choice(docs))
        i = rng.randrange(len(ws) - 1)
        phrase.append(f'"{ws[i]} {ws[i + 1]}"')
    filt = [rng.choice(list(POLDA)) for _ in range(nq)]
    broad = [" ".join(rng.sample(content[:40], 2)) for _ in range(nq)]
    hl = [rng.choice(mid) for _ in range(nq)]
    return {
        "one_word": one,
        "three_and": three,
        "phrase": phrase,
        "filter_every": filt,
        "groupedby": broad,
        "highlight10": hl,
    }


def run_queries(ixdir: str, qs: dict[str, list]) -> dict[str, dict]:
    ix = index.open_dir(ixdir)
    schema = ix.schema
    text_p = qparser.QueryParser("text", schema)  # default AndGroup
    broad_p = qparser.MultifieldParser(
        ["title", "text"], schema, group=qparser.OrGroup.factory(0.9)
    )
    newest = sorting.FieldFacet("published", reverse=True)
    by_polda = sorting.FieldFacet("polda")
    out: dict[str, dict] = {}
    with ix.searcher() as s:

        def one(kind, qtext):
            if kind in ("one_word", "three_and", "phrase"):
                r = s.search(text_p.parse(qtext), limit=10)
                _ = [h["id"] for h in r]
                return r.estimated_length() if kind != "phrase" else len(r)
            if kind == "filter_every":
                r = s.search(
                    query.Every(), filter=query.Term("polda", qtext), sortedby=newest, limit=20
                )
                _ = [h["id"] for h in r]
                return len(r)
            if kind == "groupedby":
                r = s.search(broad_p.parse(qtext), groupedby=by_polda, limit=10)
                g = r.groups("polda")
                return sum(len(v) for v in g.values())
            if kind == "highlight10":
                r = s.search(text_p.parse(qtext), limit=10)
                hs = [h.highlights("text") for h in r]
                return sum(1 for h in hs if h)
            raise ValueError(kind)

        for kind, texts in qs.items():
            try:
                for qt in texts:  # warm-up pass (caches, column readers, posting pages)
                    one(kind, qt)
                times, hits = [], []
                for qt in texts:
                    t0 = time.perf_counter()
                    hits.append(one(kind, qt))
                    times.append((time.perf_counter() - t0) * 1000.0)
            except Exception as e:  # noqa: BLE001 - a failing query kind is a finding
                out[kind] = {"error": f"{type(e).__name__}: {str(e)[:120]}"}
                continue
            out[kind] = {
                "p50_ms": round(pct(times, 50), 3),
                "p95_ms": round(pct(times, 95), 3),
                "mean_hits": round(sum(hits) / len(hits), 1),
            }
    ix.close()
    return out


def distribution_name() -> str:
    try:
        from importlib.metadata import packages_distributions

        return ",".join(packages_distributions().get("whoosh", [])) or "?"
    except Exception:  # noqa: BLE001
        return "?"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--docs", type=int, default=5000, help="number of synthetic documents")
    ap.add_argument("-q", "--queries", type=int, default=30, help="queries per kind")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--limitmb", type=int, default=128, help="writer limitmb (split across procs)")
    ap.add_argument("--no-procs", action="store_true", help="skip the procs=2 build")
    ap.add_argument("--all-cpus", action="store_true", help="do not pin to one cpu")
    ap.add_argument("--keep", action="store_true", help="keep the temp index dir")
    args = ap.parse_args(argv)

    pinned = None
    if not args.all_cpus and hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        pinned = cpu

    runtime_warnings: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t_all = time.perf_counter()
        corpus = Corpus(args.docs, seed=args.seed)
        docs = corpus.docs()
        words = sum(len(d["text"].split()) + len(d["title"].split()) for d in docs)
        api_ok, api_gaps = probe_api(docs)

        work = tempfile.mkdtemp(prefix="wf-bench-")
        try:
            single_dir = os.path.join(work, "single")
            os.mkdir(single_dir)
            t_single = build(single_dir, docs, procs=1, limitmb=args.limitmb)
            index_mb = dir_mb(single_dir)
            t_mp = None
            mp_error = None
            if not args.no_procs:
                mp_dir = os.path.join(work, "procs2")
                os.mkdir(mp_dir)
                try:
                    t_mp = build(mp_dir, docs, procs=2, limitmb=max(16, args.limitmb // 2))
                except Exception as e:  # noqa: BLE001
                    mp_error = f"{type(e).__name__}: {e}"[:200]
                shutil.rmtree(mp_dir, ignore_errors=True)
            qs = make_queries(corpus, docs, args.queries)
            qres = run_queries(single_dir, qs)
        finally:
            if args.keep:
                print(f"index kept in {work}", file=sys.stderr)
            else:
                shutil.rmtree(work, ignore_errors=True)
        total_s = time.perf_counter() - t_all
    for w in caught:
        runtime_warnings.append(
            f"{w.category.__name__}: {w.message} ({os.path.basename(str(w.filename))}:{w.lineno})"
        )
    shutil.rmtree(_PYC_DIR, ignore_errors=True)

    for kind, r in qres.items():
        if "error" in r:
            api_gaps.append(f"benchmark query '{kind}': {r['error']}")
    version = getattr(whoosh, "__version__", None)
    version_s = ".".join(str(p) for p in version) if isinstance(version, tuple) else str(version)
    result = {
        "dist": distribution_name(),
        "whoosh_version": version_s,
        "python": platform.python_version(),
        "n_docs": args.docs,
        "words": words,
        "pinned_cpu": pinned,
        "import_warnings": len(IMPORT_WARNINGS),
        "runtime_warnings": len(runtime_warnings),
        "api_gaps": api_gaps,
        "build_single_docs_s": round(args.docs / t_single, 1),
        "build_procs2_docs_s": round(args.docs / t_mp, 1) if t_mp else None,
        "procs2_error": mp_error,
        "index_mb": round(index_mb, 2),
        "queries": qres,
        "total_s": round(total_s, 1),
    }

    print(
        f"whoosh {version_s} ({result['dist']}) on Python {result['python']}, "
        f"N={args.docs} docs / {words} words, cpu pinned={pinned}"
    )
    print(f"import warnings: {len(IMPORT_WARNINGS)}")
    for w in IMPORT_WARNINGS[:10]:
        print(f"   {w}")
    print(f"runtime warnings: {len(runtime_warnings)}")
    for w in sorted(set(runtime_warnings))[:10]:
        print(f"   {w}")
    print(f"API ok: {len(api_ok)}   gaps: {len(api_gaps)}")
    for g in api_gaps:
        print(f"   GAP {g}")
    print(f"build single writer : {result['build_single_docs_s']:>9} docs/s")
    mp_s = result["build_procs2_docs_s"] if t_mp else (mp_error or "skipped")
    print(f"build procs=2       : {mp_s:>9} docs/s")
    print(f"index size          : {result['index_mb']:>9} MB")
    print(f"{'query kind':<14}{'p50 ms':>10}{'p95 ms':>10}{'mean hits':>12}")
    for kind, r in qres.items():
        if "error" in r:
            print(f"{kind:<14}  ERROR {r['error']}")
        else:
            print(f"{kind:<14}{r['p50_ms']:>10.2f}{r['p95_ms']:>10.2f}{r['mean_hits']:>12}")
    print(f"total {total_s:.1f}s")
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
