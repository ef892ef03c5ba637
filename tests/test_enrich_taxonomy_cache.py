"""The pickled taxonomy in the data directory: what extraction workers start from.

Each test runs fresh interpreters (a worker is one), with HUMAS_DATA_DIR in tmp_path.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.test_enrich_taxonomy import MINI_PROGRAMS, write

ROOT = Path(__file__).resolve().parents[1]
# Loads the taxonomy the way init_worker does; prints whether it was built, whether the YAML
# machinery was imported at all, and the taxonomy's program keys.
LOAD = """
import sys
from archive.enrich import taxonomy as t
build = t.build_taxonomy
def counted(*args):
    print("built")
    return build(*args)
t.build_taxonomy = counted
tax = t.load_taxonomy(sys.argv[1], sys.argv[2])
print("yaml" if "yaml" in sys.modules else "no yaml")
print(sorted(tax.program_keys))
"""


def load(data: Path, p: Path, r: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", LOAD, str(p), str(r)], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, env={**os.environ, "HUMAS_DATA_DIR": str(data)})


def run(data: Path, p: Path, r: Path) -> list[str]:
    out, _ = load(data, p, r).communicate(timeout=60)
    return out.splitlines()


def test_a_second_process_starts_from_the_cache_without_yaml(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    p, r = write(tmp_path)
    first = run(data, p, r)
    assert first[0] == "built"
    assert len(list((data / "cache").glob("taxonomy-*.pickle"))) == 1
    assert run(data, p, r) == ["no yaml", first[-1]]


def test_an_edit_that_keeps_mtime_and_size_still_rebuilds(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    p, r = write(tmp_path, programs=MINI_PROGRAMS.replace("[Jumat Curhat]", "[Jumat Curhat, Jumcur]"))
    assert "'jumcur'" in run(data, p, r)[-1]
    stamp = p.stat()
    p.write_text(p.read_text().replace("Jumcur", "Jumkur"))  # same size
    os.utime(p, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    again = run(data, p, r)
    assert again[0] == "built" and "'jumkur'" in again[-1] and "'jumcur'" not in again[-1]


def test_workers_starting_together_build_it_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    p, r = ROOT / "settings" / "programs.yaml", ROOT / "settings" / "regions.yaml"  # ~0.3 s
    procs = [load(data, p, r) for _ in range(3)]
    outs = [proc.communicate(timeout=60)[0].splitlines() for proc in procs]
    assert sum(out[0] == "built" for out in outs) == 1
    assert len({out[-1] for out in outs}) == 1  # the same taxonomy everywhere


def test_no_data_directory_means_no_cache(tmp_path: Path) -> None:
    p, r = write(tmp_path)
    assert run(tmp_path / "missing", p, r)[0] == "built"
    assert not (tmp_path / "missing").exists()
