"""Reading the `areas` section: areas, their lines and the lines' machines."""

from __future__ import annotations

from dataclasses import dataclass

from obeya.domain.equipment import Area, Line, Machine
from obeya.plantfile.fields import Reader, Registry
from obeya.plantfile.problems import key_path
from obeya.plantfile.yaml_nodes import MapNode, Node, to_python


@dataclass(frozen=True)
class EquipmentContext:
    """What reading the equipment needs to know: the site's shift ids (None: unknown)."""

    shift_ids: frozenset[str] | None
    registry: Registry


def read_areas(
    reader: Reader, node: Node | None, context: EquipmentContext, path: str = "areas"
) -> tuple[Area, ...]:
    """The areas of the site, in file order (at least one)."""
    if node is None:
        return ()
    areas = (
        _area(reader, item, key_path(path, index), context)
        for index, item in enumerate(reader.sequence(node, path, empty_ok=False))
    )
    return tuple(area for area in areas if area is not None)


def _area(reader: Reader, node: Node, path: str, context: EquipmentContext) -> Area | None:
    fields = reader.mapping(node, path, ("id", "lines"), ("name",))
    if fields is None:
        return None
    area_id = context.registry.read_id(reader, fields, path, "area")
    name = reader.text(fields.get("name"), key_path(path, "name"), default=area_id)
    lines_path = key_path(path, "lines")
    lines = [
        _line(reader, item, key_path(lines_path, index), area_id or "", context)
        for index, item in enumerate(
            reader.sequence(fields.get("lines"), lines_path, empty_ok=False)
        )
    ]
    if area_id is None or name is None:
        return None
    return Area(area_id, name, tuple(line for line in lines if line is not None))


def _line(
    reader: Reader, node: Node, path: str, area_id: str, context: EquipmentContext
) -> Line | None:
    fields = reader.mapping(node, path, ("id", "machines"), ("name", "shifts", "oee_target"))
    if fields is None:
        return None
    line_id = context.registry.read_id(reader, fields, path, "line")
    name = reader.text(fields.get("name"), key_path(path, "name"), default=line_id)
    shift_ids = _shift_refs(reader, fields.get("shifts"), key_path(path, "shifts"), context)
    target = _oee_target(reader, fields.get("oee_target"), key_path(path, "oee_target"))
    machines_path = key_path(path, "machines")
    machines = [
        _machine(reader, item, key_path(machines_path, index), line_id or "", context)
        for index, item in enumerate(
            reader.sequence(fields.get("machines"), machines_path, empty_ok=False)
        )
    ]
    if line_id is None or name is None:
        return None
    kept = tuple(machine for machine in machines if machine is not None)
    return Line(line_id, name, area_id, kept, shift_ids, target)


def _shift_refs(
    reader: Reader, node: Node | None, path: str, context: EquipmentContext
) -> tuple[str, ...]:
    return reader.references(node, path, "shift", context.shift_ids, "calendar.shifts")


def _oee_target(reader: Reader, node: Node | None, path: str) -> float | None:
    if node is None:
        return None
    value = reader.number(node, path, "oee_target", minimum=0.0, strict=True)
    if value is not None and value > 1:
        reader.error(path, node, f"oee_target is a ratio in 0..1 (write 0.85, not {value:g})")
        return None
    return value


def _machine(
    reader: Reader, node: Node, path: str, line_id: str, context: EquipmentContext
) -> Machine | None:
    fields = reader.mapping(node, path, ("id",), ("name", "class", "connector"))
    if fields is None:
        return None
    machine_id = context.registry.read_id(reader, fields, path, "machine")
    name = reader.text(fields.get("name"), key_path(path, "name"), default=machine_id)
    machine_class = reader.identifier(fields.get("class"), key_path(path, "class"), "class")
    connector = _connector(reader, fields.get("connector"), key_path(path, "connector"))
    if machine_id is None or name is None:
        return None
    return Machine(machine_id, name, line_id, machine_class, connector)


def _connector(reader: Reader, node: Node | None, path: str) -> dict[str, object]:
    if node is None:
        return {}
    if not isinstance(node, MapNode):
        reader.error(path, node, "connector must be a mapping, e.g. {mtconnect: {device: cnc1}}")
        return {}
    value = to_python(node)
    assert isinstance(value, dict)
    return {str(key): item for key, item in value.items()}
