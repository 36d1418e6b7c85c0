"""The plant overview's context: machine tiles and line status, drawn by the dashboard.

`latest_marks` and `machine_tile` pick each machine's newest state and order mark from
domain events; the service fills the OEE figures from the KPI engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from obeya.domain.equipment import Machine
from obeya.domain.events import OrderAction, OrderMarked, ShopFloorEvent, StateChanged


@dataclass(frozen=True)
class MachineTile:
    """A machine on the overview: state (text and colour), since when, order, OEE today."""

    machine_id: str
    name: str
    state: str
    since_at: datetime | None
    reason: str | None
    order_id: str | None
    oee: float | None


@dataclass(frozen=True)
class LineStatus:
    """A line on the overview: its tiles and today's output against plan so far."""

    line_id: str
    name: str
    tiles: tuple[MachineTile, ...]
    produced_count: int
    planned_count: float | None
    oee: float | None


@dataclass(frozen=True)
class FloorStatus:
    """The plant overview: lines with tiles, today's unexplained stops, open andon calls."""

    site_name: str
    timezone: str
    start_at: datetime
    now: datetime
    lines: tuple[LineStatus, ...]
    unexplained: tuple[dict[str, object], ...]
    andon: tuple[dict[str, Any], ...]


def latest_marks(
    events: Sequence[ShopFloorEvent], now: datetime
) -> tuple[dict[str, StateChanged], dict[str, OrderMarked]]:
    """Each machine's newest state event and newest order mark at or before `now`."""
    states: dict[str, StateChanged] = {}
    orders: dict[str, OrderMarked] = {}
    for event in events:
        if event.at > now:
            continue
        if isinstance(event, StateChanged):
            known = states.get(event.machine_id)
            if known is None or (event.at, event.event_id) > (known.at, known.event_id):
                states[event.machine_id] = event
        elif isinstance(event, OrderMarked):
            mark = orders.get(event.machine_id)
            if mark is None or (event.at, event.event_id) > (mark.at, mark.event_id):
                orders[event.machine_id] = event
    return states, orders


def machine_tile(
    machine: Machine,
    states: Mapping[str, StateChanged],
    marks: Mapping[str, OrderMarked],
    by_machine: Mapping[str, Mapping[str, Any]],
) -> MachineTile:
    """The tile of `machine`: newest state, running order, OEE from its KPI row."""
    state = states.get(machine.id)
    mark = marks.get(machine.id)
    order = mark.order_id if mark is not None and mark.action is OrderAction.START else None
    row = by_machine.get(machine.id, {})
    return MachineTile(
        machine.id,
        machine.name,
        str(state.state) if state else "unknown",
        state.at if state else None,
        state.reason if state else None,
        order,
        row.get("oee"),
    )


def with_states(
    status: FloorStatus, states: Mapping[str, tuple[str, str | None, str]]
) -> FloorStatus:
    """The overview with each tile's state, reason and since-time replaced by `states`.

    `states` maps machine id -> (state, reason, ISO 8601 time of the state event).
    """
    lines = tuple(
        replace(line, tiles=tuple(_with_state(tile, states) for tile in line.tiles))
        for line in status.lines
    )
    return replace(status, lines=lines)


def _with_state(
    tile: MachineTile, states: Mapping[str, tuple[str, str | None, str]]
) -> MachineTile:
    found = states.get(tile.machine_id)
    if found is None:
        return tile
    state, reason, at = found
    return replace(tile, state=state, reason=reason, since_at=datetime.fromisoformat(at))
