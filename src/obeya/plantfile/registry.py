"""The identifiers a plant file defines, per kind, so duplicates and references are checked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from obeya.plantfile.fields import Reader
from obeya.plantfile.problems import key_path
from obeya.plantfile.yaml_nodes import Node


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
                path, node, f"duplicate {kind} id {value!r} (first on line {known[value]})"
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
