"""The one exception the enrichment package raises for bad settings or unknown names."""


class TaxonomyError(ValueError):
    """A one-line, fixable message: "settings/programs.yaml:12: ..." or "unknown program ..."."""
