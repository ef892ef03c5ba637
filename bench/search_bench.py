"""Search speed at archive scale: our Whoosh-based search against SQLite FTS5, same run.

Builds an archive of N generated articles (the replica's generator: its vocabulary, programs,
Polda/Polres and dates; bodies 300-800 words; about 2% syndicated copies), indexes it with
``search.indexer.rebuild`` (build rate), loads the same documents into SQLite FTS5, then times
warm, in-process, 40 queries per kind on both engines, each answering the same question
(exact total + top 10, and facet counts for ``facets``):

    word                one word
    and3                three words, all required
    phrase              a two-word phrase
    program_only        empty query, one program filter, newest first
    words_region_dates  two words + a Polda + a six-month range
    facets              a broad word with counts by program, polda, polres, site and month

plus the wall time of a cold ``humas search`` process, the index size and peak memory. Prints a
table, then one JSON line: {"docs", "build_docs_per_s", "p50_ms", "p95_ms", "fts5_p95_ms",
"cold_cli_s", "index_mb", "peak_rss_mb"}.

    python bench/search_bench.py [--docs 100000] [--queries 40] [--procs N] [--keep DIR]

FTS5 gets no Indonesian stemming (it has none); it uses unicode61 with diacritics removed. Its
queries are written the way a careful SQLite user would (the match first, then the joins; the
match set computed once for the facets), so the ratios compare against FTS5 at its best.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = ("word", "and3", "phrase", "program_only", "words_region_dates", "facets")
MIN_WORDS, MAX_WORDS = 300, 800


def progress(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# -- the corpus ------------------------------------------------------------------------------
def articles(n: int):
    """(title, text, published, programs, polda, polres, site, author) per article."""
    from replica.content.generator import generate

    for i in range(n):
        a = generate("bench", i)
        rng = random.Random(i)
        paras = list(a.paragraphs)
        target = rng.randrange(MIN_WORDS, MAX_WORDS + 1)
        j = 0
        while sum(len(p.split()) for p in paras) < target:
            extra = generate("bench-extra", i * 7 + j, spec=None).paragraphs
            paras[-1:-1] = extra[1:-1] or extra
            j += 1
        words = " ".join(paras).split()[:target]
        site = f"{a.polres.lower().replace(' ', '-')}-{rng.randrange(3)}"
        yield (a.title, " ".join(words), a.published, a.programs, a.polda, a.polres, site,
               a.author)


def build_archive(db_url: str, n: int):
    from sqlalchemy import insert

    from archive.models import Article, Site
    from archive.store import ArchiveStore, content_hash

    store = ArchiveStore(db_url)
    site_ids: dict[str, int] = {}
    rows, docs = [], []
    now = datetime.now(UTC)
    rng = random.Random(42)
    with store.Session.begin() as s:
        for i, (title, text, pub, programs, polda, polres, site, author) in enumerate(
                articles(n), start=1):
            if site not in site_ids:
                site_ids[site] = s.execute(insert(Site).values(
                    name=site, url=f"http://{site}.example/", first_seen=now)
                    .returning(Site.id)).scalar_one()
            dup = None
            if i > 10 and rng.random() < 0.02:  # a syndicated copy of an earlier article
                dup = rng.randrange(1, i)
                title, text, pub, programs, polda, polres = docs[dup - 1][:6]
            url = f"http://{site}.example/{pub:%Y/%m/%d}/berita-{i}/"
            rows.append(dict(
                id=i, url=url, fetched_url=url, site_id=site_ids[site], title=title,
                author=author, published=pub, published_offset=int(
                    pub.utcoffset().total_seconds() // 60), text=text,
                content_hash=content_hash(title, text), status="live", programs=programs,
                polda=polda, polres=polres, kabupaten_kota=[], officials=[], duplicate_of=dup,
                first_seen=now, last_seen=now, last_modified=now, versions=1,
                categories=[], tags=[], regions_mentioned=[], event_dates=[], evidence=[]))
            docs.append((title, text, pub, programs, polda, polres, site))
            if len(rows) == 2000:
                s.execute(insert(Article), rows)
                rows = []
                progress(f"generated {i}/{n} articles")
        if rows:
            s.execute(insert(Article), rows)
    return store, docs


def build_fts(path: Path, docs) -> sqlite3.Connection:
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE VIRTUAL TABLE fts USING fts5(title, text, tokenize='unicode61 remove_diacritics 2');
        CREATE TABLE docs(id INTEGER PRIMARY KEY, polda TEXT, polres TEXT, site TEXT,
                          published TEXT, month TEXT);
        CREATE TABLE doc_programs(id INTEGER, program TEXT);
    """)
    for i, (title, text, pub, programs, polda, polres, site) in enumerate(docs, start=1):
        utc = pub.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
        con.execute("INSERT INTO fts(rowid, title, text) VALUES (?, ?, ?)", (i, title, text))
        con.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)",
                    (i, polda, polres, site, utc, pub.strftime("%Y-%m")))
        con.executemany("INSERT INTO doc_programs VALUES (?, ?)", [(i, p) for p in programs])
    con.executescript("""
        CREATE INDEX docs_polda ON docs(polda, published);
        CREATE INDEX docs_published ON docs(published);
        CREATE INDEX programs_program ON doc_programs(program, id);
        CREATE INDEX programs_id ON doc_programs(id);
    """)
    con.commit()
    return con


# -- the queries -----------------------------------------------------------------------------
def make_queries(docs, count: int) -> dict[str, list[dict]]:
    from search.analysis import indonesian_analyzer, stopwords

    stop = stopwords()
    ana = indonesian_analyzer()
    rng = random.Random(7)
    kept: dict[str, bool] = {}

    def meaningful(w: str) -> bool:
        if w not in kept:
            kept[w] = w.isalpha() and len(w) > 4 and any(True for _ in ana(w))
        return kept[w]

    def content_words(text):
        return [w for w in (x.strip(".,;:()\"“”").lower() for x in text.split())
                if meaningful(w)]

    freq: dict[str, int] = {}
    for d in docs[:2000]:
        for w in set(content_words(d[1])):
            freq[w] = freq.get(w, 0) + 1
    broad = sorted(freq, key=freq.get, reverse=True)[5:60]
    programs = sorted({p for d in docs for p in d[3]})
    out: dict[str, list[dict]] = {k: [] for k in KINDS}
    while min(len(v) for v in out.values()) < count:
        d = rng.choice(docs)
        words = content_words(d[0] + " " + d[1])
        if len(words) < 10:
            continue
        out["word"].append({"words": [rng.choice(words)]})
        out["and3"].append({"words": rng.sample(words, 3)})
        plain = d[1].split()
        k = rng.randrange(len(plain) - 1)
        pair = [w.strip(".,;:()\"“”").lower() for w in plain[k:k + 2]]
        if all(w.isalpha() and w not in stop and meaningful(w) for w in pair):
            out["phrase"].append({"phrase": pair})
        out["program_only"].append({"program": rng.choice(programs)})
        start = (d[2] - timedelta(days=rng.randrange(150))).date().replace(day=1)
        out["words_region_dates"].append({"words": rng.sample(words, 2), "polda": d[4],
                                          "since": start, "months": 6})
        out["facets"].append({"words": [rng.choice(broad)], "facets": True})
    return {k: v[:count] for k, v in out.items()}


def month_end(start, months: int):
    y, m = start.year + (start.month - 1 + months) // 12, (start.month - 1 + months) % 12 + 1
    return start.replace(year=y, month=m)


def ours(index_dir: Path, q: dict):
    from humas.options import WIB
    from search.query import Filters, run_search

    f = Filters()
    if "program" in q:
        f.programs = [q["program"]]
    if "polda" in q:
        f.polda = [q["polda"]]
        f.since = datetime.combine(q["since"], datetime.min.time(), WIB)
        f.until = datetime.combine(month_end(q["since"], q["months"]), datetime.min.time(), WIB)
    text = " ".join(q.get("words", [])) or (f'"{" ".join(q["phrase"])}"' if "phrase" in q else "")
    r = run_search(index_dir, text, f, limit=10, facets=q.get("facets", False),
                   show_duplicates=True)
    return r.total


# The match set is computed once per query into a temporary table, then counted per facet.
FACET_SQL = {
    "program": "SELECT p.program, count(*) FROM m CROSS JOIN doc_programs p ON p.id = m.id "
               "GROUP BY 1",
    "polda": "SELECT d.polda, count(*) FROM m CROSS JOIN docs d ON d.id = m.id GROUP BY 1",
    "polres": "SELECT d.polres, count(*) FROM m CROSS JOIN docs d ON d.id = m.id GROUP BY 1",
    "site": "SELECT d.site, count(*) FROM m CROSS JOIN docs d ON d.id = m.id GROUP BY 1",
    "month": "SELECT d.month, count(*) FROM m CROSS JOIN docs d ON d.id = m.id GROUP BY 1",
}


def fts5(con: sqlite3.Connection, q: dict):
    if "program" in q:
        total = con.execute("SELECT count(*) FROM doc_programs WHERE program = ?",
                            (q["program"],)).fetchone()[0]
        con.execute("SELECT d.id FROM doc_programs p JOIN docs d ON d.id = p.id "
                    "WHERE p.program = ? ORDER BY d.published DESC LIMIT 10",
                    (q["program"],)).fetchall()
        return total
    match = (f'"{" ".join(q["phrase"])}"' if "phrase" in q
             else " ".join(f'"{w}"' for w in q["words"]))
    where, args = "fts MATCH ?", [match]
    join = ""
    if "polda" in q:
        # CROSS JOIN keeps the full-text match as the outer loop: left to itself SQLite walks
        # the polda/date index and evaluates MATCH once per row (seconds per query at 100k).
        join = " CROSS JOIN docs d ON d.id = fts.rowid"
        since = datetime.combine(q["since"], datetime.min.time()) - timedelta(hours=7)
        until = datetime.combine(month_end(q["since"], q["months"]),
                                 datetime.min.time()) - timedelta(hours=7)
        where += " AND d.polda = ? AND d.published >= ? AND d.published < ?"
        args += [q["polda"], since.isoformat(), until.isoformat()]
    total = con.execute(f"SELECT count(*) FROM fts{join} WHERE {where}", args).fetchone()[0]
    con.execute(f"SELECT fts.rowid FROM fts{join} WHERE {where} "
                "ORDER BY bm25(fts, 2.5, 1.0) LIMIT 10", args).fetchall()
    if q.get("facets"):
        con.execute("DROP TABLE IF EXISTS temp.m")
        con.execute("CREATE TEMP TABLE m AS SELECT rowid AS id FROM fts WHERE fts MATCH ?",
                    [match])
        for sql in FACET_SQL.values():
            con.execute(sql).fetchall()
    return total


def timed(fn, queries) -> list[float]:
    for q in queries[:3]:  # warm the page cache and the process
        fn(q)
    out = []
    for q in queries:
        t = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - t) * 1000)
    return out


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def cold_cli(data_dir: Path, q: dict, runs: int = 3, region: bool = True) -> float:
    """Median wall time of a fresh ``humas search`` process: the words + region + date query
    a journalist types (``region=False`` leaves out --region, which loads the taxonomy)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUMAS_")}
    env.update(HUMAS_DATA_DIR=str(data_dir), HUMAS_SETTINGS_DIR=str(ROOT / "settings"),
               PYTHONPATH=str(ROOT))
    args = [sys.executable, "-m", "humas", "search", " ".join(q["words"]), "--format", "json",
            "--since", f"{q['since']:%Y-%m}"] + (["--region", q["polda"]] if region else [])
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def du_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--procs", type=int, default=None,
                    help="indexing processes (default: the cores, up to 4)")
    ap.add_argument("--keep", type=Path, help="build in DIR and keep it (reused if present)")
    args = ap.parse_args()

    from search.indexer import rebuild

    work = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    data_dir, index_dir = work, work / "index"
    reuse = args.keep and (work / "archive.db").exists() and index_dir.exists()
    try:
        if reuse:
            progress(f"reusing {work}")
            from archive.store import ArchiveStore
            store = ArchiveStore(f"sqlite:///{work / 'archive.db'}")
            docs = [(a.title, a.text, a.published.astimezone(
                __import__("datetime").timezone(timedelta(minutes=a.published_offset))),
                a.programs, a.polda, a.polres, a.site.name) for a in store.iter_articles()]
            build_rate = float("nan")
        else:
            t = time.perf_counter()
            store, docs = build_archive(f"sqlite:///{work / 'archive.db'}", args.docs)
            progress(f"archive of {len(docs)} articles in {time.perf_counter() - t:.0f} s")
            t = time.perf_counter()
            step, shown = max(1, args.docs // 20), [0]

            def indexed(i: int) -> None:  # workers report in batches: print each 5% crossed
                if i >= shown[0] + step or (i == args.docs and shown[0] < i):
                    shown[0] = i
                    progress(f"indexed {i}/{args.docs}")
            rebuild(index_dir, store, procs=args.procs, progress=indexed)
            build_s = time.perf_counter() - t
            build_rate = len(docs) / build_s
            progress(f"index built in {build_s:.0f} s ({build_rate:.0f} docs/s)")
        fts_path = work / "fts5.db"
        if fts_path.exists():
            fts_path.unlink()
        t = time.perf_counter()
        con = build_fts(fts_path, docs)
        progress(f"FTS5 built in {time.perf_counter() - t:.0f} s")
        queries = make_queries(docs, args.queries)
        p50, p95, f50, f95 = {}, {}, {}, {}
        for kind in KINDS:
            progress(f"timing {kind}")
            a = timed(lambda q: ours(index_dir, q), queries[kind])
            b = timed(lambda q: fts5(con, q), queries[kind])
            p50[kind], p95[kind] = round(pct(a, 50), 2), round(pct(a, 95), 2)
            f50[kind], f95[kind] = round(pct(b, 50), 2), round(pct(b, 95), 2)
        progress("timing a cold humas search process")
        cold = cold_cli(data_dir, queries["words_region_dates"][0])
        cold_plain = cold_cli(data_dir, queries["words_region_dates"][0], region=False)
        index_mb = du_mb(index_dir)
        peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print(f"\n{len(docs)} documents; build {build_rate:.0f} docs/s; index {index_mb:.0f} MB; "
          f"cold `humas search` {cold * 1000:.0f} ms ({cold_plain * 1000:.0f} ms without "
          f"--region); peak RSS {peak:.0f} MB\n")
    print(f"{'kind':<20} {'ours p50':>9} {'ours p95':>9} {'FTS5 p50':>9} {'FTS5 p95':>9} "
          f"{'p95 ratio':>10}")
    for kind in KINDS:
        ratio = p95[kind] / f95[kind] if f95[kind] else float("inf")
        print(f"{kind:<20} {p50[kind]:>9.2f} {p95[kind]:>9.2f} {f50[kind]:>9.2f} "
              f"{f95[kind]:>9.2f} {ratio:>9.2f}x")
    print("(ratio = ours / FTS5 at p95; below 1 means faster than FTS5)\n")
    print(json.dumps({"docs": len(docs), "build_docs_per_s": round(build_rate, 1),
                      "p50_ms": p50, "p95_ms": p95, "fts5_p95_ms": f95,
                      "cold_cli_s": round(cold, 3), "index_mb": round(index_mb, 1),
                      "peak_rss_mb": round(peak, 1)}))


if __name__ == "__main__":
    main()
