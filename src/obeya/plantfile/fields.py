"""Typed reading of located YAML nodes, and the registry of the ids a file defines.

The readers never raise for bad input: they add an error with the key path and line to
`Problems` and return None, so one pass over a file reports every problem it has.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from obeya.domain.identifiers import is_identifier
from obeya.plantfile.problems import Problems, key_path
from obeya.plantfile.yaml_nodes import ListNode, MapNode, Node, ScalarNode, describe


class Reader:
    """Reads typed values from nodes, recording problems under their key path and line."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems

    def error(self, path: str, node: Node, problem: str) -> None:
        """Record an error at a node."""
        self.problems.error(path, node.line, problem)

    def mapping(
        self, node: Node, path: str, required: Iterable[str], optional: Iterable[str] = ()
    ) -> dict[str, Node] | None:
        """The keys of a mapping node; errors for unknown, duplicate and missing keys."""
        if not isinstance(node, MapNode):
            self.error(path, node, f"expected a mapping of keys, got {describe(node)}")
            return None
        needed = list(required)
        allowed = [*needed, *optional]
        found: dict[str, Node] = {}
        for key, value in node.items:
            name = key.raw
            if name in found:
                self.error(key_path(path, name), key, f"duplicate key {name!r}")
            elif name not in allowed:
                self.error(key_path(path, name), key, _unknown_key(name, allowed))
            else:
                found[name] = value
        for name in needed:
            if name not in found:
                self.error(key_path(path, name), node, f"missing key {name!r}")
        return found

    def sequence(self, node: Node | None, path: str, *, empty_ok: bool = True) -> list[Node]:
        """The items of a list node (none when absent); errors for non-lists and empty lists."""
        if node is None:
            return []
        if isinstance(node, ScalarNode) and node.value is None and empty_ok:
            return []
        if not isinstance(node, ListNode):
            self.error(path, node, f"expected a list, got {describe(node)}")
            return []
        if not node.items and not empty_ok:
            self.error(path, node, "expected at least one item, got an empty list")
        return list(node.items)

    def text(self, node: Node | None, path: str, *, default: str | None = None) -> str | None:
        """A non-empty string as written (numbers and booleans keep their written text)."""
        if node is None:
            return default
        if not isinstance(node, ScalarNode) or node.value is None or node.raw.strip() == "":
            self.error(path, node, f"expected a text, got {describe(node)}")
            return None
        return node.value if isinstance(node.value, str) else node.raw

    def identifier(self, node: Node | None, path: str, what: str) -> str | None:
        """An identifier: 1-64 characters of A-Z a-z 0-9 _ . -"""
        if node is None:
            return None
        value = self.text(node, path)
        if value is not None and not is_identifier(value):
            self.error(
                path,
                node,
                f"{what} {value!r} is not a valid identifier: use 1-64 characters of "
                "A-Z a-z 0-9 _ . -",
            )
            return None
        return value

    def number(
        self, node: Node, path: str, what: str, *, minimum: float = 0.0, strict: bool = False
    ) -> float | None:
        """A finite number >= minimum (> minimum when strict)."""
        value = node.value if isinstance(node, ScalarNode) else None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            self.error(path, node, f"{what} must be a number, got {describe(node)}")
            return None
        if value < minimum or (strict and value == minimum):
            relation = ">" if strict else ">="
            self.error(path, node, f"{what} must be {relation} {minimum:g}, got {value:g}")
            return None
        return float(value)

    def integer(self, node: Node, path: str, what: str, *, minimum: int = 0) -> int | None:
        """An integer >= minimum."""
        value = node.value if isinstance(node, ScalarNode) else None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, node, f"{what} must be a whole number, got {describe(node)}")
            return None
        if value < minimum:
            self.error(path, node, f"{what} must be >= {minimum}, got {value}")
            return None
        return value

    def boolean(self, node: Node | None, path: str, *, default: bool) -> bool:
        """true or false."""
        if node is None:
            return default
        if isinstance(node, ScalarNode) and isinstance(node.value, bool):
            return node.value
        self.error(path, node, f"expected true or false, got {describe(node)}")
        return default

    def identifiers(self, node: Node | None, path: str, what: str) -> tuple[str, ...]:
        """A list of distinct identifiers."""
        found: list[str] = []
        for index, item in enumerate(self.sequence(node, path)):
            value = self.identifier(item, key_path(path, index), what)
            if value is not None and value in found:
                self.error(key_path(path, index), item, f"{what} {value!r} is listed twice")
            elif value is not None:
                found.append(value)
        return tuple(found)

    def references(
        self, node: Node | None, path: str, what: str, known: Collection[str] | None, where: str
    ) -> tuple[str, ...]:
        """A list of distinct identifiers, each of which must be in `known` (None: unchecked)."""
        found: list[str] = []
        for index, item in enumerate(self.sequence(node, path)):
            item_path = key_path(path, index)
            value = self.identifier(item, item_path, what)
            if value is None:
                continue
            if value in found:
                self.error(item_path, item, f"{what} {value!r} is listed twice")
            elif known is not None and value not in known:
                hint = suggest(value, known)
                self.error(item_path, item, f"no {what} {value!r} in {where}{hint}")
            else:
                found.append(value)
        return tuple(found)


@dataclass
class Registry:
    """The ids seen so far, per kind, with the line each was first defined on.

    `families` holds every product family named, even by a product with other errors,
    so that changeovers naming it give no follow-on error.
    """

    seen: dict[str, dict[str, int]] = field(default_factory=dict)
    families: set[str] = field(default_factory=set)

    def add(self, reader: Reader, kind: str, value: str, path: str, node: Node) -> bool:
        """Register an id; records `duplicate <kind> id` and returns False when it is taken."""
        known = self.seen.setdefault(kind, {})
        if value in known:
            reader.error(
                path, node, f"duplicate {kind} id {value!r}, first defined on line {known[value]}"
            )
            return False
        known[value] = node.line
        return True

    def read_id(
        self, reader: Reader, fields: Mapping[str, Node], path: str, kind: str, key: str = "id"
    ) -> str | None:
        """Read and register the identifier under `key`; None when invalid or taken."""
        node = fields.get(key)
        value = reader.identifier(node, key_path(path, key), f"{kind} id")
        if value is None or node is None:
            return None
        return value if self.add(reader, kind, value, key_path(path, key), node) else None

    def ids(self, kind: str) -> frozenset[str] | None:
        """The ids of a kind registered so far (None when none were read)."""
        known = self.seen.get(kind)
        return None if known is None else frozenset(known)


def _unknown_key(name: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    if close:
        return f"unknown key {name!r}; did you mean {close[0]!r}?"
    return f"unknown key {name!r}; expected one of: {', '.join(allowed)}"


def suggest(value: str, known: Iterable[str]) -> str:
    """`; did you mean 'x'?` for a close known value, else an empty string."""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
