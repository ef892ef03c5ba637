"""The crawl lock: a second crawl of the same archive leaves at once with exit code 75."""

import subprocess
import sys

from archive.runlock import Locked, RunLock
from tests.conftest import ROOT, env_for


def test_second_holder_is_refused_and_lock_frees_on_release(tmp_path):
    first = RunLock(tmp_path / "crawl.lock").acquire()
    try:
        RunLock(tmp_path / "crawl.lock").acquire()
        raise AssertionError("second lock was granted")
    except Locked as exc:
        assert "another crawl is running" in str(exc)
    first.release()
    RunLock(tmp_path / "crawl.lock").acquire().release()


def test_concurrent_crawl_exits_75_with_one_line(tmp_path):
    sites = tmp_path / "sites.yaml"
    sites.write_text("sites:\n  - {name: a, url: 'http://127.0.0.1:9/'}\n")
    holder = RunLock(tmp_path / "crawl.lock").acquire()
    try:
        proc = subprocess.run([sys.executable, "-m", "humas", "crawl", "--sites", str(sites)],
                              cwd=ROOT, env=env_for(tmp_path), capture_output=True, text=True,
                              timeout=60)
    finally:
        holder.release()
    assert proc.returncode == 75
    assert proc.stderr.strip().count("\n") == 0 and "another crawl is running" in proc.stderr
