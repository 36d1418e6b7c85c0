"""Reading the `reasons` tree and the `workers` of a plant file.

Reasons are stored flat, parent before its children (pre-order, as in the file); a
child without its own `category` takes its parent's.
"""

from __future__ import annotations

from obeya.domain.reasons import Reason, ReasonCategory
from obeya.domain.workers import Worker
from obeya.plantfile.fields import Reader, Registry, suggest
from obeya.plantfile.problems import key_path
from obeya.plantfile.yaml_nodes import Node

CATEGORIES = tuple(category.value for category in ReasonCategory)


def read_reasons(
    reader: Reader, node: Node | None, registry: Registry, path: str = "reasons"
) -> tuple[Reason, ...]:
    """The stop reasons, flattened parent first; top-level reasons need a category."""
    found: list[Reason] = []
    for index, item in enumerate(reader.sequence(node, path)):
        _reason(reader, item, key_path(path, index), None, registry, found)
    return tuple(found)


def _reason(
    reader: Reader,
    node: Node,
    path: str,
    parent: Reason | None,
    registry: Registry,
    found: list[Reason],
) -> None:
    fields = reader.mapping(node, path, ("code",), ("name", "category", "children"))
    if fields is None:
        return
    code = registry.read_id(reader, fields, path, "reason", key="code")
    name = reader.text(fields.get("name"), key_path(path, "name"))
    own = _category(reader, fields.get("category"), key_path(path, "category"))
    if own is None and parent is None and "category" not in fields:
        reader.error(
            key_path(path, "category"),
            node,
            f"a top-level reason needs a category: one of {', '.join(CATEGORIES)}",
        )
    category = own or (parent.category if parent else None)
    reason = None
    if code is not None and category is not None:
        parent_code = parent.code if parent else None
        reason = Reason(code, category, parent_code, name, own)
        found.append(reason)
    children_path = key_path(path, "children")
    for index, child in enumerate(reader.sequence(fields.get("children"), children_path)):
        if reason is None:
            continue
        _reason(reader, child, key_path(children_path, index), reason, registry, found)


def _category(reader: Reader, node: Node | None, path: str) -> ReasonCategory | None:
    text = reader.text(node, path)
    if text is None or node is None:
        return None
    if text not in CATEGORIES:
        hint = suggest(text, CATEGORIES)
        reader.error(
            path, node, f"{text!r} is not a category: use one of {', '.join(CATEGORIES)}{hint}"
        )
        return None
    return ReasonCategory(text)


def read_workers(
    reader: Reader,
    node: Node | None,
    shift_ids: frozenset[str] | None,
    registry: Registry,
    path: str = "workers",
) -> tuple[Worker, ...]:
    """The workers: skills (machine classes or named skills) and shifts (omitted: any)."""
    workers: list[Worker] = []
    for index, item in enumerate(reader.sequence(node, path)):
        item_path = key_path(path, index)
        fields = reader.mapping(item, item_path, ("id",), ("name", "skills", "shifts"))
        if fields is None:
            continue
        worker_id = registry.read_id(reader, fields, item_path, "worker")
        name = reader.text(fields.get("name"), key_path(item_path, "name"), default=worker_id)
        skills = reader.identifiers(fields.get("skills"), key_path(item_path, "skills"), "skill")
        shifts = reader.references(
            fields.get("shifts"),
            key_path(item_path, "shifts"),
            "shift",
            shift_ids,
            "calendar.shifts",
        )
        if worker_id is not None and name is not None:
            workers.append(Worker(worker_id, name, skills, shifts))
    return tuple(workers)
