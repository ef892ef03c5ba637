"""The Whoosh schema: what of an article is searchable, filterable and sortable."""

from __future__ import annotations

from whoosh.analysis import LowercaseFilter, RegexTokenizer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from search.analysis import indonesian_analyzer
from search.formats import FastPositions


def make_schema() -> Schema:
    ana = indonesian_analyzer()
    schema = Schema(
        # shift_step=0: one term per number. Whoosh's default (16 "trie" terms per 64-bit value,
        # for range queries we answer from columns instead) made these three fields most of
        # the terms in the index and a third of the build time.
        id=NUMERIC(int, 64, stored=True, unique=True, signed=False, sortable=True,
                   shift_step=0),
        url=ID(stored=True, unique=False),
        title=TEXT(analyzer=ana, field_boost=2.5, stored=True, phrase=True),
        text=TEXT(analyzer=ana, phrase=True),
        author=TEXT(stored=True),
        # Filters and facets hold canonical names exactly (the CLI resolves aliases first).
        programs=KEYWORD(commas=True, stored=True, scorable=False),
        polda=ID(stored=True, sortable=True),
        polres=ID(stored=True, sortable=True),
        kabupaten_kota=KEYWORD(commas=True, stored=True, scorable=False),
        site=ID(stored=True, sortable=True),
        status=ID(stored=True, sortable=True),
        month=ID(stored=True, sortable=True),  # "2024-11": monthly facets without date math
        published=DATETIME(stored=True, sortable=True),  # naive UTC (Whoosh has no zones)
        offset=STORED(),  # minutes east of UTC the page used, to show local time
        persons=TEXT(analyzer=RegexTokenizer() | LowercaseFilter(), phrase=False),
        # Article id of the original when this is a syndicated copy: filterable, and a column
        # so copies collapse under their original without reading stored documents.
        duplicate_of=NUMERIC(int, 64, stored=True, signed=False, sortable=True, shift_step=0),
        # A digest of everything indexed from the row: ``humas reindex --check`` compares it
        # with the database to find stale documents without storing the bodies.
        sig=STORED(),
    )
    schema["published"].shift_step = 0  # DATETIME fixes 8; date filters use the columns
    for name in ("title", "text"):  # same bytes on disk as Positions, written faster
        schema[name].format = FastPositions(field_boost=schema[name].format.field_boost)
    return schema
