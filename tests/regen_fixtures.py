"""Regenerate the golden files of tests/test_extract.py.

    .venv/bin/python -m tests.regen_fixtures            # rewrite every <slug>.json from its .html.gz
    .venv/bin/python -m tests.regen_fixtures --capture  # first save fresh pages from the replica web

A golden file is ``extract(html, url).to_dict()`` with sorted keys; read the diff before committing:
the seeds are also checked against the seed texts, the rest only against the last accepted output.
``pages/unseen/`` is skipped: its pages and expectations are written by hand.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

from archive.extract import extract

if TYPE_CHECKING:
    from replica import ReplicaWeb

PAGES = Path(__file__).parent / "fixtures" / "pages"
HAND_WRITTEN = "unseen"  # pages/unseen/*.json are written by hand (tests/test_extract.py)
# non-article pages kept per family: (slug prefix, pattern on the path)
NON_ARTICLES = [
    ("home", r"^/$"),
    ("tag", r"/(?:tag|label)/"),
    ("about", r"tentang|profil|about|/redaksi/?$"),
]


def golden(html: bytes, url: str) -> str:
    """The expected-JSON text for one page."""
    return (
        json.dumps(extract(html, url).to_dict(), ensure_ascii=False, indent=2, sort_keys=True)
        + "\n"
    )


def regenerate() -> int:
    """Rewrite every <slug>.json from its <slug>.html.gz; returns how many changed."""
    changed = 0
    for page in sorted(PAGES.glob("*/*.html.gz")):
        if page.parent.name == HAND_WRITTEN:
            continue  # expectations decided by hand, never from the current output
        stem = page.name.removesuffix(".html.gz")
        url = json.loads((page.parent / f"{stem}.json").read_text(encoding="utf-8"))["url"]
        text = golden(gzip.decompress(page.read_bytes()), url)
        target = page.parent / f"{stem}.json"
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            changed += 1
            print(f"updated {target.relative_to(PAGES)}")
    return changed


def save(family: str, slug: str, url: str, html: bytes) -> None:
    """Store one captured page and its golden JSON."""
    folder = PAGES / family
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}.html.gz").write_bytes(gzip.compress(html, mtime=0))
    (folder / f"{slug}.json").write_text(golden(html, url), encoding="utf-8")
    print(f"captured {family}/{slug} <- {url}")


def fetch(url: str, attempts: int = 3) -> bytes:
    """GET one replica page (loopback only); some replica pages fail once on purpose."""
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read()
        except urllib.error.HTTPError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.2)
    raise AssertionError("unreachable")


def capture() -> None:
    """Save pages of every family from the replica web: seeds, articles and non-articles."""
    from replica import ReplicaWeb  # test-only dependency, imported late

    with ReplicaWeb() as web:
        for family, slug, url in capture_plan(web):
            save(family, slug, url, fetch(url))


def capture_plan(web: ReplicaWeb) -> list[tuple[str, str, str]]:
    """(family, slug, url): the five seeds, plus per family one article, the home page, a tag archive, an about page."""
    sites = {site.name: site for site in web.sites}
    plan: list[tuple[str, str, str]] = []
    families_done: set[str] = set()
    for article in web.truth["articles"]:
        family = sites[article["site"]].family
        if article["seed"]:
            plan.append((family, f"seed-{article['seed']}", article["url"]))
        elif family not in families_done and not article["syndicated_from"]:
            families_done.add(family)
            plan.append((family, f"article-{article['site']}", article["url"]))
    for family in sorted({site.family for site in web.sites} - {"outside"}):
        site = next(s for s in web.sites if s.family == family)
        others = [u for u in web.truth["non_articles"] if u.startswith(site.url)]
        for slug, pattern in NON_ARTICLES:
            url = next((u for u in others if re.search(pattern, u[len(site.url) - 1 :])), None)
            if url:
                plan.append((family, f"{slug}-{site.name}", url))
    return plan


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--capture", action="store_true", help="save fresh pages from replica/ first"
    )
    args = parser.parse_args(argv)
    if args.capture:
        capture()
    print(f"{regenerate()} golden file(s) changed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
