"""Loading, validating and querying the taxonomy (settings/programs.yaml, settings/regions.yaml)."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from archive.enrich import Taxonomy, TaxonomyError, enrich, load_taxonomy
from archive.enrich.affixes import affixed_forms

ROOT = Path(__file__).resolve().parents[1]
PROGRAMS = ROOT / "settings" / "programs.yaml"
REGIONS = ROOT / "settings" / "regions.yaml"
MINI_REGIONS = """\
- polda: Polda Jawa Timur
  aliases: [Polda Jatim]
  province: Jawa Timur
  hq: Surabaya
  polres:
    - name: Polres Jember
      kind: polres
      aliases: [Polres Jember]
      covers: [Kabupaten Jember]
"""
MINI_PROGRAMS = """\
entries:
- name: Jumat Curhat
  kind: recurring_program
  aliases: [Jumat Curhat]
"""


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return load_taxonomy()


def write(tmp_path: Path, programs: str = MINI_PROGRAMS, regions: str = MINI_REGIONS) -> tuple[Path, Path]:
    p, r = tmp_path / "programs.yaml", tmp_path / "regions.yaml"
    p.write_text(programs)
    r.write_text(regions)
    return p, r


def error_of(tmp_path: Path, **files: str) -> str:
    p, r = write(tmp_path, **files)
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(p, r)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_default_files_load(tax: Taxonomy) -> None:
    assert len(tax.polda_names) == 36
    assert len(tax.polres_names) >= 500
    for name in ("Cooling System", "Jumat Curhat", "Curhat Kamtibmas", "Jagongan Kamtibmas", "Sambang",
                 "Patroli Dialogis", "Minggu Kasih", "Polisi RW", "Operasi Mantap Praja",
                 "Operasi Mantap Brata", "Operasi Ketupat", "Operasi Zebra", "Police Goes to School",
                 "KRYD", "Patroli Gabungan", "Polmas"):
        assert name in tax.program_names
    assert len(tax.program_names) >= 55


def test_cached_per_path_and_mtime(tmp_path: Path) -> None:
    p, r = write(tmp_path)
    first = load_taxonomy(p, r)
    assert load_taxonomy(str(p), str(r)) is first
    p.write_text(MINI_PROGRAMS.replace("[Jumat Curhat]", "[Jumat Curhat, Jumcur]"))
    os.utime(p, ns=(p.stat().st_mtime_ns + 10**9, p.stat().st_mtime_ns + 10**9))
    second = load_taxonomy(p, r)
    assert second is not first
    assert second.resolve_program("jumcur") == "Jumat Curhat"


def test_picklable(tax: Taxonomy) -> None:
    clone = pickle.loads(pickle.dumps(tax))
    text = "JEMBER – Kapolres Jember menggelar Jum'at Curhat."
    assert enrich("", text, None, clone) == enrich("", text, None, tax)


@pytest.mark.parametrize(("name", "canonical"), [
    ("jumat curhat", "Jumat Curhat"), ("Jum’at Curhat", "Jumat Curhat"), ("JUM'AT CURHAT", "Jumat Curhat"),
    ("Ops Ketupat", "Operasi Ketupat"), ("kryd", "KRYD"), ("Kegiatan Rutin Yang Ditingkatkan", "KRYD"),
    ("polmas", "Polmas"), ("Presisi", "Presisi"), ("PGTS", "Police Goes to School"),
])
def test_resolve_program(tax: Taxonomy, name: str, canonical: str) -> None:
    assert tax.resolve_program(name) == canonical


def test_resolve_program_did_you_mean(tax: Taxonomy) -> None:
    with pytest.raises(TaxonomyError, match=r"unknown program 'Jumat Curhaat'; did you mean 'Jumat Curhat'\?"):
        tax.resolve_program("Jumat Curhaat")


def test_resolve_region(tax: Taxonomy) -> None:
    jatim = tax.resolve_region("Jatim")
    assert jatim["kind"] == "polda" and jatim["polda"] == "Polda Jawa Timur"
    assert "Polres Jember" in jatim["polres"]
    assert tax.resolve_region("Polda Jawa Timur")["polres"] == jatim["polres"]
    jember = tax.resolve_region("Jember")
    assert jember["kind"] == "kabupaten_kota"
    assert (jember["polda"], jember["polres"]) == ("Polda Jawa Timur", ["Polres Jember"])
    unit = tax.resolve_region("Polres Jember")
    assert unit == {"kind": "polres", "name": "Polres Jember", "polda": "Polda Jawa Timur",
                    "polres": ["Polres Jember"], "kabupaten_kota": ["Kabupaten Jember"]}
    assert tax.resolve_region("Mapolres Jember")["polres"] == ["Polres Jember"]
    malang = tax.resolve_region("Malang")
    assert set(malang["kabupaten_kota"]) == {"Kabupaten Malang", "Kota Malang"}
    banjar = tax.resolve_region("Polres Banjar")
    assert banjar["polda"] is None  # two Polda have a Polres Banjar


def test_resolve_region_did_you_mean(tax: Taxonomy) -> None:
    with pytest.raises(TaxonomyError, match=r"unknown region 'Polres Jembr'; did you mean 'Polres Jember'\?"):
        tax.resolve_region("Polres Jembr")


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    bad = MINI_PROGRAMS + "- name: Sambang\n  aliases: [sambang\n  kind: routine_activity\n"
    message = error_of(tmp_path, programs=bad)
    assert message.startswith(f"{tmp_path / 'programs.yaml'}:")
    line = int(message.split(":")[1])
    assert 5 <= line <= 7


def test_bad_indentation(tmp_path: Path) -> None:
    message = error_of(tmp_path, programs="entries:\n- name: A\n   kind: label\n  aliases: [a]\n")
    assert message.split(":")[1].isdigit()


@pytest.mark.parametrize(("programs", "line", "fragment"), [
    (MINI_PROGRAMS + "  alias: [x]\n", 5, "unknown key 'alias' in program 'Jumat Curhat'; did you mean 'aliases'?"),
    (MINI_PROGRAMS.replace("recurring_program", "weekly"), 3, "kind 'weekly' is not one of"),
    (MINI_PROGRAMS + "- name: Jumat Curhat Lagi\n  kind: label\n  aliases: [jumat curhat]\n", 7,
     "alias 'jumat curhat' of 'Jumat Curhat Lagi' is already an alias of 'Jumat Curhat' (line 4)"),
    (MINI_PROGRAMS + "- name: jumat curhat\n  kind: label\n", 5, "is defined twice (first at line 2)"),
    (MINI_PROGRAMS + "  aliases: [again]\n", 5, "duplicate key 'aliases'"),
    ("entries: []\n", 1, "'entries' must be a non-empty list"),
    ("- just a list\n", 1, "expected a mapping with 'entries:'"),
    (MINI_PROGRAMS + "  tag: maybe\n", 5, "'tag' must be true or false"),
])
def test_program_validation(tmp_path: Path, programs: str, line: int, fragment: str) -> None:
    message = error_of(tmp_path, programs=programs)
    assert message.startswith(f"{tmp_path / 'programs.yaml'}:{line}: "), message
    assert fragment in message


@pytest.mark.parametrize(("regions", "line", "fragment"), [
    (MINI_REGIONS.replace("kind: polres", "kind: polsek"), 7, "kind 'polsek' is not one of"),
    (MINI_REGIONS.replace("[Kabupaten Jember]", "[Jember]"), 9, "must start with 'Kabupaten ' or 'Kota '"),
    (MINI_REGIONS + "    - name: Polres Jember Dua\n      kind: polres\n      covers: [Kabupaten Jember]\n",
     12, "'Kabupaten Jember' is already covered by 'Polres Jember' (line 9)"),
    (MINI_REGIONS.replace("  hq: Surabaya", "  hq: Surabaya\n  hqq: x"), 5, "did you mean 'hq'?"),
    ("polda: x\n", 1, "expected a list of Polda entries"),
])
def test_region_validation(tmp_path: Path, regions: str, line: int, fragment: str) -> None:
    message = error_of(tmp_path, regions=regions)
    assert message.startswith(f"{tmp_path / 'regions.yaml'}:{line}: "), message
    assert fragment in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="nope.yaml: file not found"):
        load_taxonomy(tmp_path / "nope.yaml", REGIONS)


def test_relative_paths_from_repo_root(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    tax = load_taxonomy(programs_path="settings/programs.yaml", regions_path="settings/regions.yaml")
    assert "KRYD" in tax.program_names


def test_settings_copy_is_editable(tmp_path: Path) -> None:
    p, r = tmp_path / "p.yaml", tmp_path / "r.yaml"
    shutil.copy(PROGRAMS, p)
    shutil.copy(REGIONS, r)
    text = p.read_text().replace("aliases: [Jagongan Kamtibmas]", "aliases: [Jagongan Kamtibmas, Ngobrol Kamtibmas]")
    p.write_text(text)
    tax = load_taxonomy(p, r)
    assert enrich("", "Polres Lumajang gelar Ngobrol Kamtibmas.", None, tax).programs == ["Jagongan Kamtibmas"]


def test_affixed_forms() -> None:
    forms = affixed_forms("sambang")
    assert {"disambangi", "menyambangi", "sambangi", "penyambangan", "tersambangi"} <= set(forms)
