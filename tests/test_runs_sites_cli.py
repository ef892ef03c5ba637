"""`humas runs`, `humas sites`, `humas show --versions` and `humas diff` through the real CLI.

The crawled archive may hold more than the fixture's own run (other tests crawl it again), so
these tests assert what holds for any number of runs; version diffs use a small archive
built here with ``ArchiveStore.save_article``. One test runs ``humas`` in a subprocess; the
others call the same entry point (``humas.cli.main``) in-process, which is much faster.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from archive.store import ArchiveStore
from tests.test_store import extracted, page


@pytest.fixture
def cli(monkeypatch, capsys):
    """``cli(data_dir, *args)``: run ``humas`` in-process on that archive."""
    from humas.cli import main

    def run(data_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        for k in ("HUMAS_DB_URL", "HUMAS_SITES"):
            monkeypatch.delenv(k, raising=False)
        monkeypatch.setenv("HUMAS_DATA_DIR", str(data_dir))
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
        out, err = capsys.readouterr()
        if check and code != 0:
            raise AssertionError(f"humas {' '.join(args)} failed ({code}): {err}")
        return subprocess.CompletedProcess(args, code, out, err)

    return run


def db(crawled, sql, *args):
    con = sqlite3.connect(crawled.data_dir / "archive.db")
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def test_runs_json_newest_first_one_row_per_site(crawled):
    rows = json.loads(crawled.humas("runs", "--format", "json").stdout)
    sites = {s.name for s in crawled.web.sites}
    keys = list(dict.fromkeys(r["run_key"] for r in rows))
    assert keys and all(len(k) == 32 for k in keys)
    for key in keys:  # one row per site of the run, never two
        run_sites = [r["site"] for r in rows if r["run_key"] == key]
        assert len(run_sites) == len(set(run_sites)) and set(run_sites) <= sites
    starts = [min(r["started_at"] for r in rows if r["run_key"] == k) for k in keys]
    assert starts == sorted(starts, reverse=True)
    first = [r for r in rows if r["run_key"] == keys[-1]]  # the fixture's own crawl
    assert {r["site"] for r in first} == sites
    assert all(r["requests"] > 0 and r["duration"] >= 0 for r in first)
    # Every stored article was new in exactly one run.
    assert sum(r["new"] for r in rows) == db(crawled, "select count(*) from articles")[0][0]
    one = json.loads(crawled.humas("runs", "--limit", "1", "--format", "json").stdout)
    assert {r["run_key"] for r in one} == {keys[0]} and len(one) == len(sites)


def test_runs_table_has_short_keys_and_a_total_per_run(crawled, cli):
    out = cli(crawled.data_dir, "runs", "--limit", "1").stdout
    key = json.loads(cli(crawled.data_dir, "runs", "--limit", "1", "--format", "json").stdout)[0]
    assert key["run_key"][:8] in out and key["run_key"] not in out
    assert out.count(" total ") == 1
    assert "Example" in cli(crawled.data_dir, "runs", "--help").stdout


def test_runs_site_filter_csv_and_unknown_site(crawled, cli):
    site = crawled.web.sites[0].name
    text = cli(crawled.data_dir, "runs", "--site", site, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {r["site"] for r in rows} == {site}
    assert list(rows[0])[:3] == ["run_key", "site", "started_at"]
    bad = cli(crawled.data_dir, "runs", "--site", "no-such-site", check=False)
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr.startswith("Error: no site named 'no-such-site'")
    assert len(bad.stderr.strip().splitlines()) == 1


def test_sites_health_and_never_crawled(crawled, tmp_path, cli):
    sites_file = tmp_path / "sites.yaml"
    sites_file.write_text(crawled.sites_file.read_text() +
                          "  - name: polres-baru\n    url: https://polresbaru.example.id/\n")
    rows = json.loads(cli(crawled.data_dir, "sites", "--sites", str(sites_file),
                          "--format", "json").stdout)
    by_name = {r["name"]: r for r in rows}
    assert set(by_name) == {s.name for s in crawled.web.sites} | {"polres-baru"}
    stored = dict(db(crawled, "select s.name, count(*) from articles a join sites s "
                              "on s.id = a.site_id where a.status = 'live' group by s.name"))
    for s in crawled.web.sites:
        r = by_name[s.name]
        assert r["crawled"] and r["live"] == stored.get(s.name, 0)
        assert r["last_success"] and r["last_run"] and r["runs"] >= 1
        assert 0 <= r["error_rate"] < 0.5 and isinstance(r["robots"], str)
    assert by_name["polres-baru"]["crawled"] is False
    assert by_name["polres-baru"]["last_run"] is None
    table = cli(crawled.data_dir, "sites", "--sites", str(sites_file)).stdout
    line = next(ln for ln in table.splitlines() if "polres-baru" in ln)
    assert "never crawled" in line
    bad = cli(crawled.data_dir, "sites", "--sites", str(tmp_path / "missing.yaml"), check=False)
    assert bad.returncode == 1 and "no such sites file" in bad.stderr


def test_show_versions_and_diff_of_a_single_version(crawled, cli):
    url, versions = db(crawled, "select url, versions from articles order by id limit 1")[0]
    spelled = url + ("&" if "?" in url else "?") + "utm_source=wa"
    got = json.loads(cli(crawled.data_dir, "show", spelled, "--versions", "--format", "json").stdout)
    assert got["url"] == url and len(got["versions"]) == versions
    assert got["versions"][0]["version"] == 1 and got["versions"][0]["words"] > 50
    table = cli(crawled.data_dir, "show", url, "--versions").stdout
    assert got["versions"][0]["content_hash"][:12] in table
    if versions == 1:
        proc = cli(crawled.data_dir, "diff", spelled)
        assert proc.returncode == 0
        assert proc.stdout.strip() == f"only 1 version stored for {url}: nothing to compare"


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """A small archive with one article stored in three versions."""
    data = tmp_path_factory.mktemp("edited")
    store = ArchiveStore(f"sqlite:///{data / 'archive.db'}")
    sid = store.site_id("jember", "http://jember.id/")
    url = "http://jember.id/2024/11/08/patroli/"
    for title, text in [
        ("Patroli Malam", "JEMBER – Polres Jember menggelar patroli malam.\nWarga senang."),
        ("Patroli Malam", "JEMBER – Polres Jember menggelar patroli gabungan malam.\n"
                          "Warga senang."),
        ("Patroli Gabungan", "JEMBER – Polres Jember menggelar patroli gabungan malam.\n"
                             "Warga merasa aman."),
    ]:
        store.save_article(sid, url, page(url), extracted(url, title=title, text=text), None)
    return url, data


def test_diff_default_is_the_last_two_versions(edited, cli):
    url, data = edited
    out = cli(data, "diff", url + "?m=1").stdout
    assert "version 2" in out and "version 3" in out and "version 1 " not in out
    assert "Warga [-senang.-] [+merasa aman.+]" in out
    assert "# Patroli [-Malam-] [+Gabungan+]" in out
    assert "\x1b[" not in out  # plain when not on a terminal
    first = cli(data, "diff", url, "--from", "1", "--to", "2").stdout
    assert "menggelar patroli [+gabungan+] malam." in first


def test_diff_json_ops_and_errors(edited, cli):
    url, data = edited
    got = json.loads(cli(data, "diff", url, "--from", "1", "--format", "json").stdout)
    assert (got["from"]["version"], got["to"]["version"]) == (1, 3)
    assert {"op": "insert", "text": "gabungan"} in got["text"]
    assert (got["inserted"], got["deleted"]) == (3, 1)
    kept = " ".join(op["text"] for op in got["text"] if op["op"] != "insert")
    assert kept.replace(" \n", "\n") == "JEMBER – Polres Jember menggelar patroli malam.\n" \
                                         "Warga senang."
    for args, message in [(["--from", "9"], "no version 9 (stored versions: 1, 2, 3)"),
                          (["--from", "2", "--to", "2"], "nothing to compare")]:
        bad = cli(data, "diff", url, *args, check=False)
        assert bad.returncode == 1 and message in bad.stderr
        assert len(bad.stderr.strip().splitlines()) == 1
    unknown = cli(data, "diff", "http://jember.id/none/", check=False)
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == "Error: no article stored for http://jember.id/none/"
    table = cli(data, "show", url, "--versions").stdout
    assert "3 version(s)" in table and "Patroli Gabungan" in table
