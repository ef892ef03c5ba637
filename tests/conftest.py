"""Shared fixtures: the replica web on loopback and one real crawl of it through the CLI.

The crawl runs once per test session (it is the expensive part) and every end-to-end test
reads what it left: the SQLite file, the Whoosh index and the replica's request log.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Politeness stays on (robots, per-site concurrency); only the delays shrink for loopback.
FAST = ["-s", "DOWNLOAD_DELAY=0.02", "-s", "AUTOTHROTTLE_START_DELAY=0.02"]


def humas(*args: str, env: dict | None = None, check: bool = True,
          input: str | None = None) -> subprocess.CompletedProcess:
    """Run the real ``humas`` CLI in a subprocess."""
    proc = subprocess.run([sys.executable, "-m", "humas", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, input=input, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"humas {' '.join(args)} failed ({proc.returncode}):\n"
                             f"{proc.stderr[-3000:]}")
    return proc


@dataclass
class CrawledArchive:
    web: object
    data_dir: Path
    sites_file: Path
    env: dict
    crawl: subprocess.CompletedProcess
    requests: list[dict]

    def humas(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return humas(*args, env=self.env, check=check)

    def search_json(self, *args: str) -> dict:
        return json.loads(self.humas("search", *args, "--format", "json").stdout)

    def export_rows(self, *args: str) -> list[dict]:
        out = self.humas("export", *args, "--format", "jsonl").stdout
        return [json.loads(line) for line in out.splitlines() if line.strip()]


def env_for(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUMAS_")}
    env.update(HUMAS_DATA_DIR=str(data_dir), HUMAS_SETTINGS_DIR=str(ROOT / "settings"),
               PYTHONPATH=str(ROOT))
    return env


@pytest.fixture(scope="session")
def replica_web():
    from replica import ReplicaWeb

    with ReplicaWeb() as web:
        yield web


@pytest.fixture(scope="session")
def crawled(replica_web, tmp_path_factory) -> CrawledArchive:
    data_dir = tmp_path_factory.mktemp("archive")
    sites_file = data_dir / "sites.yaml"
    replica_web.write_sites_yaml(sites_file)
    replica_web.clear_requests()
    env = env_for(data_dir)
    proc = humas("crawl", "--sites", str(sites_file), "--no-progress", *FAST, env=env)
    requests = list(replica_web.requests)
    return CrawledArchive(replica_web, data_dir, sites_file, env, proc, requests)
