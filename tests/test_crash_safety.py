"""Killing a crawl with SIGKILL at any moment loses nothing stored and corrupts nothing.

Three crawls are killed part-way (after different numbers of stored articles); after each,
the database passes SQLite's integrity check and every stored article is whole (a capture
and a version). A last, uninterrupted crawl then completes the work, index included.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from archive.urls import canonicalize
from tests.conftest import FAST, ROOT, env_for, humas


def count(db) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        n = con.execute("select count(*) from articles").fetchone()[0]
        con.close()
        return n
    except sqlite3.OperationalError:
        return 0


def crawl_and_kill(sites_file, env, db, after: int) -> int:
    proc = subprocess.Popen([sys.executable, "-m", "humas", "crawl", "--sites", str(sites_file),
                             "--no-progress", *FAST], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while proc.poll() is None and count(db) < after and time.monotonic() < deadline:
        time.sleep(0.05)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)  # the process and its extraction workers
    proc.wait()
    return proc.returncode


def check_consistent(db) -> int:
    con = sqlite3.connect(db)
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    urls = [r[0] for r in con.execute("select url from articles")]
    assert len(urls) == len(set(urls))
    orphans = con.execute(
        "select count(*) from articles a where not exists (select 1 from captures c "
        "where c.article_id = a.id) or not exists (select 1 from article_versions v "
        "where v.article_id = a.id)").fetchone()[0]
    con.close()
    assert orphans == 0
    return len(urls)


def test_sigkill_three_times_then_complete(tmp_path):
    from replica import ReplicaWeb

    # A replica of its own: the shared one's "503 once" pages must stay unspent.
    with ReplicaWeb() as web:
        run_kill_test(web, tmp_path)


@pytest.mark.slow
def test_300_article_crawl_killed_three_times_then_complete(tmp_path):
    """Issue 9's acceptance: a crawl of about 300 articles (the standard sites and three
    generated ones) killed at 10%, 40% and 70% and then finished (``make test-faults``)."""
    from replica import ReplicaWeb

    with ReplicaWeb(extra_sites=3, articles_per_site=75) as web:
        assert len(web.truth["articles"]) >= 300
        run_kill_test(web, tmp_path, kill_after=(30, 120, 210))


def run_kill_test(replica_web, tmp_path, kill_after=(3, 20, 45)):
    sites_file = tmp_path / "sites.yaml"
    replica_web.write_sites_yaml(sites_file)
    env, db = env_for(tmp_path), tmp_path / "archive.db"
    stored = []
    for after in kill_after:
        code = crawl_and_kill(sites_file, env, db, after)
        stored.append(check_consistent(db))
        assert code == -signal.SIGKILL or code == 0
    assert stored == sorted(stored) and stored[-1] > 0  # nothing stored was lost
    humas("crawl", "--sites", str(sites_file), "--no-progress", *FAST, env=env)
    truth = {canonicalize(a["url"]) for a in replica_web.truth["articles"]}
    assert check_consistent(db) == len(truth)
    con = sqlite3.connect(db)
    assert {r[0] for r in con.execute("select url from articles")} == truth
    con.close()
    res = json.loads(humas("search", "", "--format", "json", "--limit", "0", "--show-duplicates",
                           env=env).stdout)
    assert res["total"] == len(truth)  # articles of killed runs were indexed too
