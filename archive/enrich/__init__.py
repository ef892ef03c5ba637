"""Tag humas articles with programs, region, officials and event dates.

    from archive.enrich import load_taxonomy, enrich
    tax = load_taxonomy()  # settings/programs.yaml + settings/regions.yaml, cached
    e = enrich(title, text, published, tax, region_hint="Polda Jatim")
"""

from .errors import TaxonomyError
from .model import Enrichment
from .tagger import enrich
from .taxonomy import Taxonomy, load_taxonomy

__all__ = ["Enrichment", "Taxonomy", "TaxonomyError", "enrich", "load_taxonomy"]
