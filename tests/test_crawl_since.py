"""``humas crawl --since DATE``: a first crawl bounded to recent articles, on the replica web.

Every article published from the bound on is archived, none before it, and the crawl spends
fewer requests than a full one (old sitemap entries, old feed entries and old listing pages
are not fetched).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from urllib.parse import urlsplit

from archive.urls import canonicalize
from crawler.since import SinceBound, page_dates, url_month
from tests.conftest import FAST, env_for, humas

SINCE = "2024-07"


def test_since_bounds_a_first_crawl(tmp_path):
    from replica import ReplicaWeb

    with ReplicaWeb() as web:
        sites_file = tmp_path / "sites.yaml"
        web.write_sites_yaml(sites_file)
        proc = humas("crawl", "--sites", str(sites_file), "--no-progress", "--since", SINCE,
                     *FAST, env=env_for(tmp_path))
        bounded = len(web.requests)
        bound = datetime.fromisoformat("2024-07-01T00:00:00+07:00")
        recent = {canonicalize(a["url"]) for a in web.truth["articles"]
                  if datetime.fromisoformat(a["published"]) >= bound}
        old = {urlsplit(a["url"]).path for a in web.truth["articles"]
               if datetime.fromisoformat(a["published"]) < bound}
        old_fetched = {r["path"] for r in web.requests} & old
    con = sqlite3.connect(tmp_path / "archive.db")
    stored = {r[0] for r in con.execute("select url from articles")}
    oldest = con.execute("select min(published) from articles").fetchone()[0]
    con.close()
    assert stored == recent, (sorted(recent - stored)[:3], sorted(stored - recent)[:3])
    assert oldest >= "2024-06-30 17:00"  # stored in UTC: 1 July 2024, 00:00 WIB
    # Old articles found only through undated links are still fetched (then not stored);
    # those in dated sitemaps, feeds and URLs are not. A full crawl costs 314 requests.
    assert len(old_fetched) <= 0.75 * len(old), sorted(old_fetched)
    assert bounded < 314, proc.stderr[-1500:]


def test_since_reads_urls_listings_and_rejects_a_bad_date(tmp_path):
    assert url_month("https://x.blogspot.com/2019/05/patroli.html") == (2019, 5)
    assert url_month("https://x.id/berita/20310/slug") is None
    bound = SinceBound.from_setting("2024-07-01T00:00:00+07:00")
    assert bound.older_url("https://x.id/2024/06/30/slug/")
    assert not bound.older_url("https://x.id/2024/07/01/slug/")
    listing = b"".join(b'<article><time datetime="2023-0%d-01T08:00:00+07:00">x</time>'
                       b'</article>' % m for m in range(1, 7))
    sidebar = b'<aside><time datetime="2024-11-01T08:00:00+07:00">new</time></aside>'
    assert bound.older_listing(listing + sidebar)  # a sidebar of new posts does not count
    assert not bound.older_listing(sidebar * 4 + listing)
    assert not bound.older_listing(b"<p>no dates at all</p>")  # no evidence: keep walking
    visible = b"<li>Kamis, 7 November 2023 - 09:30 WIB</li>"
    assert page_dates(visible)[0].year == 2023
    proc = humas("crawl", "--since", "2024-13", env=env_for(tmp_path), check=False)
    assert proc.returncode != 0 and "no month 13" in proc.stderr
    assert not (tmp_path / "archive.db").exists()
