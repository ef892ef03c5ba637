"""Extraction and enrichment of one page, as one call a worker process can run.

The crawler sends pages here through a process pool so the CPU-heavy cleaning never blocks
its network loop; the taxonomy is loaded once per worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from archive.decode import decode_html

if TYPE_CHECKING:
    from archive.enrich import Enrichment, Taxonomy
    from archive.extract import Extracted

_TAXONOMY: Taxonomy | None = None


def init_worker(programs_path: str | None, regions_path: str | None) -> None:
    """Process-pool initializer: import the heavy modules and load the taxonomy once."""
    global _TAXONOMY
    import archive.extract  # noqa: F401  (warm the import in the worker)

    _TAXONOMY = load_taxonomy_or_none(programs_path, regions_path)


def load_taxonomy_or_none(programs_path: str | None, regions_path: str | None):
    if not programs_path or not regions_path:
        return None
    if not (Path(programs_path).is_file() and Path(regions_path).is_file()):
        return None
    from archive.enrich import load_taxonomy

    return load_taxonomy(programs_path=programs_path, regions_path=regions_path)


def process_page(body: bytes, declared_encoding: str | None, url: str,
                 region_hint: str | None = None
                 ) -> tuple[Extracted, Enrichment | None, bytes | None]:
    """Decode, extract and (for articles) tag and sign one fetched page.

    Returns (extracted, enrichment, MinHash signature of the text or None).
    """
    from archive.extract import extract

    html, _ = decode_html(body, declared_encoding)
    extracted = extract(html, url, skip_non_articles=True)
    enrichment = None
    if extracted.is_article and _TAXONOMY is not None:
        from archive.enrich import enrich

        enrichment = enrich(extracted.title or "", extracted.text, extracted.published,
                            _TAXONOMY, region_hint=region_hint)
    sig = None
    if extracted.is_article:
        from archive.syndication import MIN_WORDS, signature, words

        if len(words(extracted.text)) >= MIN_WORDS:
            sig = signature(extracted.text)
    return extracted, enrichment, sig
