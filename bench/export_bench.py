"""Export and stats throughput over a large archive, and their peak memory.

Builds a synthetic archive of N articles (default 100,000; ~1,800-character Indonesian texts
with line breaks, programs, regions, officials, WIB/WITA/WIT dates, 2% syndicated copies)
directly in SQLite with bulk inserts, then times, each in its own process with its peak RSS
sampled from /proc:

- ``csv`` / ``jsonl`` / ``parquet``: every article straight from the database through the
  export row code (``archive.export.iter_rows`` with no ids: keyset pages by id), no index;
- ``csv-ids``: the same rows fetched by an explicit list of all N ids in publication order,
  which is the shape of the filtered path (``humas export`` hands ``run_search``'s ids over);
- ``stats``: ``archive.stats.count`` by program x month over all N articles;
- ``cli-filtered``: the real ``humas export --region Jatim --format csv`` and
  ``humas stats --by program --by month --region Jatim`` (search index + row code) on a
  smaller archive (default 5,000 articles) with a Whoosh index, because building an index over
  100,000 articles takes tens of minutes.

Prints a table and one JSON line per measurement.

    python bench/export_bench.py [--articles 100000] [--filtered-articles 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.procmem import PeakRSS  # noqa: E402

PROGRAMS = ["Cooling System", "Jumat Curhat", "Sambang", "Patroli Dialogis", "KRYD",
            "Operasi Ketupat", "Operasi Zebra", "Minggu Kasih", "Polisi RW"]
REGIONS = [("Polda Jawa Timur", "Polres Jember", "Kabupaten Jember", 7),
           ("Polda Jawa Timur", "Polres Malang", "Kabupaten Malang", 7),
           ("Polda Jawa Barat", "Polres Sukabumi", "Kabupaten Sukabumi", 7),
           ("Polda Bali", "Polresta Denpasar", "Kota Denpasar", 8),
           ("Polda Nusa Tenggara Timur", "Polres Kupang", "Kabupaten Kupang", 8),
           ("Polda Papua", "Polres Keerom", "Kabupaten Keerom", 9)]
WORDS = ["polres", "personel", "warga", "kegiatan", "patroli", "kamtibmas", "masyarakat", "desa", "kecamatan", "bhabinkamtibmas", "sambang", "dialogis", "pilkada", "kondusif", "tokoh", "agama", "imbauan", "keamanan", "ketertiban", "lalu", "lintas", "operasi", "kapolres", "kapolsek", "jajaran", "giat", "rutin", "malam", "hari", "pelaksanaan", "wilayah", "hukum", "setempat", "menyampaikan", "mengajak", "menjaga", "bersama"]


CPU_SECONDS: list[float] = []


def _text(rng: random.Random, polres: str) -> str:
    paras = []
    for _ in range(5):
        words = rng.choices(WORDS, k=55)
        paras.append(" ".join(words).capitalize() + ". Tabik, Sêlamat 👮.")
    return f"{polres.split()[-1].upper()} – " + "\n\n".join(paras)


def build(db: Path, n: int, seed: int = 7) -> None:
    """N articles (and their sites) with executemany inserts, 5,000 per transaction."""
    from sqlalchemy import insert

    from archive.models import Article, Site
    from archive.store import ArchiveStore

    store = ArchiveStore(f"sqlite:///{db}")
    rng = random.Random(seed)
    now = datetime(2025, 12, 1, tzinfo=UTC)
    with store.Session.begin() as s:
        s.execute(insert(Site), [{"id": i + 1, "name": f"polres-{i}", "url": f"https://p{i}.id/",
                                  "first_seen": now} for i in range(50)])
    start = datetime(2023, 1, 1, tzinfo=UTC)
    for lo in range(0, n, 5000):
        batch = []
        for i in range(lo, min(n, lo + 5000)):
            polda, polres, kab, hours = REGIONS[i % len(REGIONS)]
            published = (start + timedelta(minutes=rng.randrange(3 * 365 * 24 * 60)))
            progs = sorted(rng.sample(PROGRAMS, rng.choice((0, 1, 1, 2))))
            text = _text(rng, polres)
            batch.append({
                "id": i + 1, "url": f"https://p{i % 50}.id/{i}/", "fetched_url":
                f"https://p{i % 50}.id/{i}/", "site_id": i % 50 + 1,
                "title": f"{progs[0] if progs else 'Patroli'}, {polres} Jaga Kamtibmas {i}",
                "author": "Humas " + polres, "published": published,
                "published_offset": hours * 60, "text": text, "content_hash": f"h{i}",
                "status": "live", "first_seen": now, "last_seen": now, "last_modified": now,
                "versions": 1, "programs": progs, "polda": polda, "polres": polres,
                "kabupaten_kota": [kab], "regions_mentioned": [],
                "officials": [{"name": "Bayu Pratama", "rank": "AKBP", "position": "Kapolres"}],
                "event_dates": [published.astimezone(timezone(timedelta(hours=hours)))
                                .date().isoformat()],
                "categories": [], "tags": [], "evidence": [],
                "duplicate_of": i - 1 if i % 50 == 49 else None,
            })
        with store.Session.begin() as s:
            s.execute(insert(Article), batch)


def run_one(what: str, db: Path, out: Path) -> int:
    """Child process: one export or count; prints the row count."""
    from archive.export import iter_rows, write_csv, write_jsonl, write_parquet
    from archive.stats import count
    from archive.store import ArchiveStore

    store = ArchiveStore(f"sqlite:///{db}", create=False)
    if what == "stats":
        return count(store.Session, None, ["program", "month"]).total
    ids = None
    if what == "csv-ids":
        import sqlite3

        con = sqlite3.connect(db)
        ids = [r[0] for r in con.execute("select id from articles order by published")]
        con.close()
    rows = iter_rows(store.Session, ids, lists_as_json=what.startswith("csv"))
    if what == "parquet":
        return write_parquet(rows, out)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        return (write_jsonl if what == "jsonl" else write_csv)(rows, fh)


def measure(cmd: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and stdout of a child; its CPU seconds go to CPU_SECONDS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    with PeakRSS(proc.pid, interval=0.05) as mem:
        out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return time.perf_counter() - t0, mem.peak_mb, out.strip()


def filtered(tmp: Path, n: int) -> list[dict]:
    from archive.store import ArchiveStore
    from search.indexer import rebuild

    data = tmp / "filtered"
    data.mkdir()
    build(data / "archive.db", n)
    print(f"indexing {n} articles for the filtered path ...", file=sys.stderr, flush=True)
    rebuild(data / "index", ArchiveStore(f"sqlite:///{data / 'archive.db'}"),
            procs=min(4, os.cpu_count() or 1))
    env = {**os.environ, "HUMAS_DATA_DIR": str(data),
           "HUMAS_SETTINGS_DIR": str(ROOT / "settings")}
    humas = [sys.executable, "-m", "humas"]
    results = []
    for what, args in (("cli-filtered export csv", ["export", "--region", "Jatim", "--format",
                                                    "csv", "-o", str(tmp / "f.csv")]),
                       ("cli-filtered stats", ["stats", "--by", "program", "--by", "month",
                                               "--region", "Jatim", "--format", "json"])):
        seconds, peak, out = measure([*humas, *args], env)
        rows = _csv_rows(tmp / "f.csv") if "export" in what else json.loads(out)["total"]
        results.append({"what": what, "articles_in_archive": n, "rows": rows,
                        "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds),
                        "cpu_seconds": round(CPU_SECONDS[-1], 2),
                        "rows_per_cpu_s": round(rows / CPU_SECONDS[-1]),
                        "peak_rss_mb": round(peak, 1)})
    return results


def _csv_rows(path: Path) -> int:
    import csv

    with open(path, encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--filtered-articles", type=int, default=5_000)
    ap.add_argument("--run", nargs=3, metavar=("WHAT", "DB", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        print(run_one(args.run[0], Path(args.run[1]), Path(args.run[2])))
        return
    results = []
    with tempfile.TemporaryDirectory(prefix="humas-export-bench-") as d:
        tmp = Path(d)
        db = tmp / "archive.db"
        t0 = time.perf_counter()
        build(db, args.articles)
        print(f"built {args.articles} articles in {time.perf_counter() - t0:.1f} s "
              f"({db.stat().st_size / 2**20:.0f} MB)", file=sys.stderr, flush=True)
        for what, suffix in (("csv", "csv"), ("jsonl", "jsonl"), ("parquet", "parquet"),
                             ("csv-ids", "csv"), ("stats", "txt")):
            out = tmp / f"out.{suffix}"
            seconds, peak, printed = measure([sys.executable, __file__, "--run", what,
                                              str(db), str(out)])
            rows = int(printed)
            size = out.stat().st_size / 2**20 if out.exists() else 0
            results.append({"what": what, "articles_in_archive": args.articles, "rows": rows,
                            "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds),
                            "cpu_seconds": round(CPU_SECONDS[-1], 2),
                            "rows_per_cpu_s": round(rows / CPU_SECONDS[-1]),
                            "peak_rss_mb": round(peak, 1), "file_mb": round(size, 1)})
            print(json.dumps(results[-1]), file=sys.stderr, flush=True)
            out.unlink(missing_ok=True)
        if args.filtered_articles:
            results += filtered(tmp, args.filtered_articles)
    from rich.console import Console
    from rich.table import Table

    t = Table(title="Export throughput (whole process: start-up, reads, writes)")
    for col in ("what", "archive", "rows", "seconds", "rows/s", "rows/CPU s", "peak RSS MB"):
        t.add_column(col, justify="left" if col == "what" else "right")
    for r in results:
        t.add_row(r["what"], f"{r['articles_in_archive']:,}", f"{r['rows']:,}",
                  f"{r['seconds']:.1f}", f"{r['rows_per_s']:,}", f"{r['rows_per_cpu_s']:,}",
                  f"{r['peak_rss_mb']:.0f}")
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} CPUs: wall rates drop when other "
          "processes share the cores; rows per CPU second do not", file=sys.stderr)
    Console(stderr=True).print(t)
    for r in results:
        print(json.dumps(r))


if __name__ == "__main__":
    main()
