"""Crawl throughput: the real pipeline against plain trafilatura on the same pages.

Starts a large replica web (default 25 extra sites x 80 articles, plus the standard sites) in
its own process, crawls it with `humas crawl` (spider, extraction in worker processes,
tagging, storage) with politeness delays off, then times plain `trafilatura.extract` over the
same article HTML on one core. Crawl and trafilatura pass alternate, ``--repeat`` times
(default 3), and the medians are compared: this shared machine's speed drifts by a third
between minutes, and timing one side always after the other would hand the drift to it.
Prints every round, both median rates, their ratio,
where the CPU goes per article page (crawl process and workers, the replica server, a worker's
own share re-timed on one core), and one JSON line: {"pages", "pipeline_pages_per_s",
"trafilatura_pages_per_s", "ratio", "peak_rss_mb", "cpu_ms_per_page", "worker_ms_per_page",
"crawl_process_ms_per_page", "server_ms_per_page"}.

    python bench/crawl_bench.py [--extra-sites 25] [--articles-per-site 80] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.procmem import PeakRSS, process_cpu_s  # noqa: E402

# Politeness delays off (bench only); the index is built afterwards and timed on its own,
# because the pipeline is spider, extraction, tagging and storage.
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-s", "CONCURRENT_REQUESTS=64",
        "-s", "HUMAS_INDEX_ENABLED=False"]


def start_replica(tmp: Path, extra_sites: int, per_site: int) -> tuple[subprocess.Popen, Path]:
    sites = tmp / "sites.yaml"
    proc = subprocess.Popen(
        [sys.executable, "-m", "replica", "serve", "--sites-out", str(sites), "--prerender",
         "--extra-sites", str(extra_sites), "--articles-per-site", str(per_site)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in proc.stdout:
        if "ready" in line.lower():
            return proc, sites
    raise SystemExit("replica did not start")


def reindex(tmp: Path) -> float:
    env = {**os.environ, "HUMAS_DATA_DIR": str(tmp / "data")}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "humas", "reindex"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    return time.perf_counter() - t0


def crawl(tmp: Path, sites: Path) -> tuple[float, float, float, float]:
    """(wall seconds, peak RSS MB, CPU seconds of the crawl and its extraction workers,
    CPU seconds of the crawl process alone, sampled until shortly before it ended)."""
    env = {**os.environ, "HUMAS_DATA_DIR": str(tmp / "data")}
    cmd = [sys.executable, "-m", "humas", "crawl", "--sites", str(sites), *FAST]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    with PeakRSS(proc.pid) as mem:
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"crawl failed with exit code {proc.returncode}")
    # the workers are reaped by the crawl process, so their time is in its children's share
    return (time.perf_counter() - t0, mem.peak_mb, usage.ru_utime + usage.ru_stime,
            mem.own_cpu_s)


def process_cpu_ms(pages: list[bytes]) -> float:
    """CPU ms per page of what a worker does to an article (extract, tag, sign, compress)."""
    from archive import config
    from archive.process import init_worker, process_page

    init_worker(str(config.programs_path()), str(config.regions_path()))
    t0 = time.process_time()
    for body in pages:
        process_page(body, "utf-8", "http://127.0.0.1/berita/1/x")
    return (time.process_time() - t0) / len(pages) * 1000


def article_html(db: Path) -> list[bytes]:
    con = sqlite3.connect(db)
    rows = con.execute("select c.body_zlib from captures c join articles a "
                       "on a.id = c.article_id").fetchall()
    con.close()
    return [zlib.decompress(r[0]) for r in rows]


def trafilatura_rate(html: list[str]) -> float:
    """Pages per second of one pass of plain ``trafilatura.extract`` over ``html``, pinned to
    one core (the crawls run in child processes, which this affinity does not bind)."""
    import trafilatura

    cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cores)})
    try:
        t0 = time.perf_counter()
        for h in html:
            trafilatura.extract(h)
        return len(html) / (time.perf_counter() - t0)
    finally:
        os.sched_setaffinity(0, cores)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extra-sites", type=int, default=25)
    ap.add_argument("--articles-per-site", type=int, default=80)
    ap.add_argument("--repeat", type=int, default=3,
                    help="rounds of (crawl, trafilatura pass); medians are compared")
    args = ap.parse_args()
    if args.repeat < 1:
        raise SystemExit("--repeat must be at least 1")
    rounds = []  # (crawl seconds, peak MB, CPU s, crawl process CPU s, server CPU s, traf/s)
    with tempfile.TemporaryDirectory(prefix="humas-crawl-bench-") as d:
        tmp = Path(d)
        replica, sites = start_replica(tmp, args.extra_sites, args.articles_per_site)
        html: list[str] = []
        try:
            for i in range(args.repeat):
                run_dir = tmp / f"run{i}"
                print(f"round {i + 1}/{args.repeat}: crawling the replica ({sites}) ...",
                      file=sys.stderr, flush=True)
                served_before = process_cpu_s(replica.pid)
                seconds, peak, cpu, own_cpu = crawl(run_dir, sites)
                served = process_cpu_s(replica.pid) - served_before
                if not html:
                    pages = article_html(run_dir / "data" / "archive.db")
                    html = [p.decode("utf-8", "replace") for p in pages]
                print(f"round {i + 1}/{args.repeat}: plain trafilatura.extract over "
                      f"{len(html)} pages on one core ...", file=sys.stderr, flush=True)
                rounds.append((seconds, peak, cpu, own_cpu, served, trafilatura_rate(html)))
        finally:
            replica.terminate()
            replica.wait()
        index_s = reindex(tmp / "run0")
        worker_ms = process_cpu_ms(pages)
    report(len(pages), rounds, index_s, worker_ms)


def report(n: int, rounds: list[tuple], index_s: float, worker_ms: float) -> None:
    import statistics

    from rich.console import Console
    from rich.table import Table

    med = [statistics.median(r[k] for r in rounds) for k in range(6)]
    seconds, _, cpu, own_cpu, served, traf = med
    peak = max(r[1] for r in rounds)
    pipeline = n / seconds
    t = Table(title=f"Crawl throughput ({n} article pages; crawl and trafilatura alternate)")
    for col in ("round", "crawl s", "pipeline pages/s", "trafilatura pages/s (1 core)",
                "ratio"):
        t.add_column(col, justify="right")
    for i, r in enumerate(rounds, 1):
        t.add_row(str(i), f"{r[0]:.1f}", f"{n / r[0]:.1f}", f"{r[5]:.1f}",
                  f"{n / r[0] / r[5]:.2f}x")
    t.add_row("median", f"{seconds:.1f}", f"{pipeline:.1f}", f"{traf:.1f}",
              f"{pipeline / traf:.2f}x", style="bold")
    Console(stderr=True).print(t)
    print(f"ratio of the medians {pipeline / traf:.2f}x, peak RSS of a crawl {peak:.0f} MB; "
          f"building the search index afterwards: {index_s:.1f} s ({n / index_s:.0f} "
          f"articles/s)", file=sys.stderr)
    # Where the CPU goes, per article page: the pipeline can beat 1 core of trafilatura only
    # if everything it spends per page fits in 2 cores' worth of trafilatura's time.
    b = Table(title="CPU per article page (ms, medians), all processes of this machine")
    b.add_column("what")
    b.add_column("ms", justify="right")
    b.add_row("crawl process + extraction workers (measured)", f"{cpu / n * 1000:.1f}")
    b.add_row("  of which a worker's extract, tag, sign, compress (re-timed)", f"{worker_ms:.1f}")
    b.add_row("  the rest: Scrapy, links, storage, non-article pages, start-up",
              f"{cpu / n * 1000 - worker_ms:.1f}")
    b.add_row("  the crawl process alone (its reactor, threads and start-up)",
              f"{own_cpu / n * 1000:.1f}")
    b.add_row("replica web server (same machine)", f"{served / n * 1000:.1f}")
    b.add_row("plain trafilatura.extract", f"{1000 / traf:.1f}")
    b.add_row("budget for 1.0x on 2 cores (2 x trafilatura)", f"{2000 / traf:.1f}")
    Console(stderr=True).print(b)
    print(json.dumps({"pages": n, "pipeline_pages_per_s": round(pipeline, 2),
                      "trafilatura_pages_per_s": round(traf, 2),
                      "ratio": round(pipeline / traf, 3), "peak_rss_mb": round(peak, 1),
                      "rounds": len(rounds),
                      "ratios": [round(n / r[0] / r[5], 3) for r in rounds],
                      "cpu_ms_per_page": round(cpu / n * 1000, 2),
                      "worker_ms_per_page": round(worker_ms, 2),
                      "crawl_process_ms_per_page": round(own_cpu / n * 1000, 2),
                      "server_ms_per_page": round(served / n * 1000, 2)}))


if __name__ == "__main__":
    main()
