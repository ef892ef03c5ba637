"""Reading the YAML files users edit (sites, programs, regions) safely, with one-line errors.

``yaml.safe_load`` alone is not enough for files that come from anywhere: it builds no
Python objects, but a small file can still

* expand aliases exponentially ("billion laughs": nine aliases of nine aliases of ...), which
  the loader builds cheaply as shared references but every validator that walks or prints the
  data then pays for in full;
* nest deeply enough (``[[[[...``) to blow the parser's recursion;
* be a 2 GB log file given by mistake;
* hold a date PyYAML resolves but cannot build (``2024-02-30``: a ValueError, not a
  YAMLError).

:func:`load_file` and :func:`parse` refuse all of these quickly with :class:`YamlFileError`,
whose message is ``"<file>:<line>: <what is wrong>"`` on one line. Duplicate keys are refused
too (PyYAML silently keeps the last one, so ``name: a`` then ``name: b`` would be ``b``).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 2_000_000  # the shipped regions.yaml, the largest, is ~110 KB
MAX_DEPTH = 64  # settings files nest 5 levels at most
MAX_NODES = 500_000  # values after expanding aliases; regions.yaml has ~8,000


class YamlFileError(ValueError):
    """A YAML file that cannot be used; ``str(exc)`` is one line naming file and line."""


class _Problem(Exception):
    """Raised inside the loader, which does not know the file's name; :func:`parse` adds it."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class GuardedLoader(yaml.SafeLoader):
    """SafeLoader with a nesting limit, duplicate-key refusal and buildable timestamps.

    Subclass it to add constructors (``archive/enrich/yamlio.py`` keeps line numbers).
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        # The composer recurses once per level: refuse before Python's recursion limit does.
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise _Problem(mark.line + 1, f"nested more than {MAX_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):  # noqa: ANN001 - PyYAML's signature
        if isinstance(node, yaml.MappingNode):
            seen: set[object] = set()
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == \
                        "tag:yaml.org,2002:merge":
                    continue
                if key_node.value in seen:
                    raise _Problem(key_node.start_mark.line + 1,
                                   f"duplicate key '{key_node.value}' (each key once per entry)")
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node):  # noqa: ANN001 - PyYAML's signature
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise _Problem(node.start_mark.line + 1,
                           f"'{node.value}' is not a real date ({exc}); quote it to keep it "
                           "as text") from None


GuardedLoader.add_constructor("tag:yaml.org,2002:timestamp",
                              GuardedLoader.construct_yaml_timestamp)


# Scanning and parsing in pure Python is most of the time a file takes: 0.18 s for the shipped
# regions.yaml, 0.03 s with libyaml's events (when PyYAML was built with it): a first crawl
# builds its taxonomy from both files before extracting a page. Only the events come from libyaml:
# composing and constructing stay GuardedLoader's (nesting limit, duplicate keys, dates, line
# marks). A file that fails is parsed again without libyaml, so its error reads the same.
try:
    from yaml.cyaml import CParser
except ImportError:  # PyYAML without libyaml
    CParser = None


class _LibyamlEvents:
    """Mixin: the parser's events (with their line marks) from libyaml."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)  # the Python reader still refuses control characters
        self._events = CParser(stream)

    def check_event(self, *choices):  # noqa: ANN002 - PyYAML's signature
        return self._events.check_event(*choices)

    def peek_event(self):
        return self._events.peek_event()

    def get_event(self):
        return self._events.get_event()

    def dispose(self) -> None:
        super().dispose()
        self._events.dispose()


@functools.cache
def _with_libyaml_events(loader: type[GuardedLoader]) -> type[GuardedLoader]:
    return type(loader.__name__, (_LibyamlEvents, loader), {})


def read_text(path: Path, shown: str | None = None, max_bytes: int = MAX_BYTES) -> str:
    """The file's text: UTF-8 (a BOM is allowed), at most ``max_bytes``."""
    shown = shown or str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise YamlFileError(f"{shown}: no such file") from None
    except OSError as exc:
        raise YamlFileError(f"{shown}: cannot read it ({exc.strerror})") from None
    if path.is_dir():
        raise YamlFileError(f"{shown}: is a directory; give the YAML file inside it")
    if size > max_bytes:
        raise YamlFileError(f"{shown}: {size / 1e6:.1f} MB is too big for a settings file "
                            f"(limit {max_bytes / 1e6:.1f} MB); is it the right file?")
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)  # the file may grow between stat and read
    except OSError as exc:
        raise YamlFileError(f"{shown}: cannot read it ({exc.strerror})") from None
    if len(data) > max_bytes:
        raise YamlFileError(f"{shown}: too big for a settings file (limit "
                            f"{max_bytes / 1e6:.1f} MB); is it the right file?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise YamlFileError(f"{shown}:{line}: not UTF-8 text (byte {exc.start}); save the file "
                            "as UTF-8") from None


def parse(text: str, shown: str, loader: type[GuardedLoader] = GuardedLoader) -> Any:
    """The data of one YAML document; any problem is a :class:`YamlFileError`."""
    if len(text) > MAX_BYTES:
        raise YamlFileError(f"{shown}: too big for a settings file (limit "
                            f"{MAX_BYTES / 1e6:.1f} MB); is it the right file?")
    if CParser is not None:
        try:
            return _parse(text, shown, _with_libyaml_events(loader))
        except YamlFileError:
            pass  # said again below, in the words (and with the hints) of PyYAML's own parser
    return _parse(text, shown, loader)


def _parse(text: str, shown: str, loader: type[GuardedLoader]) -> Any:
    ld = None
    try:
        ld = loader(text)  # the reader refuses control characters (NUL...) right here
        node = ld.get_single_node()
        if node is None:
            return None
        _check_size(node)
        return ld.construct_document(node)
    except _Problem as exc:
        raise YamlFileError(f"{shown}:{exc.line}: {exc.message}" if exc.line
                            else f"{shown}: {exc.message}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"{mark.line + 1}:" if mark is not None else ""
        raise YamlFileError(f"{shown}:{line} {_problem(exc)}") from None
    except yaml.reader.ReaderError as exc:  # a control character, e.g. NUL
        line = text[:exc.position].count("\n") + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise YamlFileError(f"{shown}:{line}: control character U+{char:04X} is not allowed "
                            "in YAML; is it a text file?") from None
    except yaml.YAMLError as exc:
        raise YamlFileError(f"{shown}: invalid YAML ({_flat(str(exc))})") from None
    except RecursionError:  # a subclass's constructor recursing on odd input
        raise YamlFileError(f"{shown}: nested too deeply") from None
    finally:
        if ld is not None:
            ld.dispose()


def load_file(path: str | Path, shown: str | None = None,
              loader: type[GuardedLoader] = GuardedLoader) -> Any:
    """Read and parse a YAML file (see :func:`read_text` and :func:`parse`)."""
    path = Path(path)
    shown = shown or str(path)
    return parse(read_text(path, shown), shown, loader)


def _check_size(root: yaml.Node) -> None:
    """Refuse a document whose aliases expand to more than MAX_NODES values.

    Counted over the composed graph with one memo per node, so the check costs the size of the
    file, not of the expansion (10**9 for a billion-laughs file)."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()  # on the current path: an alias back to one is a cycle
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:  # iterative post-order: recursion is what we are guarding against
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if not done:
            if id(node) in open_:
                raise _Problem(node.start_mark.line + 1,
                               "an alias (*name) refers to its own anchor (a cycle)")
            if children:
                open_.add(id(node))
                stack.append((node, True))
                stack.extend((c, False) for c in children if id(c) not in sizes)
                continue
        open_.discard(id(node))
        total = 1 + sum(sizes.get(id(c), 1) for c in children)
        if total > MAX_NODES:
            raise _Problem(node.start_mark.line + 1,
                           f"aliases (*name) expand to more than {MAX_NODES:,} values, like an "
                           "entity-expansion ('billion laughs') file; write the values out")
        sizes[id(node)] = total


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _problem(exc: yaml.MarkedYAMLError) -> str:
    problem = _flat(str(exc.problem or exc.context or "invalid YAML"))
    for clue, hint in HINTS:
        if clue in problem:
            return f"{problem} ({hint})"
    return problem


# PyYAML's wording is a parser's; what the user should look at instead.
HINTS = (
    ("'\\t'", "indent with spaces, not tabs"),
    ("expected <block end>", "check the indentation here and on the line above: the keys "
                             "of one entry must line up"),
    ("mapping values are not allowed", "a value holding ': ' needs quotes, or the "
                                       "indentation is off"),
    ("could not find expected ':'", "each line of a mapping is 'key: value'"),
    ("found undefined alias", "a '*' starts an alias; quote a value that begins with '*'"),
    ("found character '@'", "quote a value that begins with '@' or '`'"),
)


def _flat(text: str) -> str:
    return " ".join(text.split())
