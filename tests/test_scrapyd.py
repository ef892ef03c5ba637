"""The Scrapy project runs under a real scrapyd: schedule `news` over its HTTP API.

scrapyd is started on loopback in a folder of its own whose scrapy.cfg names the project
(the same `[settings]` as the repository's), so no egg needs building; the job crawls one
replica site and its articles arrive in the archive.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from archive.urls import canonicalize
from tests.conftest import env_for


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(port: int, path: str, data: dict | None = None) -> dict:
    body = urllib.parse.urlencode(data, doseq=True).encode() if data else None
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", body, timeout=10) as r:
        return json.loads(r.read())


def test_scrapyd_schedules_news_and_articles_arrive(crawled, tmp_path):
    port = free_port()
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapy.cfg").write_text(
        "[settings]\ndefault = crawler.settings\n\n[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\npoll_interval = 0.5\nlogs_dir = {home / 'logs'}\n"
        f"eggs_dir = {home / 'eggs'}\ndbs_dir = {home / 'dbs'}\n")
    data = tmp_path / "data"
    env = env_for(data)
    server = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=home, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                assert api(port, "daemonstatus.json")["status"] == "ok"
                break
            except OSError:
                time.sleep(0.1)
        assert "default" in api(port, "listprojects.json")["projects"]
        assert "news" in api(port, "listspiders.json?project=default")["spiders"]
        site = next(s for s in crawled.web.sites if s.family == "network")
        job = api(port, "schedule.json", {
            "project": "default", "spider": "news", "sites": str(crawled.sites_file),
            "site": site.name, "setting": ["DOWNLOAD_DELAY=0.02", "HUMAS_PROGRESS=False"]})
        assert job["status"] == "ok"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            jobs = api(port, "listjobs.json?project=default")
            if any(j["id"] == job["jobid"] for j in jobs["finished"]):
                break
            time.sleep(0.5)
        else:
            raise AssertionError("scrapyd job did not finish")
    finally:
        server.terminate()
        server.wait(timeout=30)
    con = sqlite3.connect(data / "archive.db")
    urls = {r[0] for r in con.execute("select url from articles")}
    con.close()
    want = {canonicalize(a["url"]) for a in crawled.web.truth["articles"]
            if a["site"] == site.name}
    assert urls == want
