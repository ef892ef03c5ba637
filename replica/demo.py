"""`make demo`: start the replica web, crawl it with the real spider, show real searches.

Everything goes to ``data/demo`` (a fresh archive each run), so it never mixes with an
archive of real sites in ``data/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from replica import ReplicaWeb

ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = ROOT / "data" / "demo"
SEARCHES = [
    ("Journalist: which Polres ran Jumat Curhat in Jawa Timur before the 2024 Pilkada?",
     ["", "--program", "Jumat Curhat", "--region", "Jatim", "--until", "2024-11-27",
      "--sort", "newest", "--limit", "5"]),
    ("Words, stemmed: 'diamankan' also finds 'mengamankan'",
     ["diamankan", "--limit", "3"]),
    ("Cooling System around the Pilkada, Polda Jawa Barat",
     ["cooling system", "--region", "Polda Jawa Barat", "--since", "2024-09", "--limit", "3"]),
]


def run(args: list[str], env: dict) -> int:
    return subprocess.call([sys.executable, "-m", "humas", *args], cwd=ROOT, env=env)


def main() -> int:
    shutil.rmtree(DEMO_DIR, ignore_errors=True)
    DEMO_DIR.mkdir(parents=True)
    env = {**os.environ, "HUMAS_DATA_DIR": str(DEMO_DIR)}
    with ReplicaWeb() as web:
        sites = DEMO_DIR / "sites.yaml"
        web.write_sites_yaml(sites)
        print(f"Replica web: {len(web.sites)} sites on loopback, "
              f"{len(web.truth['articles'])} articles. Crawling with the real spider...\n",
              flush=True)
        if run(["crawl", "--sites", str(sites), "-s", "DOWNLOAD_DELAY=0.05"], env) != 0:
            return 1
    for title, args in SEARCHES:
        print(f"\n$ humas search {' '.join(repr(a) if ' ' in a or not a else a for a in args)}")
        print(f"# {title}", flush=True)
        run(["search", *args], env)
    print(f"\nThe demo archive is in {DEMO_DIR}. Try, for example:\n"
          f"  HUMAS_DATA_DIR={DEMO_DIR.relative_to(ROOT)} .venv/bin/humas search 'patroli' "
          f"--format json\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
