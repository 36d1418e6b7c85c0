"""Use cases of the shop floor: andon calls, scrap logging, improvement actions, incidents.

Andon calls, actions and incidents are records people keep (not machine events); scrap
logged from the operator screen is a `count` event (good 0) in the event ledger, so
the KPI engine counts it like any machine count.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from obeya.domain.equipment import Machine
from obeya.domain.errors import InputError
from obeya.domain.events import (
    CountRecorded,
    IngestResult,
    ShopFloorEvent,
    StateChanged,
)
from obeya.domain.identifiers import check_identifier
from obeya.domain.plant import Plant
from obeya.domain.times import parse_timestamp
from obeya.kpi.ledger import PlannedWindow
from obeya.kpi.losses import unexplained_stops
from obeya.kpi.oee import machine_series, oee_answer_from_series
from obeya.kpi.stops import Stop, stops_of
from obeya.kpi.timeline import fold_intervals
from obeya.kpi.windows import whole_window
from obeya.reports.context import ActionRow, IncidentRow
from obeya.reports.floor_view import FloorStatus, LineStatus, latest_marks, machine_tile
from obeya.services.runtime import Runtime
from obeya.storage.clock import from_us, to_us
from obeya.storage.event_store import now_us

ANDON_KINDS = ("help", "maintenance", "quality", "material", "safety")
INCIDENT_KINDS = ("near_miss", "first_aid", "lost_time", "property_damage")
MAX_TEXT = 2000


def _text(value: str | None, what: str, required: bool = False) -> str | None:
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise InputError(f"{what} is required")
    if len(cleaned) > MAX_TEXT:
        raise InputError(f"{what} is longer than {MAX_TEXT} characters")
    return cleaned or None


def raise_andon(
    runtime: Runtime, machine_id: str, kind: str, by: str, message: str | None = None
) -> int:
    """Open an andon call at a machine; returns the call id.

    Raises:
        NotFoundError: unknown machine. InputError: a kind not in ANDON_KINDS.
    """
    runtime.plant().machine(machine_id)
    if kind not in ANDON_KINDS:
        raise InputError(f"andon kind {kind!r} is not one of {', '.join(ANDON_KINDS)}")
    with runtime.uow() as uow:
        call_id = uow.andon.add(
            machine_id=machine_id,
            raised_us=now_us(),
            raised_by=by,
            kind=kind,
            message=_text(message, "andon message"),
        )
        uow.commit()
    return call_id


def open_andon_calls(runtime: Runtime) -> list[dict[str, Any]]:
    """Unresolved andon calls, newest first: id, machine, kind, message, raised_at, by."""
    with runtime.uow() as uow:
        rows = uow.andon.list(resolved_us=None)
    return [
        {
            "id": row["id"],
            "machine": row["machine_id"],
            "kind": row["kind"],
            "message": row["message"],
            "raised_at": from_us(row["raised_us"]),
            "raised_by": row["raised_by"],
        }
        for row in rows
    ]


def resolve_andon(runtime: Runtime, call_id: int, by: str) -> None:
    """Close an andon call. Raises NotFoundError for an unknown id."""
    with runtime.uow() as uow:
        uow.andon.resolve(call_id, by)
        uow.commit()


def log_scrap(
    runtime: Runtime, machine_id: str, scrap_count: int, by: str, product_id: str | None = None
) -> IngestResult:
    """Record `scrap_count` scrapped units at a machine now, as a count event.

    Raises:
        InputError: a count below 1. NotFoundError: unknown machine or product.
    """
    plant = runtime.plant()
    plant.machine(machine_id)
    if product_id:
        plant.product(product_id)
    if scrap_count < 1:
        raise InputError(f"scrap count must be 1 or more (got {scrap_count})")
    check_identifier(by, "user")
    stamp = now_us()
    event = CountRecorded(
        event_id=f"scrap-{machine_id}-{stamp}",
        at=from_us(stamp),
        machine_id=machine_id,
        good_count=0,
        scrap_count=scrap_count,
        product_id=product_id or None,
        extra={"by": by},
    )
    return runtime.sink().append([event])


def add_action(
    runtime: Runtime,
    title: str,
    owner: str | None = None,
    line_id: str | None = None,
    loss_reason: str | None = None,
    due_at: datetime | None = None,
) -> int:
    """Open an improvement action tied to the loss reason it attacks; returns its id."""
    plant = runtime.plant()
    if line_id:
        plant.line(line_id)
    if loss_reason:
        plant.reason(loss_reason)
    with runtime.uow() as uow:
        action_id = uow.actions.add(
            title=_text(title, "action title", required=True),
            owner=_text(owner, "action owner"),
            line_id=line_id or None,
            loss_reason=loss_reason or None,
            due_us=to_us(due_at) if due_at else None,
            status="open",
            created_us=now_us(),
        )
        uow.commit()
    return action_id


def open_actions(runtime: Runtime, line_ids: Sequence[str] = ()) -> tuple[ActionRow, ...]:
    """Open actions of these lines and of no line in particular (all when empty)."""
    with runtime.uow() as uow:
        rows = uow.actions.list(status="open")
    wanted = set(line_ids)
    return tuple(
        ActionRow(
            action_id=int(row["id"]),
            title=str(row["title"]),
            owner=row["owner"],
            line_id=row["line_id"],
            loss_reason=row["loss_reason"],
            due_at=from_us(row["due_us"]) if row["due_us"] is not None else None,
        )
        for row in rows
        if not wanted or row["line_id"] is None or row["line_id"] in wanted
    )


def close_action(runtime: Runtime, action_id: int) -> None:
    """Mark an improvement action done; raises NotFoundError for an unknown id."""
    with runtime.uow() as uow:
        uow.actions.change(action_id, status="done")
        uow.commit()


def report_incident(
    runtime: Runtime,
    at: datetime,
    kind: str,
    description: str,
    line_id: str | None = None,
    by: str | None = None,
) -> int:
    """Record a safety incident or near miss; returns its id."""
    if kind not in INCIDENT_KINDS:
        raise InputError(f"incident kind {kind!r} is not one of {', '.join(INCIDENT_KINDS)}")
    if line_id:
        runtime.plant().line(line_id)
    with runtime.uow() as uow:
        incident_id = uow.incidents.add(
            at_us=to_us(at),
            kind=kind,
            line_id=line_id or None,
            description=_text(description, "incident description", required=True),
            reported_by=by,
        )
        uow.commit()
    return incident_id


def incidents_between(
    runtime: Runtime, start_at: datetime, end_at: datetime, line_ids: Sequence[str] = ()
) -> tuple[IncidentRow, ...]:
    """Incidents inside `[start_at, end_at)` of these lines or of no line, oldest first."""
    with runtime.uow() as uow:
        rows = uow.incidents.list(limit=10_000)
    wanted = set(line_ids)
    found = [
        IncidentRow(from_us(row["at_us"]), str(row["kind"]), row["line_id"], row["description"])
        for row in rows
        if to_us(start_at) <= row["at_us"] < to_us(end_at)
        and (not wanted or row["line_id"] is None or row["line_id"] in wanted)
    ]
    return tuple(sorted(found, key=lambda row: row.at))


def current_schedule(uow: Any) -> dict[str, Any] | None:
    """The published schedule's answer, else the newest draft's, else None."""
    found = uow.schedules.latest("published") or uow.schedules.latest()
    if found is None:
        return None
    body: dict[str, Any] = json.loads(found[2])
    return body


def planned_quantity(
    schedule: dict[str, Any],
    machine_ids: set[str],
    quantities: dict[str, int],
    start_at: datetime,
    end_at: datetime,
) -> float:
    """Scheduled unit-operations on these machines inside `[start_at, end_at)`, pro rata.

    An operation of an order of quantity q counts q times the share of its scheduled
    time that falls inside the window (a unit-operation matches one count at a machine).
    """
    planned = 0.0
    for operation in schedule.get("operations", []):
        if operation.get("machine") not in machine_ids:
            continue
        start = parse_timestamp(operation["start"], "schedule operation start")
        end = parse_timestamp(operation["end"], "schedule operation end")
        overlap = (min(end, end_at) - max(start, start_at)).total_seconds()
        length = (end - start).total_seconds()
        if overlap > 0 and length > 0:
            planned += quantities.get(str(operation.get("order")), 0) * overlap / length
    return planned


def scope_stops(
    plant: Plant,
    machines: Sequence[Machine],
    start_at: datetime,
    end_at: datetime,
    events: Sequence[ShopFloorEvent],
) -> list[Stop]:
    """The KPI engine's stops of these machines inside `[start_at, end_at)`."""
    if end_at <= start_at:
        return []
    intervals = fold_intervals(events, start_at, end_at)
    categories = {reason.code: reason.category for reason in plant.reasons}
    windows: dict[tuple[str, ...], PlannedWindow] = {}
    found: list[Stop] = []
    for machine in machines:
        shift_ids = plant.line(machine.line_id).shift_ids
        if shift_ids not in windows:
            windows[shift_ids] = whole_window(plant, shift_ids, start_at, end_at, "stops")
        found.extend(stops_of(intervals.get(machine.id, []), windows[shift_ids], categories))
    return found


def floor_status(runtime: Runtime, now: datetime | None = None) -> FloorStatus:
    """Every machine's state, order and OEE since local midnight; lines' output vs plan."""
    moment = now or datetime.now(UTC)
    plant = runtime.plant()
    zone = ZoneInfo(plant.site.timezone)
    start_at = datetime.combine(moment.astimezone(zone).date(), time(0), tzinfo=zone)
    start_at = start_at.astimezone(UTC)
    with runtime.uow() as uow:
        events = uow.events.for_machines(
            [machine.id for machine in plant.machines], to_us(start_at), to_us(moment) + 1
        )
        schedule = current_schedule(uow)
        orders = uow.orders.list()
    products = {order.id: order.product_id for order in orders}
    quantities = {order.id: order.quantity for order in orders}
    states, marks = latest_marks(events, moment)
    series = machine_series(plant, events, products)
    lines = []
    for line in plant.lines:
        scope = f"line:{line.id}"
        answer = oee_answer_from_series(plant, scope, start_at, moment, "machine", series, moment)
        rows: list[dict[str, Any]] = answer["rows"]  # type: ignore[assignment]
        by_machine = {row["key"]: row for row in rows}
        tiles = tuple(machine_tile(m, states, marks, by_machine) for m in line.machines)
        planned = None
        if schedule is not None:
            ids = {machine.id for machine in line.machines}
            planned = planned_quantity(schedule, ids, quantities, start_at, moment)
        total: dict[str, Any] = answer["total"]  # type: ignore[assignment]
        lines.append(LineStatus(line.id, line.name, tiles, int(total["pq"]), planned, total["oee"]))
    stops = scope_stops(plant, plant.machines, start_at, moment, events)
    return FloorStatus(
        plant.site.name,
        plant.site.timezone,
        start_at,
        moment,
        tuple(lines),
        tuple(unexplained_stops(stops)),
        tuple(open_andon_calls(runtime)),
    )


def machine_states(runtime: Runtime) -> dict[str, tuple[str, str | None, str]]:
    """Each machine's newest state: (state, reason, RFC 3339 time) by machine id."""
    with runtime.uow() as uow:
        latest = uow.events.latest_states()
    return {
        machine_id: (str(event.state), event.reason, event.at.isoformat())
        for machine_id, event in latest.items()
        if isinstance(event, StateChanged)
    }


def order_board(runtime: Runtime) -> list[dict[str, Any]]:
    """Work orders with their planned end and lateness in the current schedule.

    Each row: `order` (the WorkOrder), `planned_end_at` (last scheduled operation's end,
    None when not scheduled), `late_min` and `causes` (from the schedule's late orders),
    `unscheduled` (the schedule's reason, if any).
    """
    with runtime.uow() as uow:
        orders = uow.orders.list()
        schedule = current_schedule(uow) or {}
    ends: dict[str, datetime] = {}
    for operation in schedule.get("operations", []):
        end = parse_timestamp(operation["end"], "schedule operation end")
        order_id = str(operation["order"])
        ends[order_id] = max(end, ends.get(order_id, end))
    late = {str(item["order"]): item for item in schedule.get("late_orders", [])}
    missing = {str(item["order"]): str(item["reason"]) for item in schedule.get("unscheduled", [])}
    return [
        {
            "order": order,
            "planned_end_at": ends.get(order.id),
            "late_min": late[order.id].get("late_min") if order.id in late else None,
            "causes": list(late[order.id].get("causes", [])) if order.id in late else [],
            "unscheduled": missing.get(order.id),
        }
        for order in orders
    ]
