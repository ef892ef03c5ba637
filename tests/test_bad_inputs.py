"""Bad input, everywhere: a table of wrong commands, options, files and URLs, run through the
real CLI against a real archive (a private copy of the session crawl of the replica web).

Each case must end with a non-zero exit and exactly one line on stderr ("Error: ...") that
says what is wrong; no traceback, nothing on stdout. After the whole table the archive's
``humas export --format jsonl`` and ``humas runs --format json`` are byte-identical to before:
a failing command changes nothing stored.

The table runs in-process through ``humas.cli.main`` (the console script's entry point, with
its error handling) because a subprocess costs ~0.5 s of start-up per case; a sample of the
table also runs through a real ``python -m humas`` subprocess.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import shutil
import sqlite3
import subprocess
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, humas
from tests.test_enrich_taxonomy import MINI_PROGRAMS, MINI_REGIONS

# -- the files the cases point at -------------------------------------------------------------

GOOD_SITE = "sites:\n  - name: a\n    url: http://x.id/\n"


def _laughs(prefix: str = "", key: str = "") -> str:
    """A billion-laughs document: nine aliases of nine aliases ... (9**9 values expanded)."""
    lines = [f"{prefix}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 9):
        lines.append(f"{prefix}l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines) + f"\n{key}"


def _site(extra: str) -> str:
    return "sites:\n  - name: a\n" + extra


SITES_YAML: dict[str, str | bytes] = {
    "empty": "",
    "comment-only": "# nothing here\n",
    "empty-list": "sites: []\n",
    "scalar": "hello\n",
    "mapping-not-list": "sites:\n  name: a\n  url: http://x.id/\n",
    "entry-not-mapping": "sites:\n  - http://x.id/\n",
    "no-name": "sites:\n  - url: http://x.id/\n",
    "name-number": "sites:\n  - name: 123\n    url: http://x.id/\n",
    "name-date": "sites:\n  - name: 2024-01-01\n    url: http://x.id/\n",
    "name-blank": "sites:\n  - name: '   '\n    url: http://x.id/\n",
    "no-url": _site(""),
    "url-number": _site("    url: 5\n"),
    "ftp": _site("    url: ftp://x.id/\n"),
    "javascript": _site("    url: javascript:alert(1)\n"),
    "no-scheme": _site("    url: polres.id\n"),
    "no-host": _site("    url: http:///berita/\n"),
    "port-only": _site("    url: http://:80/\n"),
    "port-99999": _site("    url: http://x.id:99999/\n"),
    "port-65536": _site("    url: http://x.id:65536/\n"),
    "port-0": _site("    url: http://x.id:0/\n"),
    "port-text": _site("    url: http://x.id:http/\n"),
    "port-negative": _site("    url: http://x.id:-1/\n"),
    "ipv6-unclosed": _site("    url: http://[::1/\n"),
    "space-in-host": _site("    url: http://exa mple.id/\n"),
    "nul-in-url": _site('    url: "http://x.id/\\0"\n'),
    "dots-host": _site("    url: http://../\n"),
    "user-password": _site("    url: http://u:p@x.id/\n"),
    "unknown-key": _site("    url: http://x.id/\n    colour: red\n"),
    "max-pages-negative": _site("    url: http://x.id/\n    max_pages: -1\n"),
    "max-pages-text": _site("    url: http://x.id/\n    max_pages: lots\n"),
    "max-pages-bool": _site("    url: http://x.id/\n    max_pages: true\n"),
    "region-list": _site("    url: http://x.id/\n    region: [Jember]\n"),
    "enabled-maybe": _site("    url: http://x.id/\n    enabled: maybe\n"),
    "all-disabled": _site("    url: http://x.id/\n    enabled: false\n"),
    "duplicate-name": GOOD_SITE + "  - name: a\n    url: http://y.id/\n",
    "duplicate-url": GOOD_SITE + "  - name: b\n    url: http://x.id/\n",
    "duplicate-key": "sites:\n  - name: a\n    name: b\n    url: http://x.id/\n",
    "tabs": "sites:\n\t- name: a\n",
    "bad-indent": "sites:\n  - name: a\n   url: http://x.id/\n",
    "unclosed-flow": "sites:\n  - name: a\n    url: [unclosed\n",
    "python-tag": "sites: !!python/object/apply:os.system [echo hi]\n",
    "impossible-date": _site("    url: http://x.id/\n    notes: 2024-02-30\n"),
    "billion-laughs": _laughs(key="sites: *l8\n"),
    "alias-cycle": "sites: &s [*s]\n",
    "deep-nesting": "sites: " + "[" * 1000 + "]" * 1000 + "\n",
    "too-big": GOOD_SITE + "# " + "x" * 2_100_000 + "\n",
    "binary": b"\x00\x01\x02\xff\xfe",
    "latin-1": "sites:\n  - name: caf\xe9\n    url: http://x.id/\n".encode("latin-1"),
    "nul-byte": GOOD_SITE + "\x00\n",
}
SITES_MESSAGES = {
    "empty": "expected a list of sites", "comment-only": "expected a list of sites",
    "empty-list": "expected a list of sites", "scalar": "expected a list of sites",
    "mapping-not-list": "expected a list of sites", "entry-not-mapping": "expected a mapping",
    "no-name": "missing 'name'", "name-number": "'name' must be text",
    "name-date": "'name' must be text", "name-blank": "without leading or trailing spaces",
    "no-url": "missing 'url'", "url-number": "'url' must be text", "ftp": "not an http(s) URL",
    "javascript": "not an http(s) URL", "no-scheme": "not an http(s) URL", "no-host": "no host",
    "port-only": "no host", "port-99999": "port", "port-65536": "port", "port-0": "port",
    "port-text": "port", "port-negative": "port", "ipv6-unclosed": "not a valid URL",
    "space-in-host": "spaces", "nul-in-url": "control characters", "dots-host": "invalid host",
    "user-password": "password", "unknown-key": "unknown key 'colour'",
    "max-pages-negative": "max_pages", "max-pages-text": "max_pages",
    "max-pages-bool": "max_pages", "region-list": "region must be",
    "enabled-maybe": "enabled must be true or false", "all-disabled": "every site is disabled",
    "duplicate-name": "duplicate site name", "duplicate-url": "same url",
    "duplicate-key": "duplicate key 'name'", "tabs": "not tabs", "bad-indent": ".yaml:3:",
    "unclosed-flow": ".yaml:4:", "python-tag": "could not determine a constructor",
    "impossible-date": "not a real date", "billion-laughs": "billion laughs",
    "alias-cycle": "cycle", "deep-nesting": "nested more than", "too-big": "too big",
    "binary": "not UTF-8", "latin-1": "not UTF-8", "nul-byte": "control character",
}

PROGRAMS_YAML: dict[str, tuple[str | bytes, str]] = {
    "empty": ("", "expected a mapping with 'entries:'"),
    "list": ("- a\n- b\n", "expected a mapping with 'entries:'"),
    "entries-empty": ("entries: []\n", "'entries' must be a non-empty list"),
    "key-typo": (MINI_PROGRAMS.replace("aliases:", "alias:"), "did you mean 'aliases'"),
    "duplicate-key": (MINI_PROGRAMS + "  aliases: [again]\n", ":5: duplicate key 'aliases'"),
    "defined-twice": (MINI_PROGRAMS + MINI_PROGRAMS.replace("entries:\n", ""),
                      "defined twice"),
    "bad-kind": (MINI_PROGRAMS.replace("recurring_program", "bogus"), "kind 'bogus'"),
    "entry-string": ("entries:\n- just a string\n", "each entry must be a mapping"),
    "name-missing": ("entries:\n- kind: recurring_program\n  aliases: [x]\n", "'name'"),
    "empty-alias": (MINI_PROGRAMS.replace("[Jumat Curhat]", "[Jumat Curhat, '']"),
                    "empty entry"),
    "tag-maybe": (MINI_PROGRAMS + "  tag: maybe\n", "'tag' must be true or false"),
    "tabs": ("entries:\n\t- name: X\n", "not tabs"),
    "unclosed": ("entries: [\n", "unclosed.yaml:2:"),
    "python-tag": ("entries: !!python/object/apply:os.system [id]\n", "constructor"),
    "impossible-date": (MINI_PROGRAMS + "  verified: 2024-02-30\n", ":5: '2024-02-30'"),
    "billion-laughs": (_laughs(key="entries: *l8\n"), "billion laughs"),
    "alias-cycle": ("entries: &e [*e]\n", "cycle"),
    "deep-nesting": ("entries: " + "[" * 1000 + "]" * 1000 + "\n", "nested more than"),
    "too-big": (MINI_PROGRAMS + "# " + "x" * 2_100_000 + "\n", "too big"),
    "binary": (b"\x00\xff\xfe\x01", "not UTF-8"),
    "nul-byte": (MINI_PROGRAMS + "\x00\n", "control character"),
}
REGIONS_YAML: dict[str, tuple[str | bytes, str]] = {
    "empty": ("", "expected a list of Polda entries"),
    "mapping": ("polda: x\n", "expected a list of Polda entries"),
    "item-string": ("- Polda X\n", "must be a mapping starting with 'polda:'"),
    "no-polda": ("- name: X\n", "'polda' must be a non-empty string"),
    "bad-kind": (MINI_REGIONS.replace("kind: polres", "kind: bogus"), "kind 'bogus'"),
    "unknown-key": (MINI_REGIONS.replace("  hq: Surabaya\n", "  hq: Surabaya\n  colour: x\n"),
                    "unknown key 'colour'"),
    "duplicate-key": (MINI_REGIONS + "  hq: Malang\n", "duplicate key 'hq'"),
    "defined-twice": (MINI_REGIONS + MINI_REGIONS, "defined twice"),
    "covers-number": (MINI_REGIONS.replace("[Kabupaten Jember]", "[42]"), "'42'"),
    "billion-laughs": ("- polda: Polda X\n" + _laughs(prefix="  ", key="  polres: *l8\n"),
                       "billion laughs"),
    "deep-nesting": ("- polda: " + "[" * 1000 + "]" * 1000 + "\n", "nested more than"),
    "binary": (b"\xff\xfe\x00x", "not UTF-8"),
}


@dataclass
class World:
    """The archive the table runs against and the files its cases name."""

    data: Path
    tmp: Path
    env: dict[str, str]
    url: str  # a stored article
    tokens: dict[str, str]
    before: tuple[str, str] = ("", "")  # export and runs output before the table

    def fill(self, text: str, env: dict[str, str] | None = None) -> str:
        tokens = dict(self.tokens)
        if env and env.get("HUMAS_DATA_DIR") != str(self.data):  # paths in that data dir
            data = Path(env["HUMAS_DATA_DIR"])
            tokens.update(data=str(data), db=str(data / "archive.db"), index=str(data / "index"))
        for key, value in tokens.items():
            text = text.replace("{" + key + "}", value)
        return text


@pytest.fixture(scope="module")
def world(crawled, tmp_path_factory) -> World:
    tmp = tmp_path_factory.mktemp("bad-inputs")
    data = tmp / "data"
    shutil.copytree(crawled.data_dir, data, ignore=shutil.ignore_patterns("crawl.lock"))
    sites = tmp / "sites.yaml"
    shutil.copy(crawled.sites_file, sites)
    y = tmp / "yaml"
    y.mkdir()
    for name, text in SITES_YAML.items():
        _write(y / f"sites-{name}.yaml", text)
    for name, (text, _) in PROGRAMS_YAML.items():
        _write(y / f"programs-{name}.yaml", text)
    for name, (text, _) in REGIONS_YAML.items():
        _write(y / f"regions-{name}.yaml", text)
    # A valid sites file whose only site cannot be reached: if a crawl case ever got past
    # validation it would fail fast (and the table would report it) instead of crawling.
    _write(y / "sites-unreachable.yaml", "sites:\n  - name: a\n    url: http://127.0.0.1:9/\n")
    h = tmp / "html"
    h.mkdir()
    _write(h / "empty.html", "")
    _write(h / "blank.html", "  \n\t\n")
    _write(h / "binary.html", b"\x00\x01PK\x03\x04" + bytes(range(256)) * 4)
    _write(h / "fake.html.gz", "<html>not gzipped</html>")
    _write(h / "truncated.html.gz", gzip.compress(b"<html>" + b"x" * 5000)[:40])
    _write(h / "bomb.html.gz", gzip.compress(b"<p>" + b" " * (9 * 1024 * 1024)))
    _write(h / "page.html", "<html><body><p>Polres Jember patroli.</p></body></html>")
    with open(h / "huge.html", "wb") as fh:  # sparse: 9 MB without writing them
        fh.truncate(9 * 1024 * 1024)
    garbage = tmp / "garbage-data"
    garbage.mkdir()
    _write(garbage / "archive.db", "this is not an SQLite database\n" * 10)
    _write(tmp / "a-file", "not a directory\n")
    (tmp / "no-settings").mkdir()
    url = sqlite3.connect(data / "archive.db").execute(
        "select url from articles order by id limit 1").fetchone()[0]
    env = {"HUMAS_DATA_DIR": str(data), "HUMAS_SETTINGS_DIR": str(ROOT / "settings"),
           "HUMAS_SITES": str(sites)}
    tokens = {"url": url, "tmp": str(tmp), "data": str(data), "db": str(data / "archive.db"),
              "index": str(data / "index"), "sites": str(sites), "Y": str(y), "H": str(h),
              "site": sorted(_site_names(data))[0]}
    w = World(data, tmp, env, url, tokens)
    w.before = _snapshot(w)
    return w


def _write(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def _site_names(data: Path) -> set[str]:
    con = sqlite3.connect(data / "archive.db")
    try:
        return {r[0] for r in con.execute("select name from sites")}
    finally:
        con.close()


# -- running the real CLI in this process ------------------------------------------------------

@dataclass
class Result:
    code: int | None
    out: str
    err: str
    crash: str | None  # a traceback: the CLI let an exception escape


def run_cli(args: list[str], env: dict[str, str]) -> Result:
    """``humas ARGS`` through ``humas.cli.main`` with ``env`` as the only HUMAS_* variables."""
    from humas.cli import main

    saved = dict(os.environ)
    for key in [k for k in os.environ if k.startswith("HUMAS_")]:
        del os.environ[key]
    os.environ.update(env)
    out, err = io.StringIO(), io.StringIO()
    code, crash = None, None
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - any escape is the bug being tested for
        crash = traceback.format_exc()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return Result(code, out.getvalue(), err.getvalue(), crash)


def _snapshot(w: World) -> tuple[str, str]:
    export = run_cli(["export", "--format", "jsonl"], w.env)
    runs = run_cli(["runs", "--format", "json", "--limit", "1000"], w.env)
    assert export.code == 0 and runs.code == 0, (export.err, runs.err)
    assert export.out.count("\n") > 20, "the archive copy should hold the crawled articles"
    return export.out, runs.out


def env_of(w: World, kind: str, extra: dict[str, str] | None) -> dict[str, str]:
    env = dict(w.env)
    if kind == "empty":  # a fresh one each time: the case checks it stays empty
        empty = w.tmp / f"empty-{len(list(w.tmp.glob('empty-*')))}"
        empty.mkdir()
        env["HUMAS_DATA_DIR"] = str(empty)
    elif kind == "garbage":
        env["HUMAS_DATA_DIR"] = str(w.tmp / "garbage-data")
    elif kind == "file":
        env["HUMAS_DATA_DIR"] = str(w.tmp / "a-file")
    elif kind == "copy":  # a case that could destroy the archive runs on its own copy
        copy = w.tmp / f"copy-{len(list(w.tmp.glob('copy-*')))}"
        shutil.copytree(w.data, copy)
        env["HUMAS_DATA_DIR"] = str(copy)
    for key, value in (extra or {}).items():
        env[key] = w.fill(value)
    return env


# -- the table -----------------------------------------------------------------------------------

def case(name: str, *args: str, expect: str, env: str = "archive",
         set_env: dict[str, str] | None = None, xfail: str | None = None):
    marks = [pytest.mark.xfail(reason=xfail, strict=True)] if xfail else []
    return pytest.param(list(args), expect, env, set_env, id=name, marks=marks)


URL = "{url}"
LONG_QUERY = "patroli " * 700  # 5,600 characters: parsing grows quadratically with length
CASES = [
    # global
    case("no-such-command", "serach", "patroli", expect="No such command"),
    case("no-such-option", "--bogus", expect="No such option"),
    case("version-with-value", "--version=1", expect="does not take a value"),
    # search: dates
    case("search-since-word", "search", "patroli", "--since", "kemarin", expect="is not a date"),
    case("search-since-month-13", "search", "patroli", "--since", "2024-13-01",
         expect="no month 13"),
    case("search-since-month-0", "search", "patroli", "--since", "2024-00", expect="no month 0"),
    case("search-since-feb-30", "search", "patroli", "--since", "2024-02-30",
         expect="has no day 30"),
    case("search-since-day-0", "search", "patroli", "--since", "2024-11-00",
         expect="has no day 0"),
    case("search-since-year-0", "search", "patroli", "--since", "0000", expect="year must be"),
    case("search-since-year-1", "search", "patroli", "--since", "0001-01-01",
         expect="year must be"),
    case("search-until-9999", "search", "patroli", "--until", "9999", expect="year must be"),
    case("search-until-9999-12", "search", "patroli", "--until", "9999-12",
         expect="year must be"),
    case("search-until-9999-12-31", "search", "patroli", "--until", "9999-12-31",
         expect="year must be"),
    case("search-since-empty", "search", "patroli", "--since", "", expect="is not a date"),
    case("search-since-slashes", "search", "patroli", "--since", "2024/01/01",
         expect="is not a date"),
    case("search-since-two-digit-year", "search", "patroli", "--since", "24-11-08",
         expect="is not a date"),
    case("search-since-with-time", "search", "patroli", "--since", "2024-11-08T10:00",
         expect="is not a date"),
    case("search-since-fullwidth-digits", "search", "patroli", "--since", "２０２４",
         expect="is not a date"),
    case("search-since-after-until", "search", "patroli", "--since", "2025", "--until", "2024",
         expect="is after --until"),
    case("search-until-missing-value", "search", "patroli", "--until",
         expect="requires an argument"),
    # search: queries
    case("search-unclosed-quote", "search", '"jumat curhat', expect="unclosed quote"),
    case("search-unclosed-quote-in-field", "search", 'title:"cooling', expect="unclosed quote"),
    case("search-unclosed-paren", "search", "(patroli", expect="unclosed '('"),
    case("search-unmatched-paren", "search", "patroli)", expect="unmatched ')'"),
    case("search-unknown-field", "search", "judul:patroli", expect="unknown field 'judul:'"),
    case("search-field-without-word", "search", "title:", expect="needs a word"),
    case("search-field-then-space", "search", "title: patroli", expect="needs a word"),
    case("search-author-without-word", "search", "patroli author:", expect="needs a word"),
    case("search-only-stopwords", "search", "dan yang di", expect="stopwords"),
    case("search-too-long", "search", LONG_QUERY, expect="query"),
    # search: options
    case("search-limit-negative", "search", "patroli", "--limit", "-1", expect="--limit"),
    case("search-limit-text", "search", "patroli", "--limit", "ten", expect="--limit"),
    case("search-limit-too-big", "search", "patroli", "--limit", "10001", expect="--limit"),
    case("search-offset-negative", "search", "patroli", "--offset", "-1", expect="--offset"),
    case("search-offset-text", "search", "patroli", "--offset", "x", expect="--offset"),
    case("search-sort", "search", "patroli", "--sort", "random", expect="--sort"),
    case("search-format", "search", "patroli", "--format", "xml", expect="--format"),
    case("search-status", "search", "patroli", "--status", "gone", expect="--status"),
    case("search-flag-with-value", "search", "patroli", "--any=yes",
         expect="does not take a value"),
    case("search-program-unknown", "search", "patroli", "--program", "Bakti Sosial Bulan",
         expect="unknown program"),
    case("search-program-typo", "search", "", "--program", "Jumat Curhaat",
         expect="did you mean 'Jumat Curhat'"),
    case("search-program-empty", "search", "patroli", "--program", "", expect="--program is empty"),
    case("search-region-unknown", "search", "patroli", "--region", "Atlantis",
         expect="unknown region"),
    case("search-region-empty", "search", "patroli", "--region", " ", expect="--region is empty"),
    case("search-site-unknown", "search", "patroli", "--site", "polres-atlantis",
         expect="no site named 'polres-atlantis'"),
    case("search-site-typo", "search", "patroli", "--site", "{site}x", expect="did you mean"),
    case("search-output-no-folder", "search", "patroli", "-o", "/nonexistent/dir/out.json",
         expect="does not exist"),
    case("search-output-directory", "search", "patroli", "-o", "{tmp}", expect="directory"),
    case("search-output-empty", "search", "patroli", "-o", "", expect="give a file name"),
    case("search-output-is-archive", "search", "patroli", "-o", "{db}",
         expect="archive database"),
    case("search-output-in-index", "search", "patroli", "-o", "{index}/hits.json",
         expect="inside the search index"),
    case("search-output-is-sites-file", "search", "patroli", "-o", "{sites}",
         expect="the sites file"),
    case("search-no-archive", "search", "patroli", env="empty", expect="archive"),
    case("search-garbage-archive", "search", "patroli", env="garbage", expect="index"),
    case("search-data-dir-is-file", "search", "patroli", env="file", expect="archive"),
    case("search-settings-missing", "search", "", "--program", "Sambang",
         set_env={"HUMAS_SETTINGS_DIR": "{tmp}/no-settings"}, expect="programs.yaml"),
    # export
    case("export-format", "export", "--format", "xml", expect="--format"),
    case("export-fields-unknown", "export", "--fields", "url,judul", expect="unknown field"),
    case("export-fields-case", "export", "--fields", "URL", expect="unknown field"),
    case("export-parquet-to-stdout", "export", "--format", "parquet", expect="add -o FILE"),
    case("export-warc-to-stdout", "export", "--format", "warc", expect="add -o FILE"),
    case("export-excel-not-csv", "export", "--excel", expect="--format csv only"),
    case("export-raw-not-csv", "export", "--raw", "--format", "jsonl",
         expect="--format csv only"),
    case("export-warc-fields", "export", "--format", "warc", "--fields", "url", "-o",
         "{tmp}/x.warc", expect="--fields does not apply"),
    case("export-output-no-folder", "export", "-o", "/nonexistent/x.csv",
         expect="does not exist"),
    case("export-output-directory", "export", "-o", "{tmp}", expect="directory"),
    case("export-parquet-no-folder", "export", "--format", "parquet", "-o",
         "/nonexistent/x.parquet", expect="cannot write"),
    case("export-warc-no-folder", "export", "--format", "warc", "-o", "/nonexistent/x.warc.gz",
         expect="cannot write"),
    case("export-query", "export", '"unclosed', expect="unclosed quote"),
    case("export-since", "export", "--since", "2024-13", expect="no month 13"),
    case("export-until-overflow", "export", "--until", "9999-12-31", expect="year must be"),
    case("export-program", "export", "--program", "Operasi Atlantis", expect="unknown program"),
    case("export-region", "export", "--region", "Atlantis", expect="unknown region"),
    case("export-site", "export", "--site", "nope", expect="no site named"),
    case("export-jsonl-over-archive", "export", "-o", "{data}/archive.db", env="copy",
         expect="archive database"),
    case("export-csv-over-sites-file", "export", "--format", "csv", "-o", "{sites}",
         env="copy", expect="the sites file"),
    case("export-parquet-over-archive", "export", "--format", "parquet", "-o",
         "{data}/archive.db", env="copy", expect="archive database"),
    case("export-warc-over-archive", "export", "--format", "warc", "-o", "{data}/archive.db",
         env="copy", expect="archive database"),
    case("export-no-archive", "export", env="empty", expect="no archive"),
    case("export-garbage-archive", "export", env="garbage", expect="not a database"),
    # stats
    case("stats-by-unknown", "stats", "--by", "kabupaten", expect="unknown dimension"),
    case("stats-by-three", "stats", "--by", "program", "--by", "month", "--by", "year",
         expect="one or two --by"),
    case("stats-by-empty", "stats", "--by", "", expect="unknown dimension"),
    case("stats-chart-jpg", "stats", "--chart", "{tmp}/x.jpg", expect="PNG"),
    case("stats-chart-no-folder", "stats", "--chart", "/nonexistent/x.png",
         expect="does not exist"),
    case("stats-chart-directory", "stats", "--chart", "{tmp}", expect="directory"),
    case("stats-format", "stats", "--format", "xml", expect="--format"),
    case("stats-since", "stats", "--since", "2024-02-30", expect="has no day 30"),
    case("stats-until", "stats", "--until", "9999", expect="year must be"),
    case("stats-program", "stats", "--program", "nope", expect="unknown program"),
    case("stats-site", "stats", "--site", "nope", expect="no site named"),
    case("stats-output-no-folder", "stats", "-o", "/nonexistent/d/x.csv",
         expect="does not exist"),
    case("stats-output-is-archive", "stats", "-o", "{db}", expect="archive database"),
    case("stats-query", "stats", "(patroli", expect="unclosed '('"),
    case("stats-no-archive", "stats", env="empty", expect="no archive"),
    # show
    case("show-missing-url", "show", expect="Missing argument"),
    case("show-not-a-url", "show", "not-a-url", expect="not an http(s) URL"),
    case("show-ftp", "show", "ftp://x.id/y", expect="not an http(s) URL"),
    case("show-javascript", "show", "javascript:alert(1)", expect="not an http(s) URL"),
    case("show-empty", "show", "", expect="give the article's URL"),
    case("show-no-host", "show", "http://", expect="no host"),
    case("show-no-host-path", "show", "http:///berita/x", expect="no host"),
    case("show-ipv6-unclosed", "show", "https://[::1/berita", expect="not a valid URL"),
    case("show-port-too-big", "show", "http://x.id:99999/", expect="port"),
    case("show-port-zero", "show", "http://x.id:0/", expect="port"),
    case("show-port-text", "show", "http://x.id:abc/", expect="port"),
    case("show-space-in-host", "show", "http://exa mple.id/", expect="spaces"),
    case("show-nul", "show", "http://x.id/\x00", expect="control characters"),
    case("show-dots-host", "show", "http://../x", expect="invalid host"),
    case("show-user-password", "show", "http://u:p@x.id/", expect="password"),
    case("show-very-long", "show", "http://x.id/" + "a" * 10000, expect="characters long"),
    case("show-not-stored", "show", "http://nowhere.invalid/x", expect="no article stored"),
    case("show-format", "show", URL, "--format", "xml", expect="--format"),
    case("show-no-archive", "show", URL, env="empty", expect="no archive"),
    case("show-garbage-archive", "show", URL, env="garbage", expect="not a database"),
    # diff
    case("diff-missing-url", "diff", expect="Missing argument"),
    case("diff-not-a-url", "diff", "not-a-url", expect="not an http(s) URL"),
    case("diff-port", "diff", "http://a.id:99999/", expect="port"),
    case("diff-from-text", "diff", URL, "--from", "abc", expect="--from"),
    case("diff-to-text", "diff", URL, "--to", "x", expect="--to"),
    case("diff-from-zero", "diff", URL, "--from", "0", expect="no version 0"),
    case("diff-to-missing-version", "diff", URL, "--to", "99", expect="no version 99"),
    case("diff-same-version", "diff", URL, "--from", "1", "--to", "1", expect="both version 1"),
    case("diff-format", "diff", URL, "--format", "html", expect="--format"),
    case("diff-not-stored", "diff", "https://nowhere.invalid/x", expect="no article stored"),
    # runs
    case("runs-limit-zero", "runs", "--limit", "0", expect="--limit"),
    case("runs-limit-negative", "runs", "--limit", "-5", expect="--limit"),
    case("runs-limit-text", "runs", "--limit", "x", expect="--limit"),
    case("runs-site-unknown", "runs", "--site", "nope", expect="no site named 'nope'"),
    case("runs-site-empty", "runs", "--site", "", expect="no site named ''"),
    case("runs-format", "runs", "--format", "xml", expect="--format"),
    case("runs-output-no-folder", "runs", "-o", "/nonexistent/dir/x", expect="does not exist"),
    case("runs-output-is-archive", "runs", "-o", "{db}", expect="archive database"),
    case("runs-no-archive", "runs", env="empty", expect="no archive"),
    case("runs-garbage-archive", "runs", env="garbage", expect="not a database"),
    case("runs-data-dir-is-file", "runs", env="file", expect="is a file"),
    case("runs-db-url-dialect", "runs", set_env={"HUMAS_DB_URL": "nonsense://x"},
         expect="cannot open the archive database"),
    # sites (the command)
    case("sites-file-missing", "sites", "--sites", "{tmp}/missing.yaml",
         expect="no such sites file"),
    case("sites-file-directory", "sites", "--sites", "{tmp}", expect="is a directory"),
    case("sites-env-file-bad", "sites", set_env={"HUMAS_SITES": "{Y}/sites-tabs.yaml"},
         expect="not tabs"),
    case("sites-runs-zero", "sites", "--runs", "0", expect="--runs"),
    case("sites-runs-text", "sites", "--runs", "x", expect="--runs"),
    case("sites-format", "sites", "--format", "xml", expect="--format"),
    case("sites-output-no-folder", "sites", "-o", "/nonexistent/d/x", expect="does not exist"),
    case("sites-no-archive", "sites", env="empty", expect="no archive"),
    *[case(f"sites-yaml-{n}", "sites", "--sites", f"{{Y}}/sites-{n}.yaml",
           expect=SITES_MESSAGES[n]) for n in ("billion-laughs", "port-99999", "too-big",
                                               "duplicate-key", "latin-1")],
    # crawl: the sites file (refused before the lock, the database or the network)
    *[case(f"crawl-yaml-{n}", "crawl", "--sites", f"{{Y}}/sites-{n}.yaml", "--no-progress",
           expect=SITES_MESSAGES[n]) for n in SITES_YAML],
    case("crawl-sites-missing", "crawl", "--sites", "{tmp}/missing.yaml",
         expect="no such sites file"),
    case("crawl-sites-env-missing", "crawl", set_env={"HUMAS_SITES": "{tmp}/missing.yaml"},
         expect="no such sites file"),
    case("crawl-sites-directory", "crawl", "--sites", "{tmp}", expect="is a directory"),
    case("crawl-site-unknown", "crawl", "--sites", "{sites}", "--site", "polres-atlantis",
         expect="no site named 'polres-atlantis'"),
    case("crawl-site-typo", "crawl", "--sites", "{sites}", "--site", "{site}x",
         expect="did you mean"),
    # crawl: -s NAME=VALUE and other options
    *[case(f"crawl-set-{n}", "crawl", "--sites", "{Y}/sites-unreachable.yaml", "--no-progress",
           "-s", setting, expect=message) for n, setting, message in [
        ("no-equals", "DOWNLOAD_DELAY", "expected NAME=VALUE"),
        ("no-name", "=1", "expected NAME=VALUE"),
        ("typo", "DOWNLAOD_DELAY=1", "did you mean DOWNLOAD_DELAY"),
        ("lower-case", "download_delay=1", "did you mean DOWNLOAD_DELAY"),
        ("unknown-lower", "frobnicate=1", "UPPER_CASE"),
        ("unknown-spaces", "NOT A NAME=1", "UPPER_CASE"),
        ("number-text", "DOWNLOAD_DELAY=abc", "expected a number"),
        ("number-nan", "DOWNLOAD_DELAY=nan", "finite"),
        ("negative-delay", "DOWNLOAD_DELAY=-1", "must not be negative"),
        ("zero-concurrency", "CONCURRENT_REQUESTS=0", "greater than 0"),
        ("negative-timeout", "DOWNLOAD_TIMEOUT=-5", "greater than 0"),
        ("fraction", "HUMAS_SITE_MAX_REQUESTS=1.5", "whole number"),
        ("bool", "ROBOTSTXT_OBEY=maybe", "True or False"),
        ("dict", "ITEM_PIPELINES=none", "JSON object"),
        ("policy-word", "HUMAS_REVISIT_POLICY=weekly", "AGE:INTERVAL"),
        ("policy-empty", "HUMAS_REVISIT_POLICY=", "empty"),
        ("policy-duration", "HUMAS_REVISIT_POLICY=7x:1d", "not a duration"),
        ("policy-order", "HUMAS_REVISIT_POLICY=60d:7d,7d:1d", "ages must increase"),
        ("policy-star-first", "HUMAS_REVISIT_POLICY=*:1d,7d:1d", "after '*'"),
        ("policy-overflow", "HUMAS_REVISIT_POLICY=7d:99999999999999w", "too long"),
        ("page-revisit", "HUMAS_PAGE_REVISIT=soon", "not a duration"),
    ]],
    case("crawl-log-level", "crawl", "--sites", "{sites}", "--log-level", "LOUD",
         expect="--log-level"),
    case("crawl-data-dir-is-file", "crawl", "--sites", "{Y}/sites-unreachable.yaml", env="file",
         expect="is a file"),
    case("crawl-extra-argument", "crawl", "everything", expect="unexpected extra argument"),
    # reindex
    case("reindex-extra-argument", "reindex", "now", expect="unexpected extra argument"),
    case("reindex-option", "reindex", "--check-all", expect="No such option"),
    case("reindex-garbage-archive", "reindex", env="garbage", expect="not a database"),
    case("reindex-db-url-dialect", "reindex", set_env={"HUMAS_DB_URL": "nonsense://x"},
         expect="cannot open the archive database"),
    case("reindex-no-archive", "reindex", env="empty", expect="no archive"),
    # retag
    case("retag-format", "retag", "--format", "csv", expect="--format"),
    case("retag-output-no-folder", "retag", "-o", "/nonexistent/x.json",
         expect="does not exist"),
    case("retag-output-is-archive", "retag", "-o", "{db}", expect="archive database"),
    case("retag-output-is-programs", "retag", "-o", str(ROOT / "settings" / "programs.yaml"),
         expect="the programs file"),
    case("retag-sites-missing", "retag", "--sites", "{tmp}/missing.yaml",
         expect="no such sites file"),
    case("retag-sites-bad", "retag", "--sites", "{Y}/sites-region-list.yaml",
         expect="region must be"),
    case("retag-no-archive", "retag", env="empty", expect="no archive"),
    case("retag-garbage-archive", "retag", env="garbage", expect="not a database"),
    case("retag-settings-missing", "retag", set_env={"HUMAS_SETTINGS_DIR": "{tmp}/no-settings"},
         expect="programs.yaml: file not found"),
    *[case(f"retag-programs-{n}", "retag", set_env={"HUMAS_PROGRAMS": f"{{Y}}/programs-{n}.yaml"},
           expect=message) for n, (_, message) in PROGRAMS_YAML.items()],
    *[case(f"retag-regions-{n}", "retag", set_env={"HUMAS_REGIONS": f"{{Y}}/regions-{n}.yaml"},
           expect=message) for n, (_, message) in REGIONS_YAML.items()],
    case("search-programs-file-bad", "search", "", "--program", "Sambang",
         set_env={"HUMAS_PROGRAMS": "{Y}/programs-billion-laughs.yaml"}, expect="billion laughs"),
    case("stats-regions-file-bad", "stats", "--region", "Jatim",
         set_env={"HUMAS_REGIONS": "{Y}/regions-duplicate-key.yaml"}, expect="duplicate key"),
    # extract
    case("extract-no-file", "extract", expect="Missing argument"),
    case("extract-missing-file", "extract", "{H}/none.html", expect="no such file"),
    case("extract-directory", "extract", "{H}", expect="is a directory"),
    case("extract-empty-file", "extract", "{H}/empty.html", expect="empty"),
    case("extract-blank-file", "extract", "{H}/blank.html", expect="empty"),
    case("extract-binary-file", "extract", "{H}/binary.html", expect="binary data"),
    case("extract-not-gzip", "extract", "{H}/fake.html.gz", expect="not a gzip file"),
    case("extract-truncated-gzip", "extract", "{H}/truncated.html.gz", expect="gzip"),
    case("extract-gzip-bomb", "extract", "{H}/bomb.html.gz", expect="unpacks to more than"),
    case("extract-huge-file", "extract", "{H}/huge.html", expect="larger than a news page"),
    case("extract-url-not-url", "extract", "{H}/page.html", "--url", "not-a-url",
         expect="not an http(s) URL"),
    case("extract-url-ftp", "extract", "{H}/page.html", "--url", "ftp://x.id/",
         expect="not an http(s) URL"),
    case("extract-url-port", "extract", "{H}/page.html", "--url", "http://x.id:70000/",
         expect="port"),
    case("extract-format", "extract", "{H}/page.html", "--format", "xml", expect="--format"),
    case("extract-second-file-missing", "extract", "{H}/page.html", "{H}/none.html",
         expect="no such file"),
]


def check(result: Result, expect: str) -> None:
    assert result.crash is None, f"the CLI raised instead of a one-line error:\n{result.crash}"
    assert result.code not in (None, 0), f"exit {result.code} for bad input; stderr: {result.err}"
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{result.err}"
    assert lines[0].startswith("Error: "), lines[0]
    assert "Traceback" not in result.err
    assert expect.lower() in lines[0].lower(), f"{expect!r} not in {lines[0]!r}"
    assert result.out == "", f"nothing belongs on stdout when the command fails: {result.out!r}"


@pytest.mark.parametrize(("args", "expect", "env", "set_env"), CASES)
def test_bad_input(world: World, args: list[str], expect: str, env: str,
                   set_env: dict[str, str] | None) -> None:
    environment = env_of(world, env, set_env)
    before = None
    if env == "copy":
        db = Path(environment["HUMAS_DATA_DIR"]) / "archive.db"
        before = db.read_bytes()
    check(run_cli([world.fill(a, environment) for a in args], environment), expect)
    if before is not None:  # a case that aimed at the archive itself must not have touched it
        assert db.read_bytes() == before
    if env == "empty":  # read-only commands must not create an archive where there is none
        created = sorted(p.name for p in Path(environment["HUMAS_DATA_DIR"]).iterdir())
        assert created == [], f"the command created {created} in an empty data directory"


def test_table_is_large_and_covers_every_command() -> None:
    from humas.cli import cli

    assert len(CASES) >= 150
    covered = {p.values[0][0] for p in CASES if p.values[0]}
    assert set(cli.commands) <= covered, set(cli.commands) - covered


# A sample through a real subprocess: the console entry point, argv decoding and exit codes.
SUBPROCESS_SAMPLE = ["search-since-month-13", "search-unclosed-quote", "search-until-9999-12-31",
                     "export-fields-unknown", "show-port-too-big", "diff-from-text",
                     "runs-limit-zero", "crawl-yaml-billion-laughs", "crawl-yaml-port-99999",
                     "crawl-set-policy-order", "retag-programs-key-typo",
                     "extract-empty-file", "reindex-garbage-archive", "stats-by-unknown"]


@pytest.mark.parametrize("name", SUBPROCESS_SAMPLE)
def test_bad_input_in_a_real_process(world: World, name: str) -> None:
    (param,) = [p for p in CASES if p.id == name]
    args, expect, env, set_env = param.values
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HUMAS_")}
    environment.update(env_of(world, env, set_env), PYTHONPATH=str(ROOT))
    proc: subprocess.CompletedProcess = humas(*[world.fill(a, environment) for a in args],
                                              env=environment, check=False)
    check(Result(proc.returncode, proc.stdout, proc.stderr, None), expect)
    assert proc.returncode in (1, 2), proc.returncode  # documented: 1 cannot run, 2 bad usage


def test_nothing_stored_changed(world: World) -> None:
    """Runs after the table (pytest keeps file order): the archive is byte-identical."""
    export, runs = _snapshot(world)
    before_export, before_runs = world.before
    assert export == before_export
    assert runs == before_runs


def test_extension_settings_pass_with_a_warning_and_typos_do_not():
    """scrapy-redis and other extensions read settings neither humas nor Scrapy define."""
    from humas.commands.crawl import check_setting

    assert check_setting("REDIS_URL", "redis://127.0.0.1:6379") is None
    assert check_setting("SCHEDULER_PERSIST", "True") is None
    assert "did you mean DOWNLOAD_DELAY" in check_setting("DOWNLAOD_DELAY", "1")
