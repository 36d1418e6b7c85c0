"""YAML read into a small tree whose every node knows its line.

PyYAML's compose API keeps a mark (line, column) on each node; this module turns the
composed nodes into `MapNode`, `ListNode` and `ScalarNode` with 1-based line numbers,
so the plant loader can name the line of every problem. Scalars keep both the text as
written (`raw`) and the value YAML resolves it to (`value`): times such as `06:00` and
timestamps are read from `raw`, because YAML 1.1 would turn them into numbers or naive
datetimes.

Raises `FileFormatError` (from obeya.domain.errors) for text that is not YAML, several
documents, unknown tags, recursive aliases or alias bombs.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.constructor import SafeConstructor

from obeya.domain.errors import FileFormatError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when PyYAML was built with it (ten times faster), else the pure one."""

MAX_NODES = 200_000
"""The most nodes a document may expand to (aliases included): a guard against alias bombs."""


@dataclass(frozen=True)
class ScalarNode:
    """A scalar: the text as written, its resolved value, and whether it was unquoted."""

    line: int
    raw: str
    value: object
    plain: bool


@dataclass(frozen=True)
class ListNode:
    """A sequence of nodes."""

    line: int
    items: tuple[Node, ...]


@dataclass(frozen=True)
class MapNode:
    """A mapping, as (key, value) pairs in file order; duplicate keys are kept."""

    line: int
    items: tuple[tuple[ScalarNode, Node], ...]


Node = ScalarNode | ListNode | MapNode


def compose(text: str, source: str) -> Node | None:
    """Parse YAML text into a located node tree (None for an empty document).

    Raises:
        FileFormatError: the text is not one valid YAML document.
    """
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or str(error)
        raise FileFormatError(f"not valid YAML: {problem}", source=source, line=line) from None
    except yaml.YAMLError as error:
        raise FileFormatError(f"not valid YAML: {error}", source=source) from None
    if root is None:
        return None
    return _Converter(source).convert(root)


def to_python(node: Node) -> object:
    """The plain Python value of a node (dicts, lists and YAML scalars)."""
    if isinstance(node, ScalarNode):
        return node.value
    if isinstance(node, ListNode):
        return [to_python(item) for item in node.items]
    return {to_python(key): to_python(value) for key, value in node.items}


def describe(node: Node) -> str:
    """A short description of a node for error messages: `a list`, `'abc'`, `12`."""
    if isinstance(node, ListNode):
        return "a list"
    if isinstance(node, MapNode):
        return "a mapping"
    if node.value is None:
        return "nothing (null)"
    return repr(node.value) if isinstance(node.value, str) else node.raw


class _Converter:
    """Converts composed PyYAML nodes, counting them and refusing recursion."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.count = 0
        self.active: set[int] = set()
        self.constructor = SafeConstructor()

    def fail(self, problem: str, node: yaml.Node) -> FileFormatError:
        return FileFormatError(problem, source=self.source, line=node.start_mark.line + 1)

    def convert(self, node: yaml.Node) -> Node:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(f"the document expands to more than {MAX_NODES} nodes", node)
        if id(node) in self.active:
            raise self.fail("a recursive alias (an anchor used inside itself)", node)
        self.active.add(id(node))
        try:
            return self._convert(node)
        finally:
            self.active.discard(id(node))

    def _convert(self, node: yaml.Node) -> Node:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.SequenceNode):
            return ListNode(line, tuple(self.convert(item) for item in node.value))
        if isinstance(node, yaml.MappingNode):
            return MapNode(line, tuple(self._pair(key, value) for key, value in node.value))
        return self._scalar(node)

    def _pair(self, key: yaml.Node, value: yaml.Node) -> tuple[ScalarNode, Node]:
        converted = self.convert(key)
        if not isinstance(converted, ScalarNode):
            raise self.fail("a mapping key must be a plain value, not a list or mapping", key)
        return converted, self.convert(value)

    def _scalar(self, node: yaml.Node) -> ScalarNode:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
            raise self.fail(f"unreadable value {node.value!r}: {error}", node) from None
        plain = isinstance(node, yaml.ScalarNode) and node.style is None
        return ScalarNode(node.start_mark.line + 1, str(node.value), value, plain)
