"""Property-based fuzzing (Hypothesis) of everything that parses user input.

Each parser must, for any input, either return a well-formed value or raise the project's own
one-line error type; any other exception would reach the user as a traceback. Examples are
capped (and the example database is off, so runs are repeatable and write nothing) to keep the
file within ~20 s on two cores.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_enrich_taxonomy import MINI_PROGRAMS, MINI_REGIONS

# HUMAS_FUZZ_EXAMPLES=5000 fuzzes harder (minutes) when hunting for bugs.
_DEEPER = int(os.environ.get("HUMAS_FUZZ_EXAMPLES") or 0)
FUZZ = settings(max_examples=_DEEPER or 150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=_DEEPER // 2 or 60, deadline=None, database=None,
               suppress_health_check=[HealthCheck.too_slow])

# Text built from the characters that mean something to each parser finds the edge cases far
# faster than uniform Unicode; both are drawn.
QUERY_PIECES = st.sampled_from(['"', "'", "(", ")", ":", "-", "+", "*", "?", "~", "^", "\\",
                                "title:", "author:", "text:", "judul:", "AND", "OR", "NOT",
                                "TO", "[", "]", "{", "}", " ", "  ", "\t", "\n", "jumat",
                                "curhat", "dan", "yang", "patroli", "Café", "é", "1", "2024",
                                "-\"", "/", ".", ",", "’", "\x00", "\u200b", "日本"])
QUERIES = st.one_of(st.text(max_size=60), st.lists(QUERY_PIECES, max_size=14).map("".join))

DATE_PIECES = st.sampled_from(["2024", "0000", "9999", "1899", "1900", "2999", "3000", "-",
                               "01", "1", "12", "13", "00", "29", "30", "31", "02", "/", " ",
                               "T", "x", "２", "٣", "+07:00", "\n"])
DATES = st.one_of(st.text(max_size=16), st.lists(DATE_PIECES, max_size=7).map("".join))

YAML_PIECES = st.sampled_from(["sites:", "entries:", "- ", "name: ", "url: ", "polda: ",
                               "polres:", "kind: ", "aliases: ", "covers: ", "&a ", "*a",
                               "&b ", "*b", "<<: ", "!!str ", "!!python/name:os.system ",
                               "? ", "[", "]", "{", "}", ",", ": ", "'", '"', "|", ">", "#",
                               "\n", "\n  ", "\n    ", "\t", "%YAML 1.1\n", "---\n", "...\n",
                               "http://x.id/", "https://[::1]:99999/", "ftp://a/", "2024-02-30",
                               "true", "null", "~", "1e400", "0x1F", "-1", "Jember", "\x00",
                               "\ufeff", "é", "a", " "])
YAML_TEXT = st.one_of(st.text(max_size=80), st.lists(YAML_PIECES, max_size=30).map("".join))


def _aware(value: object) -> bool:
    return isinstance(value, datetime) and value.utcoffset() is not None


# -- the query parser -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def schema():
    from search.schema import make_schema

    return make_schema()


@FUZZ
@given(text=QUERIES, any_words=st.booleans())
def test_query_parser_gives_a_query_or_a_query_error(schema, text: str, any_words: bool) -> None:
    from whoosh import query

    from search.query import QueryError, parse_query

    try:
        q = parse_query(text, schema, any_words)
    except QueryError as exc:
        message = str(exc)
        assert message and "\n" not in message
        return
    assert isinstance(q, query.Query)


# -- dates: --since/--until and the page dates -----------------------------------------------

@FUZZ
@given(value=DATES, end=st.booleans())
def test_cli_date_parser_gives_an_aware_bound_or_a_humas_error(value: str, end: bool) -> None:
    from humas.errors import HumasError
    from humas.options import parse_date

    try:
        bound = parse_date(value, "--since", end=end)
    except HumasError as exc:
        assert str(exc).startswith("--since") and "\n" not in str(exc)
        return
    assert _aware(bound)
    # a bound must survive what search does with it: conversion to naive UTC for the index
    from search.query import _naive

    _naive(bound)
    if end:
        assert bound > parse_date(value, "--since")  # --until includes the whole day/month/year


@FUZZ
@given(value=DATES)
def test_iso_page_dates_never_raise(value: str) -> None:
    from archive.dates import parse_iso

    parsed = parse_iso(value)
    assert parsed is None or _aware(parsed)


VISIBLE_PIECES = st.sampled_from(["Kamis, ", "7 ", "31 ", "32 ", "November ", "Peb ", "Nop ",
                                  "Agt ", "Sept ", "Mei ", "2024", "0000", "9999", " - ",
                                  "09:30", "25:61", "pukul ", "09.30 ", "WIB", "WITA", "WIT",
                                  "/", "25/09/2024", "2024-13-45", "Nov 8, ", ", ", " "])


@FEW
@given(value=st.one_of(st.text(max_size=40), st.lists(VISIBLE_PIECES, max_size=8).map("".join)))
def test_visible_page_dates_never_raise(value: str) -> None:
    from archive.dates import parse_visible

    parsed = parse_visible(value)
    assert parsed is None or _aware(parsed)


@FUZZ
@given(value=st.one_of(st.text(max_size=30), st.lists(st.sampled_from(
    ["7d", "1d", "60d", "*", ":", ",", "12h", "2w", "0d", "99999999999999w", "x", " "]),
    max_size=8).map("".join)))
def test_revisit_policy_parser_gives_a_policy_or_a_value_error(value: str) -> None:
    from archive.revisit import parse_policy

    try:
        policy = parse_policy(value)
    except ValueError as exc:
        assert "\n" not in str(exc)
        return
    assert policy and policy[-1][0] is None  # the last step covers every age


@FUZZ
@given(url=st.one_of(st.text(max_size=40), st.lists(st.sampled_from(
    ["http://", "https://", "HTTP://", "ftp://", "[", "]", "::1", ":", "99999", "80", "@", "u:p",
     "x.id", "..", "/", "?", "#", " ", "\x00", "é", "%", "-", "a"]), max_size=8).map("".join)))
def test_url_check_never_raises(url: str) -> None:
    from archive.sites import url_problem

    problem = url_problem(url)
    assert problem is None or (isinstance(problem, str) and "\n" not in problem)


# -- the YAML loaders -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def yaml_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz-yaml")


def _write(path: Path, content: str | bytes) -> None:
    if isinstance(content, str):
        content = content.encode("utf-8", "surrogatepass")
    path.write_bytes(content)


@FUZZ
@given(content=st.one_of(YAML_TEXT, st.binary(max_size=60)))
def test_safe_yaml_parse_gives_data_or_a_yaml_file_error(content: str | bytes) -> None:
    from archive.yamlfile import YamlFileError, parse

    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    try:
        parse(text, "fuzz.yaml")
    except YamlFileError as exc:
        assert str(exc).startswith("fuzz.yaml") and "\n" not in str(exc)


@FUZZ
@given(content=st.one_of(YAML_TEXT, st.binary(max_size=60),
                         YAML_TEXT.map(lambda t: "sites:\n  - name: a\n    url: " + t)))
def test_sites_loader_gives_sites_or_a_sites_error(yaml_dir: Path, content: str | bytes) -> None:
    from archive.sites import SitesError, load_sites, url_problem

    path = yaml_dir / "sites.yaml"
    _write(path, content)
    try:
        sites = load_sites(path)
    except SitesError as exc:
        assert "\n" not in str(exc)
        return
    assert sites
    for s in sites:  # whatever got through is usable as is
        assert isinstance(s.name, str) and s.name.strip()
        assert url_problem(s.url) is None
        assert s.region is None or isinstance(s.region, str)
        assert s.max_pages is None or (type(s.max_pages) is int and s.max_pages > 0)


def _taxonomy_case(yaml_dir: Path, programs: str | bytes, regions: str | bytes) -> None:
    from archive.enrich import TaxonomyError
    from archive.enrich.taxonomy import Taxonomy, build_taxonomy

    p, r = yaml_dir / "programs.yaml", yaml_dir / "regions.yaml"
    _write(p, programs)
    _write(r, regions)
    try:  # build_taxonomy, not the cached load_taxonomy: each example is a new file
        tax = build_taxonomy(p, "programs.yaml", r, "regions.yaml")
    except TaxonomyError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(tax, Taxonomy)


@FEW
@given(content=st.one_of(YAML_TEXT, st.binary(max_size=60),
                         YAML_TEXT.map(lambda t: MINI_PROGRAMS + t),
                         YAML_TEXT.map(lambda t: MINI_PROGRAMS + "  aliases: " + t)))
def test_programs_loader_gives_a_taxonomy_or_a_taxonomy_error(yaml_dir: Path,
                                                              content: str | bytes) -> None:
    _taxonomy_case(yaml_dir, content, MINI_REGIONS)


@FEW
@given(content=st.one_of(YAML_TEXT, st.binary(max_size=60),
                         YAML_TEXT.map(lambda t: MINI_REGIONS + t),
                         YAML_TEXT.map(lambda t: MINI_REGIONS + "      covers: " + t)))
def test_regions_loader_gives_a_taxonomy_or_a_taxonomy_error(yaml_dir: Path,
                                                             content: str | bytes) -> None:
    _taxonomy_case(yaml_dir, MINI_PROGRAMS, content)
