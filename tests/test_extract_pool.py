"""The extraction pool queues pages ahead of its workers, through pipes that hold a page."""

from __future__ import annotations

import sys
from concurrent.futures import process as futures_process
from pathlib import Path

import pytest

from archive import config
from archive.process import process_page
from crawler.pipelines.extract import PIPE_BYTES, QUEUED_AHEAD, _start_pool

ARTICLE = ("<html><head><title>Patroli dialogis</title></head><body><article>"
           "<h1>Patroli dialogis</h1><p>Jumat, 8 November 2024 - 09:30 WIB</p>"
           + "".join(f"<p>Personel Polres Jember menyapa pedagang pasar nomor {i} sambil "
                     f"membagikan {i + 2} selebaran pesan kamtibmas kepada warga.</p>"
                     for i in range(12))
           + "</article></body></html>").encode()


@pytest.fixture(scope="module")
def pool():
    pool = _start_pool(1, 0, str(config.programs_path()), str(config.regions_path()))
    yield pool
    pool.shutdown(wait=True)


def test_pages_are_queued_ahead_and_the_stdlib_default_is_left_alone(pool) -> None:
    assert pool._call_queue._maxsize == 1 + QUEUED_AHEAD
    assert futures_process.EXTRA_QUEUED_CALLS == 1  # other pools in this process unchanged


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="F_SETPIPE_SZ is Linux's")
def test_call_and_result_pipes_hold_several_pages(pool) -> None:
    import fcntl

    for queue in (pool._call_queue, pool._result_queue):
        assert fcntl.fcntl(queue._writer.fileno(), fcntl.F_GETPIPE_SZ) >= min(
            PIPE_BYTES, int(Path("/proc/sys/fs/pipe-max-size").read_text()))


def test_many_pages_in_flight_all_come_back_extracted(pool) -> None:
    futures = [pool.submit(process_page, ARTICLE, "utf-8", f"http://a.id/berita/{i}/patroli")
               for i in range(3 * QUEUED_AHEAD)]
    results = [f.result(timeout=60) for f in futures]
    assert all(r.extracted.is_article for r in results), results[0].extracted.article_reasons
    assert {r.extracted.url for r in results} == {f"http://a.id/berita/{i}/patroli"
                                                  for i in range(3 * QUEUED_AHEAD)}
