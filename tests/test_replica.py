"""The replica web over real HTTP: discovery documents, HTTP semantics, truth, determinism."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from replica import ReplicaWeb
from replica.content.seeds import load_seeds

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"
OS = "{http://a9.com/-/spec/opensearchrss/1.0/}"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003 - urllib signature
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with OPENER.open(req, timeout=5) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.fixture(scope="module")
def web():
    with ReplicaWeb() as w:
        yield w


def site(web: ReplicaWeb, name: str):
    return next(s for s in web.sites if s.name == name)


def urls_of(web: ReplicaWeb, name: str) -> set[str]:
    return {a["url"] for a in web.truth["articles"] if a["site"] == name}


def sitemap_locs(url: str) -> set[str]:
    """Follow a sitemap (index) like a crawler would and return the page URLs it lists."""
    status, _, body = get(url)
    assert status == 200, url
    root = ET.fromstring(body)
    if root.tag == f"{SM}sitemapindex":
        out: set[str] = set()
        for loc in root.iter(f"{SM}loc"):
            out |= sitemap_locs(loc.text)
        return out
    return {loc.text for loc in root.iter(f"{SM}loc")}


def robots_sitemap(url: str) -> str:
    _, _, body = get(url + "robots.txt")
    lines = [line.split(":", 1)[1].strip() for line in body.decode().splitlines() if line.startswith("Sitemap:")]
    assert lines, f"no Sitemap: line at {url}robots.txt"
    return lines[0]


def test_sites_on_own_addresses(web):
    hosts = [urlsplit(s.url).hostname for s in web.sites]
    assert len(set(hosts)) == len(hosts)
    assert {s.family for s in web.sites} == {"wordpress", "blogger", "portal", "network", "media"}
    assert urlsplit(web.outside_url).hostname not in hosts


@pytest.mark.parametrize("name", ["tribratanews-jatim", "lensanusantara", "beritabhayangkara-blogspot", "jember-opinipublik"])
def test_robots_sitemaps_list_every_article(web, name):
    listed = sitemap_locs(robots_sitemap(site(web, name).url))
    assert urls_of(web, name) <= listed


def test_wordpress_core_sitemap_index_has_sub_sitemaps(web):
    _, _, body = get(site(web, "tribratanews-jatim").url + "wp-sitemap.xml")
    locs = [loc.text for loc in ET.fromstring(body).iter(f"{SM}loc")]
    assert any(loc.endswith("wp-sitemap-posts-post-1.xml") for loc in locs)
    assert any("wp-sitemap-users-1.xml" in loc for loc in locs)


def test_wordpress_feed_paging(web):
    base = site(web, "tribratanews-jatim").url
    first = ET.fromstring(get(base + "feed/")[2]).findall("./channel/item/link")
    second = ET.fromstring(get(base + "feed/?paged=2")[2]).findall("./channel/item/link")
    assert len(first) == 10 and second
    assert {e.text for e in first} | {e.text for e in second} == urls_of(web, "tribratanews-jatim")
    assert get(base + "feed/?paged=9")[0] == 404


def test_blogger_feed_paging_and_mobile_twin(web):
    base = site(web, "beritabhayangkara-blogspot").url
    url, seen = base + "feeds/posts/default?start-index=1&max-results=5", []
    while url:
        root = ET.fromstring(get(url)[2])
        total = int(root.find(f"{OS}totalResults").text)
        seen += [ln.get("href") for e in root.iter(f"{ATOM}entry") for ln in e.iter(f"{ATOM}link") if ln.get("rel") == "alternate"]
        nxt = [ln.get("href") for ln in root.findall(f"{ATOM}link") if ln.get("rel") == "next"]
        url = nxt[0] if nxt else None
    assert len(seen) == total and set(seen) == urls_of(web, "beritabhayangkara-blogspot")
    post = seen[0]
    desktop, mobile = get(post)[2].decode(), get(post + "?m=1")[2].decode()
    assert f'{post}?m=1' in desktop and 'rel="canonical"' in mobile and f'href="{post}" rel="canonical"' in mobile
    assert "Disallow: /search" in get(base + "robots.txt")[2].decode()


def test_conditional_get_304(web):
    url = site(web, "tribratanews-jatim").url
    status, headers, _ = get(url)
    assert status == 200 and headers["ETag"] and headers["Last-Modified"]
    assert get(url, {"If-None-Match": headers["ETag"]})[0] == 304
    assert get(url, {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    assert get(url, {"If-None-Match": '"other"'})[0] == 200


def test_portal_quirks(web):
    truth = web.truth
    flaky = truth["retry_once"][0]
    assert get(flaky)[0] == 503 and get(flaky)[0] == 200
    short, target = next(iter(truth["short_links"].items()))
    status, headers, _ = get(short)
    assert status == 301 and headers["Location"] == target
    base = site(web, "tribratanews-polri").url
    assert get(base + "sitemap.xml")[0] == 404 and get(base + "feed")[0] == 404
    assert "Disallow: /cari" in get(base + "robots.txt")[2].decode()
    pages = [get(a["url"])[2].decode() for a in truth["articles"] if a["site"] == "tribratanews-polri"]
    pdfs = [m for page in pages for m in re.findall(r'href="([^"]+\.pdf)"', page)]
    assert len(pdfs) == 1
    status, headers, body = get(pdfs[0])
    assert status == 200 and headers["Content-Type"] == "application/pdf" and body.startswith(b"%PDF-")
    assert get(base + "tautan/lapor")[1]["Location"].startswith(web.outside_url)


def test_unknown_path_404_html(web):
    status, headers, body = get(site(web, "jember-humas").url + "tidak/ada")
    assert status == 404 and headers["Content-Type"].startswith("text/html") and b"<html" in body


def test_truth_counts_and_seeds(web):
    truth = web.truth
    assert len(truth["articles"]) >= 65
    by_seed = {a["seed"]: a for a in truth["articles"] if a["seed"]}
    assert sorted(by_seed) == ["000", "001", "002", "003", "004"]
    assert by_seed["000"]["text"].startswith("JEMBER \u2013 Menjelang")
    assert by_seed["000"]["text"].endswith("kata Iptu Dian. (*)")
    assert by_seed["003"]["author"] == "KARAWANG"
    assert by_seed["000"]["published"] == "2024-11-08T11:35:00+07:00"
    for code, art in load_seeds().items():
        page = get(by_seed[code]["url"])[2].decode()
        assert by_seed[code]["text"] == art.text
        assert all(p.replace('"', "&quot;").replace("'", "&#x27;") in page for p in art.paragraphs)
    assert sum(1 for a in truth["articles"] if a["syndicated_from"]) >= 1


def test_deterministic(web):
    other = ReplicaWeb().start()
    try:
        def norm(w: ReplicaWeb, text: str) -> str:
            for s in w.sites:
                text = text.replace(s.url.rstrip("/"), f"<{s.name}>")
            return text.replace(w.outside_url.rstrip("/"), "<outside>")
        assert norm(web, repr(web.truth)) == norm(other, repr(other.truth))
        for a, b in zip(web.sites, other.sites, strict=True):
            for path in ("", "robots.txt"):
                assert norm(web, get(a.url + path)[2].decode()) == norm(other, get(b.url + path)[2].decode())
    finally:
        other.stop()


def test_prerendered_pages_are_the_pages_served_on_demand(web):
    """``--prerender`` (the crawl benchmark's) fills the page cache; what is served is the same,
    and the stateful quirks (a 503 on the first request) still happen."""
    with ReplicaWeb() as cached:
        assert cached.prerender() > len(cached.truth["articles"])
        flaky = cached.truth["retry_once"][0]
        pairs = [(fresh, ready) for fresh, ready in zip(web.truth["articles"],
                                                         cached.truth["articles"], strict=True)
                 if urlsplit(ready["url"]).path not in
                 {urlsplit(u).path for u in cached.truth["retry_once"]}]
        for fresh, ready in pairs[:: max(1, len(pairs) // 8)]:
            assert urlsplit(fresh["url"]).path == urlsplit(ready["url"]).path
            assert get(ready["url"])[2].replace(_netloc(ready["url"]), b"") == \
                get(fresh["url"])[2].replace(_netloc(fresh["url"]), b"")
        assert get(flaky)[0] == 503 and get(flaky)[0] == 200


def _netloc(url: str) -> bytes:
    return urlsplit(url).netloc.encode()
