"""Read a settings YAML file keeping line numbers, so every error can name file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import TaxonomyError

LINE = "__line__"  # line of the mapping itself (1-based)
LINES = "__lines__"  # {key: line of that key}


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings remember where they and each of their keys start."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    lines: dict[str, int] = {}
    for key_node, _ in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key in lines:
            raise TaxonomyError(f"{{path}}:{key_node.start_mark.line + 1}: duplicate key '{key}'")
        if key is not None:
            lines[key] = key_node.start_mark.line + 1
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    mapping[LINES] = lines
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path, shown: str) -> Any:
    """Parse ``path``; any failure becomes TaxonomyError("<shown>:<line>: <problem>")."""
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TaxonomyError(f"{shown}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TaxonomyError(f"{shown}: cannot read file ({exc})") from None
    try:
        return yaml.load(source, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except TaxonomyError as exc:
        raise TaxonomyError(str(exc).replace("{path}", shown)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"{mark.line + 1}:" if mark is not None else ""
        problem = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        raise TaxonomyError(f"{shown}:{line} {problem}") from None
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{shown}: invalid YAML ({' '.join(str(exc).split())})") from None


def line_of(node: Any, key: str | None = None) -> int:
    """Line of a mapping (or of one of its keys); 0 when unknown."""
    if not isinstance(node, dict):
        return 0
    if key is not None and key in node.get(LINES, {}):
        return node[LINES][key]
    return node.get(LINE, 0)


def user_keys(node: dict[str, Any]) -> list[str]:
    return [k for k in node if k not in (LINE, LINES)]
