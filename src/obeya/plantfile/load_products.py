"""Reading the `products` and `changeovers` sections: routings, BOMs, family changeovers.

A step's `skill` defaults to the class of its first eligible machine (no class: no
operator needed); `skill: null` says explicitly that the step needs no operator.
"""

from __future__ import annotations

from collections.abc import Mapping

from obeya.domain.products import BomItem, Changeover, Product, RoutingStep
from obeya.plantfile.fields import Reader, Registry, suggest
from obeya.plantfile.problems import key_path
from obeya.plantfile.yaml_nodes import MapNode, Node, ScalarNode, describe


def default_skill(cycle_s: Mapping[str, float], classes: Mapping[str, str | None]) -> str | None:
    """The skill a step needs when the file does not say: its first machine's class."""
    first = next(iter(cycle_s), None)
    return classes.get(first) if first is not None else None


def read_products(
    reader: Reader,
    node: Node | None,
    classes: Mapping[str, str | None],
    registry: Registry,
    path: str = "products",
) -> tuple[Product, ...]:
    """The products; `classes` maps every machine id of the plant to its class."""
    products = (
        _product(reader, item, key_path(path, index), classes, registry)
        for index, item in enumerate(reader.sequence(node, path))
    )
    return tuple(product for product in products if product is not None)


def _product(
    reader: Reader,
    node: Node,
    path: str,
    classes: Mapping[str, str | None],
    registry: Registry,
) -> Product | None:
    fields = reader.mapping(node, path, ("id", "routing"), ("name", "family", "bom"))
    if fields is None:
        return None
    product_id = registry.read_id(reader, fields, path, "product")
    name = reader.text(fields.get("name"), key_path(path, "name"), default=product_id)
    family = reader.identifier(fields.get("family"), key_path(path, "family"), "family")
    if family is not None:
        registry.families.add(family)
    routing = _routing(reader, fields.get("routing"), key_path(path, "routing"), classes)
    bom = _bom(reader, fields.get("bom"), key_path(path, "bom"))
    if product_id is None or name is None or routing is None:
        return None
    return Product(product_id, name, family, routing, bom)


def _routing(
    reader: Reader, node: Node | None, path: str, classes: Mapping[str, str | None]
) -> tuple[RoutingStep, ...] | None:
    steps: list[RoutingStep] = []
    for index, item in enumerate(reader.sequence(node, path, empty_ok=False)):
        step = _step(reader, item, key_path(path, index), classes)
        if step is None:
            continue
        if steps and step.step <= steps[-1].step:
            reader.error(
                key_path(key_path(path, index), "step"),
                item,
                f"step {step.step} must be greater than the step before it ({steps[-1].step})",
            )
            continue
        steps.append(step)
    return tuple(steps) if steps else None


def _step(
    reader: Reader, node: Node, path: str, classes: Mapping[str, str | None]
) -> RoutingStep | None:
    fields = reader.mapping(node, path, ("step", "machines"), ("setup_min", "skill", "pausable"))
    if fields is None:
        return None
    number_node = fields.get("step")
    number = None
    if number_node is not None:
        number = reader.integer(number_node, key_path(path, "step"), "step", minimum=1)
    cycle_s = _cycle_times(reader, fields.get("machines"), key_path(path, "machines"), classes)
    setup_node = fields.get("setup_min")
    setup_min: float | None = 0.0
    if setup_node is not None:
        setup_min = reader.number(setup_node, key_path(path, "setup_min"), "setup_min")
    skill_ok, skill = _skill(reader, fields.get("skill"), key_path(path, "skill"), cycle_s, classes)
    pausable = reader.boolean(fields.get("pausable"), key_path(path, "pausable"), default=True)
    if number is None or cycle_s is None or setup_min is None or not skill_ok:
        return None
    return RoutingStep(number, cycle_s, setup_min, skill, pausable)


def _skill(
    reader: Reader,
    node: Node | None,
    path: str,
    cycle_s: Mapping[str, float] | None,
    classes: Mapping[str, str | None],
) -> tuple[bool, str | None]:
    """(readable, skill): omitted -> the default; null -> None; else an identifier."""
    if node is None:
        return True, default_skill(cycle_s or {}, classes)
    if isinstance(node, ScalarNode) and node.value is None:
        return True, None
    skill = reader.identifier(node, path, "skill")
    return skill is not None, skill


def _cycle_times(
    reader: Reader, node: Node | None, path: str, classes: Mapping[str, str | None]
) -> dict[str, float] | None:
    if node is None:
        return None
    if not isinstance(node, MapNode) or not node.items:
        reader.error(
            path, node, f"expected {{machine id: cycle seconds, ...}}, got {describe(node)}"
        )
        return None
    cycle_s: dict[str, float] = {}
    for key, value in node.items:
        machine_id = reader.identifier(key, path, "machine id")
        if machine_id is None:
            continue
        item_path = key_path(path, machine_id)
        if machine_id in cycle_s:
            reader.error(item_path, key, f"machine {machine_id!r} is listed twice")
            continue
        if machine_id not in classes:
            hint = suggest(machine_id, classes)
            reader.problems.warn(item_path, key.line, f"no machine {machine_id!r} in areas{hint}")
        seconds = reader.number(value, item_path, "cycle time (s/unit)", strict=True)
        if seconds is not None:
            cycle_s[machine_id] = seconds
    return cycle_s if len(cycle_s) == len(node.items) else None


def _bom(reader: Reader, node: Node | None, path: str) -> tuple[BomItem, ...]:
    items: list[BomItem] = []
    for index, item in enumerate(reader.sequence(node, path)):
        item_path = key_path(path, index)
        fields = reader.mapping(item, item_path, ("material", "quantity"), ("unit",))
        if fields is None:
            continue
        material = reader.identifier(
            fields.get("material"), key_path(item_path, "material"), "material"
        )
        quantity_node = fields.get("quantity")
        quantity = None
        if quantity_node is not None:
            quantity = reader.number(
                quantity_node, key_path(item_path, "quantity"), "quantity", strict=True
            )
        unit = reader.text(fields.get("unit"), key_path(item_path, "unit"), default="pcs")
        if material is not None and any(known.material == material for known in items):
            reader.error(key_path(item_path, "material"), item, f"{material!r} is listed twice")
        elif material is not None and quantity is not None and unit is not None:
            items.append(BomItem(material, quantity, unit))
    return tuple(items)


def read_changeovers(
    reader: Reader, node: Node | None, families: frozenset[str], path: str = "changeovers"
) -> tuple[Changeover, ...]:
    """Family-to-family changeover minutes; both families must be some product's family."""
    found: dict[tuple[str, str], Changeover] = {}
    for index, item in enumerate(reader.sequence(node, path)):
        item_path = key_path(path, index)
        fields = reader.mapping(item, item_path, ("from", "to", "minutes"))
        if fields is None:
            continue
        ends = [
            _family(reader, fields.get(end), key_path(item_path, end), families)
            for end in ("from", "to")
        ]
        minutes_node = fields.get("minutes")
        minutes = None
        if minutes_node is not None:
            minutes = reader.number(minutes_node, key_path(item_path, "minutes"), "minutes")
        if ends[0] is None or ends[1] is None or minutes is None:
            continue
        pair = (ends[0], ends[1])
        if pair[0] == pair[1]:
            reader.error(item_path, item, "a changeover needs two different families")
        elif pair in found:
            reader.error(item_path, item, f"changeover {pair[0]} -> {pair[1]} is listed twice")
        else:
            found[pair] = Changeover(pair[0], pair[1], minutes)
    return tuple(found.values())


def _family(reader: Reader, node: Node | None, path: str, families: frozenset[str]) -> str | None:
    family = reader.identifier(node, path, "family")
    if family is not None and node is not None and family not in families:
        hint = suggest(family, families)
        reader.error(path, node, f"no product has family {family!r}{hint}")
        return None
    return family
