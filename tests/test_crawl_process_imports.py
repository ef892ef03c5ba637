"""The crawler's own process stays light: extraction (trafilatura, dateparser) loads only in
the worker processes, so its start-up and memory are not spent on them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import pickle, sys
import crawler.spiders.news, crawler.pipelines.extract, crawler.pipelines.store
from archive.dates import parse_iso
assert parse_iso("2024-11-08T09:30:00+07:00") is not None
sys.path.insert(0, {root!r})
# what a worker sends back, unpickled here as the pool does
result = pickle.loads({payload!r})
assert result.title == "Judul"
print(sorted(m for m in ("trafilatura", "dateparser", "archive.extract", "htmldate", "justext")
             if m in sys.modules))
"""


def test_crawler_process_reads_worker_results_without_extraction_libraries():
    from archive.extract import extract

    html = ("<html><head><title>Judul</title></head><body><article><h1>Judul</h1>"
            + "<p>Polres Jember menggelar patroli dialogis di pasar.</p>" * 20
            + "</article></body></html>")
    import pickle

    payload = pickle.dumps(extract(html, "http://a.id/2024/11/08/judul/"))
    out = subprocess.run([sys.executable, "-c", PROBE.format(root=str(ROOT), payload=payload)],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
