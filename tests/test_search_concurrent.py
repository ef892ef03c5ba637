"""Searching while a real crawl of the replica web writes the index (issue 9, point 4).

A first crawl indexes two small sites; a second crawl, of those and two more, runs in its
own process while this test searches without pause: in-process through the search API (the
cached reader must notice the crawl's commit and reopen) and a few times through the CLI.
No search may fail, totals may only grow, and at the end the index holds every article.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

from search.query import Filters, run_search
from tests.conftest import FAST, ROOT, env_for, humas

FIRST = ("jember-opinipublik", "lumajang-iwo")  # small sites: the crawls take seconds
SECOND = FIRST + ("jember-humas", "karawang-ngo")
QUERIES = ["", "patroli", "polisi", '"jumat curhat"', "kapolres -narkoba", "title:polres",
           "warga masyarakat", "kamtibmas"]


def sites_yaml(web, names, path) -> None:
    by_name = {s.name: s for s in web.sites}
    lines = ["sites:"] + [f'  - name: {n}\n    url: "{by_name[n].url}"' for n in names]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def stored(db) -> int:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute("select count(*) from articles where status = 'live'").fetchone()[0]
    finally:
        con.close()


def test_searches_while_a_crawl_writes_the_index(replica_web, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    env = env_for(data)
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    sites_yaml(replica_web, FIRST, first)
    sites_yaml(replica_web, SECOND, second)
    humas("crawl", "--sites", str(first), "--no-progress", *FAST, env=env)
    index = data / "index"
    start = run_search(index, "", limit=0).total
    assert start == stored(data / "archive.db") > 0

    crawl = subprocess.Popen([sys.executable, "-m", "humas", "crawl", "--sites", str(second),
                              "--no-progress", *FAST], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    totals, cli, searches, after = [], [], 0, 0
    try:
        # Until the crawl has exited and 200 searches ran, then one more round of queries.
        while crawl.poll() is None or searches < 200 or after < len(QUERIES):
            after += crawl.poll() is not None
            q = QUERIES[searches % len(QUERIES)]
            res = run_search(index, q, Filters(), limit=5, facets=searches % 2 == 0)
            assert res.total >= len(res.hits)
            assert all(h.url.startswith("http://127.0.0.") for h in res.hits)
            if q == "":
                totals.append(res.total)
            searches += 1
            if searches % 60 == 0 and len(cli) < 3 and crawl.poll() is None:
                out = humas("search", "patroli", "--format", "json", "--limit", "3", env=env)
                cli.append(json.loads(out.stdout)["total"])
    finally:
        if crawl.poll() is None:
            crawl.kill()
        _, err = crawl.communicate(timeout=120)
    assert crawl.returncode == 0, err[-2000:]
    assert "Traceback" not in err
    assert searches >= 200 and cli
    assert totals == sorted(totals)  # the archive only grew
    final = run_search(index, "", limit=0).total
    assert final == stored(data / "archive.db") > start
    assert totals[0] == start and totals[-1] == final  # the cached reader saw the commit
    assert run_search(index, "patroli", limit=0).total >= max(cli)
