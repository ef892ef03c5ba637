"""``humas retag``: re-apply the settings to stored articles, on a copy of the crawled archive.

The session crawl (``crawled``) is shared by other tests, so only the no-change runs touch it;
the runs that change tags work on a copy of its data directory.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from archive.store import ArchiveStore
from tests.conftest import ROOT, env_for, humas


def _programs(data_dir: Path) -> dict[str, list[str]]:
    store = ArchiveStore(f"sqlite:///{data_dir / 'archive.db'}", create=False)
    return {a.url: list(a.programs or []) for a in store.iter_articles()}


@pytest.fixture
def copy(crawled, tmp_path):
    """A private copy of the crawled archive and of the settings, with its environment."""
    data = tmp_path / "data"
    shutil.copytree(crawled.data_dir, data)
    settings = tmp_path / "settings"
    settings.mkdir()
    for name in ("programs.yaml", "regions.yaml"):
        shutil.copy(ROOT / "settings" / name, settings / name)
    env = env_for(data)
    env["HUMAS_SETTINGS_DIR"] = str(settings)
    env["HUMAS_SITES"] = str(data / "sites.yaml")
    return data, settings, env


def _drop_sambang_affixes(settings: Path) -> None:
    path = settings / "programs.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  affixed_roots: [sambang]\n" in text
    path.write_text(text.replace("  affixed_roots: [sambang]\n", ""), encoding="utf-8")


def test_current_settings_change_nothing(crawled):
    out = json.loads(crawled.humas("retag", "--format", "json", "--sites", str(crawled.sites_file)).stdout)
    assert out["checked"] == len(crawled.web.truth["articles"]) and out["changed"] == 0
    assert out["changes"] == {"program": {}, "polda": {}, "polres": {}}


def test_dry_run_reports_and_writes_nothing(copy):
    data, settings, env = copy
    before = _programs(data)
    _drop_sambang_affixes(settings)
    proc = humas("retag", "--dry-run", "--format", "json", env=env)
    out = json.loads(proc.stdout)
    lost = sum(1 for progs in before.values() if "Sambang" in progs)
    assert out["dry_run"] is True and 0 < out["changed"] <= lost
    assert out["changes"]["program"]["Sambang"]["removed"] == out["changed"]
    assert _programs(data) == before


def test_retag_updates_database_and_index(copy):
    data, settings, env = copy
    hits_before = json.loads(humas("search", "", "--program", "Sambang", "--format", "json", env=env).stdout)
    _drop_sambang_affixes(settings)
    proc = humas("retag", env=env)
    assert "Sambang" in proc.stdout and "changed" in proc.stdout
    removed = int(next(line for line in proc.stdout.splitlines() if "Sambang" in line).split("│")[-2])
    after = _programs(data)
    hits_after = json.loads(humas("search", "", "--program", "Sambang", "--format", "json", env=env).stdout)
    assert removed > 0
    assert sum("Sambang" in p for p in after.values()) == hits_before["total"] - removed
    assert hits_after["total"] == hits_before["total"] - removed  # the index followed
    again = json.loads(humas("retag", "--format", "json", env=env).stdout)
    assert again["changed"] == 0  # idempotent


@pytest.mark.parametrize("bad, message", [
    ("entries:\n- name: X\n  kind: recurring_program\n  alias: [x]\n",
     "programs.yaml:4: unknown key 'alias' in program 'X'; did you mean 'aliases'?"),
    ("entries:\n- name: X\n  kind: [\n", "programs.yaml:4:"),
])
def test_bad_settings_one_line_error_and_nothing_changes(copy, bad, message):
    data, settings, env = copy
    before = _programs(data)
    (settings / "programs.yaml").write_text(bad, encoding="utf-8")
    proc = humas("retag", env=env, check=False)
    assert proc.returncode == 1 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr
    assert _programs(data) == before
