"""The public CLI contract on the crawled replica: search, export, show, reindex."""

from __future__ import annotations

import csv
import io
import json

import pytest

HIT_KEYS = {"url", "title", "published", "site", "programs", "polda", "polres", "score",
            "snippet"}
ROW_KEYS = {"url", "site", "title", "author", "published", "programs", "polda", "polres",
            "text", "duplicate_of", "status", "versions", "first_seen", "last_seen"}


def test_search_json_contract(crawled):
    res = crawled.search_json("cooling system", "--limit", "5")
    assert res["total"] >= 5 and len(res["hits"]) == 5
    assert set(res["hits"][0]) == HIT_KEYS
    assert all("<b>" in h["snippet"] for h in res["hits"])
    assert set(res["facets"]) >= {"program", "polda", "polres", "site", "month"}
    assert sum(res["facets"]["site"].values()) == res["total"]


def test_stemming_finds_other_affixes(crawled):
    a = crawled.search_json("diamankan", "--limit", "0")["total"]
    b = crawled.search_json("mengamankan", "--limit", "0")["total"]
    assert a == b > 0


def test_empty_query_with_filters_lists_every_match(crawled):
    truth = crawled.web.truth["articles"]
    want = sum(1 for a in truth if "Jumat Curhat" in a["programs"])
    res = crawled.search_json("", "--program", "jum'at curhat", "--limit", "500")
    assert res["total"] == want > 0
    assert all("Jumat Curhat" in h["programs"] for h in res["hits"])


def test_region_filter_accepts_aliases(crawled):
    truth = crawled.web.truth["articles"]
    want = sum(1 for a in truth if a["polda"] == "Polda Jawa Timur")
    copies = sum(1 for a in truth if a["polda"] == "Polda Jawa Timur" and a["syndicated_from"])
    for name in ("Jatim", "Polda Jawa Timur", "polda jatim"):
        res = crawled.search_json("", "--region", name, "--limit", "0", "--show-duplicates")
        assert res["total"] == want, name
    folded = crawled.search_json("", "--region", "Jatim", "--limit", "0")
    assert folded["total"] == want - copies  # syndicated copies fold under their original
    jember = crawled.search_json("", "--region", "Jember", "--limit", "500")
    assert jember["total"] >= 3
    assert {h["polres"] for h in jember["hits"]} == {"Polres Jember"}


def test_date_range_and_sort(crawled):
    res = crawled.search_json("", "--since", "2024-09", "--until", "2024-11", "--sort",
                              "oldest", "--limit", "500")
    dates = [h["published"][:10] for h in res["hits"]]
    assert dates == sorted(dates) and dates
    assert all("2024-09-01" <= d <= "2024-11-30" for d in dates)


def test_table_output_shows_titles_and_links(crawled):
    out = crawled.humas("search", "patroli", "--limit", "3").stdout
    assert "matching articles" in out and "http://127.0.0." in out


def test_csv_search_output(crawled):
    out = crawled.humas("search", "pilkada", "--format", "csv", "--limit", "3").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 3 and rows[0]["url"].startswith("http://")


def test_export_jsonl_and_csv_agree(crawled):
    rows = crawled.export_rows()
    assert len(rows) == len(crawled.web.truth["articles"])
    assert set(rows[0]) >= ROW_KEYS
    assert all(r["status"] == "live" and r["versions"] == 1 for r in rows)
    out = crawled.humas("export", "--format", "csv").stdout
    back = list(csv.DictReader(io.StringIO(out)))
    assert [r["url"] for r in back] == [r["url"] for r in rows]
    assert json.loads(back[0]["programs"]) == rows[0]["programs"]
    assert back[0]["text"] == rows[0]["text"]


def test_show_any_spelling_of_a_url(crawled):
    art = next(a for a in crawled.web.truth["articles"] if a.get("seed") == "004")
    res = json.loads(crawled.humas("show", art["url"] + "?m=1", "--format", "json").stdout)
    assert res["title"] == art["title"] and res["captures"]
    assert res["evidence"]
    text = crawled.humas("show", art["url"]).stdout
    assert art["title"] in text and "Why these tags" in text


def test_reindex_rebuilds_the_same_results(crawled):
    before = crawled.search_json("kamtibmas", "--limit", "0")["total"]
    crawled.humas("reindex")
    assert crawled.search_json("kamtibmas", "--limit", "0")["total"] == before > 0


def test_table_fits_80_columns(crawled):
    env = dict(crawled.env, COLUMNS="80")
    from tests.conftest import humas

    out = humas("search", "jumat curhat", "--limit", "3", env=env).stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "http://127.0.0." in out.replace("│", "").replace(" ", "")


def test_search_process_does_not_import_scrapy_or_sqlalchemy(crawled):
    import subprocess
    import sys

    code = ("import sys; from humas.cli import main\n"
            "try:\n    main(['search', 'patroli', '--region', 'Jatim', '--format', 'json'])\n"
            "except SystemExit:\n    pass\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'scrapy', 'twisted', 'trafilatura', 'sqlalchemy', 'alembic'}), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], env=crawled.env, capture_output=True,
                          text=True, timeout=60)
    assert proc.stderr.strip().splitlines()[-1] == "[]", proc.stderr


def test_query_language_on_the_crawl(crawled):
    some = crawled.search_json("patroli", "--limit", "0")["total"]
    fewer = crawled.search_json("patroli -malam", "--limit", "0")["total"]
    assert 0 < fewer < some
    phrase = crawled.search_json('"jumat curhat"', "--limit", "0")["total"]
    assert 0 < phrase <= crawled.search_json("jumat curhat", "--limit", "0")["total"]
    assert crawled.search_json("patrolli", "--limit", "0")["total"] == 0
    assert crawled.search_json("patrolli", "--fuzzy", "--limit", "0")["total"] > 0
    both = crawled.search_json("patroli", "--region", "Jatim", "--since", "2024", "--limit", "0")
    assert set(both["facets"]["polda"]) <= {"Polda Jawa Timur"}
    assert all(m.startswith("2024") or m.startswith("2025") for m in both["facets"]["month"])


@pytest.mark.parametrize(("args", "message"), [
    (["search", "x", "--since", "kemarin"], "--since 'kemarin' is not a date"),
    (["search", '"jumat curhat'], "unclosed quote"),
    (["search", "judul:patroli"], "unknown field 'judul:' at column 1"),
    (["search", "x", "--program", "Jumat Curhaat"], "did you mean 'Jumat Curhat'"),
    (["search", "x", "--region", "Atlantis"], "unknown region"),
    (["search", "x", "--bogus"], "No such option"),
    (["crawl", "--sites", "/nonexistent.yaml"], "no such sites file"),
    (["show", "not-a-url"], "not an http(s) URL"),
    (["show", "http://nowhere.invalid/x"], "no article stored"),
    (["search", "x", "--limit", "-1"], "--limit"),
])
def test_bad_input_gives_one_line_and_nonzero_exit(crawled, args, message):
    proc = crawled.humas(*args, check=False)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert message.lower() in lines[0].lower()
    assert "Traceback" not in proc.stderr


def test_malformed_sites_yaml(crawled, tmp_path):
    bad = tmp_path / "sites.yaml"
    bad.write_text("sites:\n  - name: a\n   url: x\n")
    proc = crawled.humas("crawl", "--sites", str(bad), check=False)
    assert proc.returncode == 1 and len(proc.stderr.strip().splitlines()) == 1
    assert "sites.yaml:3" in proc.stderr
