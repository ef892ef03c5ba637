"""Re-crawl cost: requests and time of crawls of an unchanged replica against the first one.

Crawls the standard replica web once (first crawl), then again with the default revisit
policy (a scheduled re-crawl soon after: nothing is due), then with ``--revisit-all`` (every
stored article re-checked, conditionally). Prints a table and one JSON line:
{"first": {"requests", "seconds"}, "recrawl": {...}, "revisit_all": {...},
 "recrawl_request_ratio", "full_downloads_of_unchanged"}.

    python bench/recrawl_bench.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from replica import ReplicaWeb  # noqa: E402

FAST = ["-s", "DOWNLOAD_DELAY=0.02", "-s", "AUTOTHROTTLE_START_DELAY=0.02"]


def crawl(web: ReplicaWeb, sites: Path, data: Path, *extra: str) -> dict:
    web.clear_requests()
    env = {**os.environ, "HUMAS_DATA_DIR": str(data)}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "humas", "crawl", "--sites", str(sites),
                    "--no-progress", *FAST, *extra], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    seconds = time.perf_counter() - t0
    reqs = [r for r in web.requests if r["site"] != "outside"]
    articles = {p for a in web.truth["articles"] for p in [a["url"].split("/", 3)[-1]]}
    full = sum(1 for r in reqs if r["status"] == 200 and r["path"].lstrip("/") in articles)
    return {"requests": len(reqs), "seconds": round(seconds, 1), "article_200s": full,
            "not_modified": sum(1 for r in reqs if r["status"] == 304)}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="humas-recrawl-") as d, ReplicaWeb() as web:
        sites, data = Path(d) / "sites.yaml", Path(d) / "data"
        web.write_sites_yaml(sites)
        print("first crawl ...", file=sys.stderr, flush=True)
        first = crawl(web, sites, data)
        print("re-crawl (default revisit policy) ...", file=sys.stderr, flush=True)
        again = crawl(web, sites, data)
        print("re-crawl with --revisit-all ...", file=sys.stderr, flush=True)
        full = crawl(web, sites, data, "--revisit-all")
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"Re-crawl of an unchanged replica ({len(web.truth['articles'])} articles)")
    for col in ("crawl", "requests", "vs first", "seconds", "articles re-downloaded", "304s"):
        t.add_column(col, justify="left" if col == "crawl" else "right")
    for name, r in (("first", first), ("re-crawl", again), ("--revisit-all", full)):
        t.add_row(name, str(r["requests"]), f"{r['requests'] / first['requests']:.0%}",
                  f"{r['seconds']:.1f}", str(r["article_200s"] if name != "first" else "-"),
                  str(r["not_modified"]))
    Console(stderr=True).print(t)
    print(json.dumps({"first": first, "recrawl": again, "revisit_all": full,
                      "recrawl_request_ratio": round(again["requests"] / first["requests"], 3),
                      "full_downloads_of_unchanged": again["article_200s"]
                      + full["article_200s"]}))


if __name__ == "__main__":
    main()
