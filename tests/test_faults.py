"""End to end: a real `humas crawl` of the fault web (issue 9), then the archive and the log.

Every site of `replica.faults` commits one fault; the crawl must still exit 0, store every
real article and nothing broken, spend a bounded number of requests per fault, honour
Retry-After, never contact the forbidden host, and say per site what it met.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter

import pytest

from archive.urls import canonicalize
from replica.faults import FaultWeb
from replica.faults.sites import BURST_500, BURST_503, DEAD_LINKS, RETRY_AFTER, SMART
from tests.conftest import FAST, env_for, humas

TIMEOUT = 2  # seconds: -s DOWNLOAD_TIMEOUT for the hanging host
MOJIBAKE = ("\ufffd", "Ã", "â€", "Â")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    data = tmp_path_factory.mktemp("faults")
    with FaultWeb() as web:
        web.write_sites_yaml(str(data / "sites.yaml"))
        t0 = time.monotonic()
        proc = humas("crawl", "--sites", str(data / "sites.yaml"), "--no-progress", *FAST,
                     "-s", f"DOWNLOAD_TIMEOUT={TIMEOUT}", "-s", "HUMAS_RETRY_BACKOFF=0.25",
                     env=env_for(data), check=False)
        elapsed = time.monotonic() - t0
        truth, log = web.truth, web.requests
    con = sqlite3.connect(data / "archive.db")
    con.row_factory = sqlite3.Row
    q = "select s.name site, a.* from articles a join sites s on s.id = a.site_id"
    rows = {r["url"]: dict(r) for r in con.execute(q)}
    errors = [dict(r) for r in con.execute(
        "select s.name site, e.kind, e.url from crawl_errors e join sites s on s.id = e.site_id")]
    runs = {r["name"]: json.loads(r["stats"]) for r in con.execute(
        "select s.name, r.stats from crawl_runs r join sites s on s.id = r.site_id")}
    con.close()
    return dict(proc=proc, elapsed=elapsed, truth=truth, log=log, rows=rows, errors=errors,
                runs=runs, data=data)


def hits(run, site: str, prefix: str) -> list[dict]:
    return [r for r in run["log"] if r["site"] == f"fault-{site}" and r["path"].startswith(prefix)]


def test_crawl_ran_and_every_real_article_is_stored(run):
    assert run["proc"].returncode == 0, run["proc"].stderr[-3000:]
    want = {canonicalize(a["url"]) for a in run["truth"]["articles"]}
    assert want - set(run["rows"]) == set(), "real articles missing"
    assert set(run["rows"]) - want == set(), "something that is no article was stored"
    assert run["elapsed"] < 45


def test_hidden_articles_behind_the_chain_and_the_broken_sitemap(run):
    chain = next(f for f in run["truth"]["faults"] if f["fault"] == "redirect_chain")
    assert canonicalize(chain["article"]) in run["rows"]
    assert len(hits(run, "redirects", "/rantai/")) == chain["hops"]  # each hop once
    lenient = next(f for f in run["truth"]["faults"] if f["fault"] == "sitemap_invalid_xml")
    assert canonicalize(lenient["article"]) in run["rows"]


def test_no_mojibake_whatever_the_declared_charset(run):
    for row in run["rows"].values():
        assert not any(m in row["text"] + row["title"] for m in MOJIBAKE), row["url"]
        assert not any("\x80" <= ch <= "\x9f" for ch in row["text"]), row["url"]  # C1 controls
    charset = [r for r in run["rows"].values() if r["site"] == "fault-charset"]
    assert len(charset) == 6 and all(SMART in r["text"] for r in charset)


def test_bursts_are_retried_and_retry_after_is_honoured(run):
    f503 = next(f for f in run["truth"]["faults"] if f["fault"] == "503_burst")
    path = f503["url"].split("/", 3)[3]
    attempts = [r for r in run["log"] if r["path"] == "/" + path]
    assert [r["status"] for r in attempts] == [503] * BURST_503 + [200]
    gaps = [b["ts"] - a["ts"] for a, b in zip(attempts, attempts[1:], strict=False)]
    assert all(g >= RETRY_AFTER - 0.05 for g in gaps), gaps
    f500 = next(f for f in run["truth"]["faults"] if f["fault"] == "500_burst")
    attempts = [r for r in run["log"] if r["path"] == "/" + f500["url"].split("/", 3)[3]]
    assert [r["status"] for r in attempts] == [500] * BURST_500 + [200]
    assert canonicalize(f503["article"]) in run["rows"] and canonicalize(f500["article"]) in run["rows"]


def test_timeouts_and_cut_bodies_are_retried_a_bounded_number_of_times(run):
    assert len(hits(run, "timeout", "/lambat")) == 4  # 1 + RETRY_TIMES
    assert len(hits(run, "reset", "/putus")) == 4
    assert len(hits(run, "short", "/pendek")) == 4
    kinds = Counter((e["site"], e["kind"]) for e in run["errors"])
    assert kinds[("fault-timeout", "DownloadTimeoutError")] == 1
    assert kinds[("fault-reset", "ResponseDataLossError")] == 1
    assert kinds[("fault-short", "ResponseDataLossError")] == 1


def test_huge_pages_are_refused_early_and_never_stored(run):
    for path in ("/arsip-10mb", "/arsip-50mb"):
        assert len(hits(run, "huge", path)) == 1  # never retried
    # The 50 MB stream (no Content-Length) was cut off near 8 MB; "sent" counts what the
    # server wrote, which includes the loopback socket buffers.
    assert hits(run, "huge", "/arsip-50mb")[0]["sent"] < 25 * 1024 * 1024
    assert sum(e["kind"] == "PageTooLarge" for e in run["errors"]) == 2
    assert not [u for u in run["rows"] if "arsip-" in u]


def test_loops_and_endless_chains_are_bounded_and_recorded(run):
    assert len(hits(run, "redirects", "/putar-")) <= 2
    assert len(hits(run, "redirects", "/diri")) == 1
    assert len(hits(run, "redirects", "/segar")) == 1
    assert len(hits(run, "redirects", "/tanpa-akhir/")) == 21  # 1 + REDIRECT_MAX_TIMES
    kinds = Counter(e["kind"] for e in run["errors"] if e["site"] == "fault-redirects")
    assert kinds == {"RedirectLoop": 3, "TooManyRedirects": 1}


def test_dead_links_cost_one_request_and_one_record_each(run):
    dead = hits(run, "dead", "/news/detail/21")
    assert len(dead) == DEAD_LINKS and len({r["path"] for r in dead}) == DEAD_LINKS
    assert sum(e["kind"] == "DeadLink" and e["site"] == "fault-dead"
               for e in run["errors"]) == DEAD_LINKS


def test_private_targets_never_contacted_in_any_spelling(run):
    assert [r for r in run["log"] if r["site"] == "forbidden"] == []
    refused = [e["url"] for e in run["errors"] if e["kind"] == "InternalRedirect"]
    spellings = [f for f in run["truth"]["faults"] if f["fault"].startswith("private_")]
    assert len(refused) == len(spellings) == 11


def test_summary_and_run_records_name_the_faults(run):
    faults = {site: stats["faults"] for site, stats in run["runs"].items()}
    assert faults["fault-timeout"]["retry/timeout"] == 4
    assert faults["fault-burst"]["retry/retry_after"] == BURST_503
    assert faults["fault-reset"]["retry/data_loss"] == 4
    assert faults["fault-huge"]["size/refused"] == 2
    assert faults["fault-redirects"]["redirect/loop"] == 3
    assert faults["fault-redirects"]["redirect/too_many"] == 1
    assert faults["fault-dead"] == {"dead_links/404": DEAD_LINKS // 2,
                                    "dead_links/410": DEAD_LINKS // 2}
    assert faults["fault-private"]["redirect/internal"] == 11
    assert faults["fault-charset"] == {}
    assert faults["fault-feeds"]["compression/false_label"] == 1  # read, not retried
    err = run["proc"].stderr
    for site in ("fault-timeout", "fault-burst", "fault-huge", "fault-redirects", "fault-dead",
                 "fault-private"):
        assert f"Faults met on {site}:" in err


def test_humas_sites_shows_each_sites_faults(run):
    health = {r["name"]: r for r in json.loads(humas(
        "sites", "--format", "json", env=env_for(run["data"])).stdout)}
    assert health["fault-timeout"]["faults"]["retry/timeout"] == 4
    assert health["fault-huge"]["faults"]["size/refused"] == 2
    assert health["fault-charset"]["faults"] == {}
    table = humas("sites", env=env_for(run["data"])).stdout
    assert "faults (last" in table and "size/refused 2" in table
