"""Writing a `Plant` back as plant file YAML in one stable, canonical form.

Canonical form: top-level keys in the order obeya, site, calendar, areas, reasons,
products, changeovers, workers; lists in the plant's order; names always written;
defaults left out (empty lists, `setup_min: 0`, `pausable: true`, a `skill` equal to
its default, a child reason's inherited category); days in week order; closures in
the site's local time with its offset; whole numbers without `.0`; small leaf
mappings in flow style (`{id: L1-SAW, name: Saw}`).
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from obeya.domain.calendars import WEEKDAYS, Calendar, Shift
from obeya.domain.equipment import Area, Line, Machine
from obeya.domain.plant import Plant
from obeya.domain.products import Product, RoutingStep
from obeya.domain.reasons import Reason
from obeya.domain.workers import Worker
from obeya.plantfile.load import FORMAT_VERSION
from obeya.plantfile.load_products import default_skill

Tree = dict[str, Any]


class _Flow(dict[str, Any]):
    """A mapping written in flow style: `{id: x, name: y}`."""


class _FlowList(list[Any]):
    """A list written in flow style: `[mon, tue]`."""


class _Clock(str):
    """A local time written in double quotes: `"06:00"`."""

    __slots__ = ()


class _Dumper(yaml.SafeDumper):
    """SafeDumper that never writes anchors and honours the flow markers."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


def _represent_flow_list(dumper: yaml.SafeDumper, data: _FlowList) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


def _represent_clock(dumper: yaml.SafeDumper, data: _Clock) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')


_Dumper.add_representer(_Clock, _represent_clock)
_Dumper.add_representer(_Flow, _represent_flow)
_Dumper.add_representer(_FlowList, _represent_flow_list)


def export_plant(plant: Plant) -> str:
    """The plant as plant file YAML text, in canonical form (see the module docstring)."""
    classes = {machine.id: machine.machine_class for machine in plant.machines}
    document: Tree = {
        "obeya": FORMAT_VERSION,
        "site": _Flow(id=plant.site.id, name=plant.site.name, timezone=plant.site.timezone),
        "calendar": _calendar(plant.calendar, ZoneInfo(plant.site.timezone)),
        "areas": [_area(area) for area in plant.areas],
    }
    if plant.reasons:
        document["reasons"] = _reasons(plant.reasons)
    if plant.products:
        document["products"] = [_product(product, classes) for product in plant.products]
    if plant.changeovers:
        document["changeovers"] = [
            _Flow(
                {"from": item.from_family, "to": item.to_family, "minutes": _number(item.minutes)}
            )
            for item in plant.changeovers
        ]
    if plant.workers:
        document["workers"] = [_worker(worker) for worker in plant.workers]
    return yaml.dump(
        document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2
    )


def _number(value: float) -> int | float:
    """Whole numbers without `.0`."""
    return int(value) if float(value).is_integer() else value


def _calendar(calendar: Calendar, zone: ZoneInfo) -> Tree:
    tree: Tree = {"shifts": [_shift(shift) for shift in calendar.shifts]}
    if calendar.closures:
        tree["closures"] = [
            _Flow(
                start=_local(closure.start_at, zone),
                end=_local(closure.end_at, zone),
                **({"reason": closure.reason} if closure.reason else {}),
            )
            for closure in calendar.closures
        ]
    return tree


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).isoformat()


def _shift(shift: Shift) -> Tree:
    tree: Tree = dict(
        id=shift.id,
        start=_clock(shift.start),
        end=_clock(shift.end),
        days=_FlowList(WEEKDAYS[day] for day in sorted(shift.weekdays)),
    )
    if shift.breaks:
        tree["breaks"] = _FlowList(
            _Flow(start=_clock(pause.start), minutes=pause.minutes) for pause in shift.breaks
        )
    return tree


def _clock(moment: time) -> _Clock:
    return _Clock(f"{moment:%H:%M}")


def _area(area: Area) -> Tree:
    return {"id": area.id, "name": area.name, "lines": [_line(line) for line in area.lines]}


def _line(line: Line) -> Tree:
    tree: Tree = {"id": line.id, "name": line.name}
    if line.oee_target is not None:
        tree["oee_target"] = _number(line.oee_target)
    if line.shift_ids:
        tree["shifts"] = _FlowList(line.shift_ids)
    tree["machines"] = [_machine(machine) for machine in line.machines]
    return tree


def _machine(machine: Machine) -> Tree:
    tree = _Flow(id=machine.id, name=machine.name)
    if machine.machine_class is not None:
        tree["class"] = machine.machine_class
    if machine.connector:
        return {**tree, "connector": dict(machine.connector)}
    return tree


def _reasons(reasons: tuple[Reason, ...]) -> list[Tree]:
    """Rebuild the tree from the flat, parent-first list."""
    nodes: dict[str, Tree] = {}
    top: list[Tree] = []
    for reason in reasons:
        node = _Flow(code=reason.code)
        if reason.name is not None:
            node["name"] = reason.name
        if reason.own_category is not None or reason.parent is None:
            node["category"] = str(reason.own_category or reason.category)
        nodes[reason.code] = node
        parent = nodes.get(reason.parent) if reason.parent is not None else None
        if parent is None:
            top.append(node)
        else:
            parent.setdefault("children", []).append(node)
    return [dict(node) if "children" in node else node for node in top]


def _product(product: Product, classes: dict[str, str | None]) -> Tree:
    tree: Tree = {"id": product.id, "name": product.name}
    if product.family is not None:
        tree["family"] = product.family
    tree["routing"] = [_step(step, classes) for step in product.routing]
    if product.bom:
        tree["bom"] = [
            _Flow(material=item.material, quantity=_number(item.quantity), unit=item.unit)
            for item in product.bom
        ]
    return tree


def _step(step: RoutingStep, classes: dict[str, str | None]) -> Tree:
    tree: Tree = {
        "step": step.step,
        "machines": _Flow({machine: _number(s) for machine, s in step.cycle_s.items()}),
    }
    if step.setup_min:
        tree["setup_min"] = _number(step.setup_min)
    if step.skill != default_skill(step.cycle_s, classes):
        tree["skill"] = step.skill
    if not step.pausable:
        tree["pausable"] = False
    return tree


def _worker(worker: Worker) -> _Flow:
    tree = _Flow(id=worker.id, name=worker.name)
    if worker.skills:
        tree["skills"] = _FlowList(worker.skills)
    if worker.shift_ids:
        tree["shifts"] = _FlowList(worker.shift_ids)
    return tree
