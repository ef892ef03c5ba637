import pytest

from archive.urls import canonicalize, same_site


@pytest.mark.parametrize(("url", "expected"), [
    ("HTTP://Example.ID:80/2024/11/post.html?m=1", "http://example.id/2024/11/post.html"),
    ("https://example.id/a/?utm_source=fb&utm_medium=x#comments", "https://example.id/a/"),
    ("https://example.id/berita?page=2&b=1", "https://example.id/berita?b=1&page=2"),
    ("https://example.id/p?showComment=123&id=5", "https://example.id/p?id=5"),
    ("https://example.id.", "https://example.id/"),
    ("http://127.0.0.11:8080/Path/X", "http://127.0.0.11:8080/Path/X"),
    ("https://example.id/post/?fbclid=abc&amp=1", "https://example.id/post/"),
])
def test_canonicalize(url, expected):
    assert canonicalize(url) == expected


def test_canonicalize_is_idempotent():
    u = canonicalize("https://X.id/a?z=1&m=0&a=2#f")
    assert canonicalize(u) == u == "https://x.id/a?a=2&z=1"


def test_same_site_accepts_subdomains_only():
    hosts = {"humas.co.id"}
    assert same_site("https://jember.humas.co.id/x", hosts)
    assert same_site("https://humas.co.id/x", hosts)
    assert not same_site("https://evilhumas.co.id/x", hosts)


def test_www_and_bare_host_are_one_site():
    assert same_site("https://www.polresjember.id/berita/x", {"polresjember.id"})
    assert same_site("https://polresjember.id/berita/x", {"www.polresjember.id"})
    assert not same_site("https://wwwpolresjember.id/", {"polresjember.id"})
