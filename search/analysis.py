"""The Indonesian analyzer used for titles and bodies, at index time and query time alike.

Tokens are lower-cased, accent-folded, stripped of Sastrawi's stopwords and stemmed with
Sastrawi ("diamankan" and "mengamankan" both become "aman"). Stemming is the slow part, so
stems are memoised per process. The filter pickles without its stemmer (multiprocess writing
sends the schema to worker processes), and rebuilds it lazily there.
"""

from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
)
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


def indonesian_analyzer() -> Analyzer:
    return (RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
            | StopFilter(stoplist=stopwords(), minsize=1) | SastrawiStemFilter())


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
