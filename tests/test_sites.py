import pytest

from archive.sites import SitesError, load_sites


def write(tmp_path, text):
    p = tmp_path / "sites.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_minimal_entries(tmp_path):
    p = write(tmp_path, "sites:\n  - name: a\n    url: http://127.0.0.10:8000\n"
                        "  - {name: b, url: 'https://b.id/', region: Polres Jember}\n")
    sites = load_sites(p)
    assert [s.name for s in sites] == ["a", "b"]
    assert sites[0].url == "http://127.0.0.10:8000/" and sites[0].host == "127.0.0.10"
    assert sites[1].region == "Polres Jember"
    assert [s.name for s in load_sites(p, only=["b"])] == ["b"]


@pytest.mark.parametrize(("text", "message"), [
    ("sites:\n  - name: a\n    url: [unclosed\n", "sites.yaml:4: expected"),
    ("sites: []\n", "expected a list of sites"),
    ("sites:\n  - name: a\n", "missing 'url'"),
    ("sites:\n  - name: a\n    url: ftp://x\n", "not an http(s) URL"),
    ("sites:\n  - {name: a, url: 'http://a.id', colour: red}\n", "unknown key 'colour'"),
    ("sites:\n  - {name: a, url: 'http://a.id'}\n  - {name: a, url: 'http://b.id'}\n", "duplicate"),
])
def test_bad_files_name_the_problem(tmp_path, text, message):
    with pytest.raises(SitesError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_sites(write(tmp_path, text))


def test_missing_file_and_unknown_site(tmp_path):
    with pytest.raises(SitesError, match="no such sites file"):
        load_sites(tmp_path / "nope.yaml")
    p = write(tmp_path, "sites:\n  - {name: a, url: 'http://a.id'}\n")
    with pytest.raises(SitesError, match="no site named 'zz'"):
        load_sites(p, only=["zz"])
