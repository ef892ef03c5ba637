"""archive.yamlfile reads with libyaml's events when it can: the same data, the same errors."""

from __future__ import annotations

import pytest

from archive import config, yamlfile
from archive.enrich.yamlio import _LineLoader
from archive.yamlfile import YamlFileError, parse

pytestmark = pytest.mark.skipif(yamlfile.CParser is None, reason="PyYAML built without libyaml")


def _pure(monkeypatch) -> None:
    monkeypatch.setattr(yamlfile, "CParser", None)


@pytest.mark.parametrize("path", [config.programs_path(), config.regions_path()],
                         ids=["programs", "regions"])
def test_shipped_files_read_the_same_with_and_without_libyaml(path, monkeypatch) -> None:
    text = path.read_text(encoding="utf-8")
    fast = parse(text, path.name, loader=_LineLoader)  # keeps every key's line number
    _pure(monkeypatch)
    assert parse(text, path.name, loader=_LineLoader) == fast
    first = fast if isinstance(fast, dict) else fast[0]
    assert first["__line__"] > 0 and first["__lines__"]  # line numbers came through


BAD = {
    "tab": "sites:\n\t- name: a\n",
    "duplicate": "sites:\n  - name: a\n    name: b\n",
    "unclosed": "sites: [a, b\n",
    "bad-date": "when: 2024-02-30\n",
    "deep": "x: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "cycle-free-laughs": "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n"
        for p, c in zip("abcdef", "bcdefg", strict=True)),
}


@pytest.mark.parametrize("text", BAD.values(), ids=BAD.keys())
def test_errors_read_the_same_with_and_without_libyaml(text, monkeypatch) -> None:
    with pytest.raises(YamlFileError) as fast:
        parse(text, "f.yaml")
    _pure(monkeypatch)
    with pytest.raises(YamlFileError) as pure:
        parse(text, "f.yaml")
    assert str(fast.value) == str(pure.value)
    assert str(fast.value).startswith("f.yaml:") and "\n" not in str(fast.value)


def test_libyaml_events_keep_the_nesting_limit() -> None:
    """Composing stays ours: its limit (64) holds below libyaml's own (1,000)."""
    loader = yamlfile._with_libyaml_events(yamlfile.GuardedLoader)
    with pytest.raises(YamlFileError, match="nested more than 64 levels deep"):
        yamlfile._parse("x: " + "[" * 200 + "]" * 200 + "\n", "f.yaml", loader)
