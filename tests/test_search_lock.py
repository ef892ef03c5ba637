"""Writers of the index take turns: a rebuild never swaps the directory under an open
incremental writer, a busy index is one line from ``humas reindex``, temporary files are
private to their writer, and caches that do not fit their segment or generation are ignored."""

from __future__ import annotations

import pickle
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest
from whoosh.index import LockError

from archive.store import ArchiveStore
from search import analysis, columns, indexer, reader, segpost
from search.query import run_search
from tests.conftest import env_for, humas
from tests.test_search_index import add

WIB = timezone(timedelta(hours=7))
HOLD = """
import fcntl, sys, time
fd = open(sys.argv[1], "w")
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


@pytest.fixture
def archive(tmp_path):
    store = ArchiveStore(f"sqlite:///{tmp_path / 'archive.db'}")
    sid = store.site_id("a", "http://a.id/")
    ids = [add(store, sid, i, f"Polisi {i}", "polisi pasar", datetime(2024, 1, 1 + i, tzinfo=WIB))
           for i in range(3)]
    indexer.rebuild(tmp_path / "index", store)
    yield tmp_path, store, ids
    reader.close_all()


def hold_lock(data, seconds):
    """Another process holding the index's write lock (as a crawl's update does)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(data / indexer.LOCK_FILE),
                             str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_rebuild_waits_for_the_writer_of_another_process(archive):
    data, store, _ = archive
    proc = hold_lock(data, 1.0)
    try:
        t0 = time.monotonic()
        assert indexer.rebuild(data / "index", store) == 3
        assert time.monotonic() - t0 > 0.5  # it waited for the other writer's commit
    finally:
        proc.wait(5)
    assert run_search(data / "index", "polisi").total == 3
    assert indexer.read_watermark(data / "index") is not None
    assert not list(data.glob("index.rebuild*")) and not (data / "index.old").exists()


def test_busy_index_is_one_line_from_reindex(archive):
    data, _, _ = archive
    proc = hold_lock(data, 20)
    try:
        env = dict(env_for(data), HUMAS_INDEX_WAIT="0.3")
        got = humas("reindex", env=env, check=False)
        assert got.returncode != 0 and "Traceback" not in got.stderr
        assert got.stderr.strip().splitlines() == [
            "Error: the index is being written by another process (a crawl?); "
            "try again when it has finished"]
    finally:
        proc.kill()
        proc.wait(5)


def test_whoosh_write_lock_times_out_as_a_lock_error(archive, monkeypatch):
    data, store, ids = archive
    monkeypatch.setenv("HUMAS_INDEX_WAIT", "0.3")
    w = indexer.open_index(data / "index").writer()  # a writer outside our lock
    try:
        with pytest.raises(LockError):
            indexer.reindex_ids(data / "index", store, ids[:1])
        with pytest.raises(LockError):  # nor swaps the directory under that writer
            indexer.rebuild(data / "index", store)
        w.delete_by_term("id", ids[0])
        w.commit()
    finally:
        if not w.is_closed:
            w.cancel()
    assert run_search(data / "index", "polisi").total == 2
    assert indexer.reindex_ids(data / "index", store, ids[:1]) == 1
    assert run_search(data / "index", "polisi").total == 3


def test_caches_that_do_not_fit_are_ignored(archive):
    data, store, _ = archive
    ix_dir = data / "index"
    (hpost,) = ix_dir.glob("*.hpost")
    other = segpost.Builder()
    other.add({"text": (["pasar"], 0)})
    other.write(hpost)  # one document's postings where the segment has three
    segpost.forget()
    reader.close_all()
    assert run_search(ix_dir, "polisi pasar").total == 3
    assert run_search(ix_dir, '"polisi pasar"').total == 3
    ix = indexer.open_index(ix_dir)
    segpost.ensure(ix_dir, ix)  # derives it again
    assert segpost.SegmentPostings(hpost).ndocs == 3

    (pick,) = ix_dir.glob(f"{columns.PREFIX}*.pickle")
    cols = pickle.loads(pick.read_bytes())
    cols.ndocs = 2
    pick.write_bytes(pickle.dumps(cols))
    columns._CACHE.clear()
    with ix.reader() as r:
        assert columns.load(ix, ix_dir, r).ndocs == 3
    assert not list(ix_dir.glob("*.tmp"))


def test_analyzer_memos_stay_bounded(monkeypatch):
    ana = analysis.indonesian_analyzer()
    long = "polisi-" * 20  # one whitespace chunk of 140 characters
    assert ana.terms(long)[0] == ["polisi"] * 20
    assert long not in analysis._CHUNKS
    monkeypatch.setattr(analysis, "_MEMO_LIMIT", 5)
    analysis._CHUNKS.clear()
    analysis._MEMO.clear()
    ana.terms(" ".join(f"kata{i}" for i in range(20)))
    assert 0 < len(analysis._CHUNKS) <= 5 and 0 < len(analysis._MEMO) <= 5
    assert ana.terms("Petugas mengamankan dan diamankan")[0] == ["tugas", "aman", "aman"]
