"""Extraction and enrichment of one page, as one call a worker process can run.

The crawler sends pages here through a process pool so the CPU-heavy cleaning never blocks
its network loop; the taxonomy is loaded once per worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from archive.decode import decode_html

if TYPE_CHECKING:
    from archive.enrich import Enrichment, Taxonomy
    from archive.records import Extracted

_TAXONOMY: Taxonomy | None = None


def init_worker(programs_path: str | None, regions_path: str | None) -> None:
    """Process-pool initializer: import the heavy modules and load the taxonomy once."""
    global _TAXONOMY
    import archive.extract  # noqa: F401  (warm the imports in the worker, not on its first page)
    import archive.records  # noqa: F401
    import archive.syndication  # noqa: F401  (numpy + hashlib only: no datasketch, no scipy)

    _TAXONOMY = load_taxonomy_or_none(programs_path, regions_path)
    from archive.dates import warm_up

    warm_up()


def load_taxonomy_or_none(programs_path: str | None, regions_path: str | None) -> Taxonomy | None:
    """The taxonomy (from the data directory's cache when the files are unchanged), or None."""
    if not programs_path or not regions_path:
        return None
    if not (Path(programs_path).is_file() and Path(regions_path).is_file()):
        return None
    from archive.enrich import load_taxonomy

    return load_taxonomy(programs_path=programs_path, regions_path=regions_path)


class ProcessedPage(NamedTuple):
    """What a worker makes of one fetched page."""

    extracted: Extracted
    enrichment: Enrichment | None
    signature: bytes | None  # MinHash of the text, for syndication
    packed: tuple[bytes, str] | None  # (zlib body, SHA-256) of an article's capture


def process_page(body: bytes, declared_encoding: str | None, url: str,
                 region_hint: str | None = None) -> ProcessedPage:
    """Decode, extract and (for articles) tag, sign and compress one fetched page.

    Everything CPU-heavy an article needs happens here, in the worker, so that the
    crawler's own process only moves bytes and writes rows.
    """
    from archive.extract import extract

    html, _ = decode_html(body, declared_encoding)
    extracted = extract(html, url, skip_non_articles=True)
    if not extracted.is_article:
        return ProcessedPage(extracted, None, None, None)
    enrichment = None
    if _TAXONOMY is not None:
        from archive.enrich import enrich

        enrichment = enrich(extracted.title or "", extracted.text, extracted.published,
                            _TAXONOMY, region_hint=region_hint)
    from archive.records import pack_body
    from archive.syndication import MIN_WORDS, signature_of_words, words

    tokens = words(extracted.text)
    sig = signature_of_words(tokens) if len(tokens) >= MIN_WORDS else None
    return ProcessedPage(extracted, enrichment, sig, pack_body(body))
