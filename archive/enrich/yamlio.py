"""Read a settings YAML file keeping line numbers, so every error can name file and line.

The file is read with the guards of :mod:`archive.yamlfile` (size limit, nesting limit,
alias-expansion limit, duplicate keys refused), so a hostile or mistaken file is refused with
one line instead of a traceback or a hang."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from archive.yamlfile import GuardedLoader, YamlFileError, parse, read_text

from .errors import TaxonomyError

LINE = "__line__"  # line of the mapping itself (1-based)
LINES = "__lines__"  # {key: line of that key}


class _LineLoader(GuardedLoader):
    """GuardedLoader whose mappings remember where they and each of their keys start."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    lines: dict[str, int] = {}
    for key_node, _ in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key is not None and key != "<<":
            lines.setdefault(key, key_node.start_mark.line + 1)
    mapping = loader.construct_mapping(node, deep=True)  # refuses duplicate keys
    mapping[LINE] = node.start_mark.line + 1
    mapping[LINES] = lines
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path, shown: str) -> Any:
    """Parse ``path``; any failure becomes TaxonomyError("<shown>:<line>: <problem>")."""
    try:
        source = read_text(Path(path), shown)
    except YamlFileError as exc:
        if not Path(path).exists():
            raise TaxonomyError(f"{shown}: file not found") from None
        raise TaxonomyError(str(exc)) from None
    try:
        return parse(source, shown, loader=_LineLoader)
    except YamlFileError as exc:
        raise TaxonomyError(str(exc)) from None


def line_of(node: Any, key: str | None = None) -> int:
    """Line of a mapping (or of one of its keys); 0 when unknown."""
    if not isinstance(node, dict):
        return 0
    if key is not None and key in node.get(LINES, {}):
        return node[LINES][key]
    return node.get(LINE, 0)


def user_keys(node: dict[str, Any]) -> list[str]:
    return [k for k in node if k not in (LINE, LINES)]
