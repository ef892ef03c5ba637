"""The fast signing path is datasketch's MinHash, bit for bit, and needs no datasketch import.

Signatures are stored (articles.minhash) and compared with those of earlier crawls, so
:func:`archive.syndication.signature_of_words` must keep producing exactly what
``LeanMinHash(MinHash.update_batch(shingles)).serialize`` produces; and :func:`words` must
keep the token list of its original ``re.findall(r"\\w+")`` definition.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHash

from archive import syndication as syn
from replica.plan import _gen

ROOT = Path(__file__).resolve().parents[1]
WORD = re.compile(r"\w+", re.UNICODE)
NON_ASCII = re.compile(r"[^\x00-\x7f]")
# a mix that exercises every branch: ASCII, inert punctuation, marks, folding, compatibility forms
ALPHABET = [*"aZ_9 .,-\n\t'", *syn.INERT_PUNCTUATION, "\u0301", "é", "E\u0301", "ß", "ﬁ", "Ⅻ",
            "½", "\u00a0", "\u2009", "İ", "ǅ", "\u200b", "٣", "中", "😀", "\u0345", "\x1c"]


def reference_words(text: str) -> list[str]:
    """words() as first written, with re."""
    if text.isascii():
        return WORD.findall(text.lower())
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return WORD.findall(NON_ASCII.sub(lambda m: "" if unicodedata.combining(m[0]) else m[0], text))


def reference_signature(toks: list[str]) -> bytes:
    """signature_of_words() as first written, with datasketch."""
    m = MinHash(num_perm=syn.NUM_PERM, seed=syn.SEED, scheme=syn.SCHEME)
    sh = syn.shingles_of_words(toks)
    if sh:
        m.update_batch(list(sh))
    lean = LeanMinHash(m)
    buf = bytearray(lean.bytesize(syn.BYTEORDER))
    lean.serialize(buf, syn.BYTEORDER)
    return bytes(buf)


def random_texts(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(n)]


@pytest.fixture(scope="module")
def releases() -> list[str]:
    return [a.text for seed in ("sign-a", "sign-b") for a in _gen(seed, 80)]


def test_permutations_are_datasketchs() -> None:
    a, b = MinHash(num_perm=syn.NUM_PERM, seed=syn.SEED, scheme=syn.SCHEME).permutations
    assert np.array_equal(a, syn.PERM_A) and np.array_equal(b, syn.PERM_B)


def test_signatures_equal_datasketchs_on_releases(releases: list[str]) -> None:
    for text in releases:
        toks = syn.words(text)
        assert syn.signature_of_words(toks) == reference_signature(toks)
        assert syn.minhash(text) == LeanMinHash.deserialize(reference_signature(toks), "<")


def test_signatures_equal_datasketchs_on_odd_token_lists() -> None:
    rng = random.Random(7)
    vocab = ["polres", "jember", "ä", "中文", "kata", "😀", "a", "x y", ""]
    cases = [[], ["a"], ["kata"] * 7, ["kata"] * 8, ["é", "ß", "ñ" * 3] * 5]
    cases += [[rng.choice(vocab) + str(rng.randint(0, 30)) for _ in range(rng.randint(0, 90))]
              for _ in range(300)]
    for toks in cases:
        assert syn.signature_of_words(toks) == reference_signature(toks), toks


def test_words_equal_the_regex_definition(releases: list[str]) -> None:
    for text in releases + random_texts(20000):
        assert syn.words(text) == reference_words(text), repr(text)


def test_inert_punctuation_is_untouched_by_normalisation() -> None:
    for ch in syn.INERT_PUNCTUATION:
        assert unicodedata.normalize("NFKC", ch) == unicodedata.normalize("NFKD", ch) == ch
        assert ch.casefold() == ch and not ch.isalnum() and not unicodedata.combining(ch)
        assert unicodedata.decomposition(ch) == ""


def test_word_characters_are_isalnum_or_underscore_and_never_space() -> None:
    """What the split-based words() relies on, over every code point."""
    w = re.compile(r"\w")
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        word = ch.isalnum() or ch == "_"
        assert (w.match(ch) is not None) == word, hex(cp)
        assert not (word and ch.isspace()), hex(cp)


def test_signing_imports_neither_datasketch_nor_scipy() -> None:
    """A worker imports this module only to sign: datasketch's package imports scipy."""
    code = ("import sys; from archive import syndication as s; "
            "s.signature(' '.join(f'kata{i}' for i in range(60))); "
            "print(sorted(m for m in ('datasketch', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "[]"
