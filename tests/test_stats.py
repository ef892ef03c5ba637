"""``humas stats``: counts agree with export rows for the same filters, duplicates count once,
totals count distinct articles, and --chart draws a real figure."""

from __future__ import annotations

import csv
import io
import json

import pytest

from archive.stats import count
from archive.store import ArchiveStore
from tests.test_export import jsonl, run


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    from tests.test_export import build_archive

    data_dir = tmp_path_factory.mktemp("stats")
    build_archive(data_dir)
    return data_dir


def stats_json(data_dir, *args):
    return json.loads(run(data_dir, "stats", *args, "--format", "json").stdout)


def test_program_counts_and_distinct_totals(archive):
    res = stats_json(archive, "--by", "program")
    # 4 stories + 1 syndicated copy of "cooling", which counts once
    assert res["total"] == 4 and res["duplicates_skipped"] == 1
    assert res["totals"]["program"] == {"Jumat Curhat": 2, "Cooling System": 1, "Sambang": 1,
                                        "(none)": 1}
    dup = stats_json(archive, "--by", "program", "--count-duplicates")
    assert dup["total"] == len(jsonl(archive)) == 5
    assert dup["totals"]["program"]["Cooling System"] == 2


def test_copy_counts_when_its_original_is_not_selected(archive):
    # the copy lives on site "bali"; its original on "jember" is filtered out
    res = stats_json(archive, "--by", "site", "--site", "bali")
    assert res["total"] == len(jsonl(archive, "--site", "bali")) == 3


def test_two_dimensions_local_months_and_csv_totals(archive):
    out = run(archive, "stats", "--by", "polda", "--by", "month", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    cells = {(r["polda"], r["month"]): int(r["articles"]) for r in rows}
    # 2024-11-30 23:59 WITA is 2024-11-30 locally (UTC would say 15:59 the same day; fine) and
    # 2024-10-23 23:30 WIB stays in October
    assert cells[("Polda Jawa Timur", "2024-10")] == 1
    assert cells[("Polda Bali", "2024-11")] == 1
    assert cells[("Polda Bali", "2025-01")] == 1
    assert cells[("(all)", "(all)")] == 4
    assert cells[("Polda Jawa Timur", "(all)")] == 2
    assert sum(v for (p, m), v in cells.items() if "(all)" not in (p, m)) == 4


def test_bad_dimension_is_one_line(archive):
    result = run(archive, "stats", "--by", "kabupaten", ok=False)
    assert "unknown dimension 'kabupaten'; use one of program, polda" in str(result.exception)
    result = run(archive, "stats", "--by", "program", "--by", "month", "--by", "site", ok=False)
    assert "one or two --by" in str(result.exception)


def test_table_output(archive):
    out = run(archive, "stats", "--by", "program", "--by", "year").stdout
    assert "4 articles, 1 syndicated copies not counted" in out
    assert "Jumat Curhat" in out and "2024" in out and "total" in out


def table_lines(data_dir, *args: str, columns: int = 80) -> list[str]:
    """The table as a terminal of ``columns`` columns shows it (rich reads COLUMNS)."""
    from click.testing import CliRunner
    from rich.cells import cell_len

    from humas.cli import cli
    from tests.test_export import ROOT

    env = {"HUMAS_DATA_DIR": str(data_dir), "HUMAS_SETTINGS_DIR": str(ROOT / "settings"),
           "COLUMNS": str(columns)}
    result = CliRunner().invoke(cli, ["stats", *args], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    too_wide = [line for line in lines if cell_len(line) > columns]
    assert not too_wide, f"{len(too_wide)} lines wider than {columns} columns:\n" + \
        "\n".join(lines)
    return lines


def test_two_dimension_table_fits_80_columns(archive, tmp_path):
    lines = table_lines(archive, "--by", "program", "--by", "month")
    # 4 program values, 3 months: programs run down the rows, months across, with totals
    rows = {line.split("│")[1].strip(): line for line in lines if line.startswith("│")}
    assert set(rows) == {"Jumat Curhat", "Cooling System", "Sambang", "(none)", "total"}
    assert rows["total"].split("│")[-2].strip() == "4"
    assert rows["Jumat Curhat"].split("│")[-2].strip() == "2"
    header = "\n".join(lines[:5])
    assert "2024-10" in header and "2025-01" in header and "total" in header
    run(archive, "stats", "--by", "program", "--by", "month", "-o", str(tmp_path / "t.txt"))
    written = (tmp_path / "t.txt").read_text(encoding="utf-8").splitlines()
    assert written and max(map(len, written)) <= 80


def test_narrow_terminal_gets_one_line_per_cell(archive):
    lines = table_lines(archive, "--by", "polres", "--by", "program", columns=44)
    text = "\n".join(lines)
    # long format: polres | program | articles, every non-empty cell and each total
    assert "Polresta" in text and "Sambang" in text and "articles" in text
    assert sum(1 for line in lines if "total" in line) == 1 + 4  # per polres + grand total


def test_library_counts_whole_archive_without_an_index(archive):
    store = ArchiveStore(f"sqlite:///{archive / 'archive.db'}", create=False)
    assert count(store.Session, None, ["year"]).margins[0] == {"2024": 3, "2025": 1}
    assert count(store.Session, None, ["year"], count_duplicates=True).total == 5


# -- on the crawled replica ---------------------------------------------------------------
FILTER_SETS = [(), ("--program", "Cooling System"), ("--region", "Jatim"),
               ("--since", "2024-09", "--until", "2024-11"), ("pilkada",)]


@pytest.mark.parametrize("filters", FILTER_SETS, ids=lambda f: " ".join(f) or "all")
def test_stats_totals_equal_export_rows(crawled, filters):
    rows = jsonl(crawled.data_dir, *filters)
    assert rows
    by_all = stats_json(crawled.data_dir, *filters, "--by", "site", "--count-duplicates")
    assert by_all["total"] == len(rows)
    assert sum(by_all["totals"]["site"].values()) == len(rows)
    urls = {r["url"] for r in rows}
    originals = {r["url"] for r in rows if r["duplicate_of"] is None}
    stories = originals | {r["duplicate_of"] for r in rows
                           if r["duplicate_of"] and r["duplicate_of"] not in urls}
    once = stats_json(crawled.data_dir, *filters, "--by", "month")
    assert once["total"] == len(stories)
    assert sum(once["totals"]["month"].values()) == len(stories)


def test_demo_archive_tables_fit_80_columns(crawled):
    lines = table_lines(crawled.data_dir, "--by", "program", "--by", "month")
    # more months than programs: months down the rows, the largest programs across
    months = [line.split("│")[1].strip() for line in lines if line.startswith("│ 20")]
    assert len(months) > 12 and months == sorted(months)
    for by in (("polres", "program"), ("site", "year"), ("polres",)):
        lines = table_lines(crawled.data_dir, *[a for d in by for a in ("--by", d)])
        assert any(line.startswith("│ total") for line in lines), by


def test_chart_is_a_real_figure(crawled, tmp_path):
    from PIL import Image

    for name, by, size in (("series.png", ("program", "month"), (1650, 1320)),
                           ("bars.png", ("polres",), (1650, 900))):
        path = tmp_path / name
        args = [a for d in by for a in ("--by", d)]
        run(crawled.data_dir, "stats", *args, "--chart", str(path), "--format", "csv")
        img = Image.open(path).convert("L")
        assert img.size == size
        hist = img.histogram()
        ink = sum(hist[:200]) / (img.size[0] * img.size[1])
        assert 0.01 < ink < 0.5, f"{name}: {ink:.3f} of the pixels are drawn"
