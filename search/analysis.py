"""The Indonesian analyzer used for titles and bodies, at index time and query time alike.

Tokens are lower-cased, accent-folded, stripped of Sastrawi's stopwords and stemmed with
Sastrawi ("diamankan" and "mengamankan" both become "aman"). Stemming is the slow part, so
stems are memoised per process. The filter pickles without its stemmer (multiprocess writing
sends the schema to worker processes), and rebuilds it lazily there.
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
)
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.support.charset import accent_map

TOKEN_PATTERN = r"\w+(?:[.'’]\w+)*"  # keeps "S.I.K" and "Jum'at" together


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    if len(word) <= 3 or not word.isalpha():
        return word
    return _stemmer().stem(word) or word


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return frozenset(StopWordRemoverFactory().get_stop_words())


class SastrawiStemFilter(Filter):
    """Replaces each token's text with its Sastrawi stem."""

    is_morph = True

    def __eq__(self, other) -> bool:
        return isinstance(other, SastrawiStemFilter)

    def __call__(self, tokens):
        for t in tokens:
            if not t.stopped:
                t.text = stem(t.text.replace("'", "").replace("’", ""))
            yield t


class IndonesianAnalyzer(CompositeAnalyzer):
    """Whoosh's analyzer chain, plus ``terms()``: the same terms for a whole text at once.

    Indexing through the chain costs about 10 us per token (one Token object through five
    generators). A token never spans whitespace, so ``terms()`` splits the text on
    whitespace and looks each chunk ("mengamankan," or "S.I.K.") up in a per-process memo
    of what the chain makes of it; news text repeats its chunks, so a 600-word body costs
    well under 100 microseconds. ``tests/test_search_index.py`` checks both paths agree.
    """

    def terms(self, text: str) -> tuple[list[str], int]:
        """The indexed terms of ``text`` in order, and the position of the first (Whoosh's
        StopFilter keeps the first kept token's position and numbers the rest from it)."""
        get = _CHUNKS.get
        parts = [get(c) or _chunk(c) for c in text.split()]
        out: list[str] = []
        extend = out.extend
        for p in parts:
            extend(p[0])
        if not out:
            return out, 0
        before = 0
        for kept, nraw, first in parts:
            if kept:
                return out, before + first
            before += nraw
        raise AssertionError("unreachable")


_WORD = re.compile(TOKEN_PATTERN)
_STOPPED = ""  # memo value of a stopword
_MEMO: dict[str, str] = {}  # raw token -> term ("" for a stopword)
# whitespace chunk -> (its terms, its raw token count, index of its first kept token)
_CHUNKS: dict[str, tuple[tuple[str, ...], int, int]] = {}
# Entries per memo: far above the chunks and words of real news text; when full (odd input,
# e.g. a table of numbers) the memo starts over instead of growing without bound.
_MEMO_LIMIT = 200_000
_MEMO_CHUNK = 64  # characters: longer chunks (URLs, run-together text) rarely repeat


def _chunk(chunk: str) -> tuple[tuple[str, ...], int, int]:
    raw = _WORD.findall(chunk)
    terms = [_term(w) for w in raw]
    kept = tuple(t for t in terms if t is not _STOPPED)
    first = next((i for i, t in enumerate(terms) if t is not _STOPPED), -1)
    value = (kept, len(raw), first)
    if len(chunk) <= _MEMO_CHUNK:
        if len(_CHUNKS) >= _MEMO_LIMIT:
            _CHUNKS.clear()
        _CHUNKS[chunk] = value
    return value


def _term(word: str) -> str:
    term = _MEMO.get(word)
    if term is None:
        text = word.lower().translate(accent_map)
        term = _STOPPED if text in stopwords() else stem(text.replace("'", "").replace("’", ""))
        if len(word) <= _MEMO_CHUNK:
            if len(_MEMO) >= _MEMO_LIMIT:
                _MEMO.clear()
            _MEMO[word] = term
    return term


def indonesian_analyzer() -> Analyzer:
    chain = (RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
             | StopFilter(stoplist=stopwords(), minsize=1) | SastrawiStemFilter())
    return IndonesianAnalyzer(*chain.items)


class _HighlightStemFilter(Filter):
    """Stems only tokens that could stem to one of ``terms``: Sastrawi strips affixes, so the
    stem is inside the word, give or take the first letter (meN- turns "pukul" into
    "memukul"). Highlighting ten 800-word bodies thus stems a few dozen words, not 8,000."""

    def __init__(self, terms) -> None:
        self.cores = [(t, t[1:] or t) for t in terms]

    def __call__(self, tokens):
        for t in tokens:
            text = t.text.replace("'", "").replace("’", "")
            if any(core in text for _, core in self.cores):
                t.text = stem(text)
            yield t


def highlight_analyzer(terms) -> Analyzer:
    """The index analyzer for marking ``terms`` (stems) in a body, without stemming it all."""
    return (RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
            | _HighlightStemFilter(terms))
