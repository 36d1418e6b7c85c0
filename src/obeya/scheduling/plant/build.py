"""Plant + orders + disruptions -> the scheduling problem, with unschedulable orders named."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from obeya.domain.errors import InputError, NotFoundError
from obeya.domain.plant import Plant
from obeya.domain.products import Product, RoutingStep
from obeya.domain.schedules import (
    Disruption,
    MaterialLate,
    OperationLong,
    RushOrder,
    Schedule,
    Unscheduled,
)
from obeya.domain.work_orders import WorkOrder
from obeya.scheduling.plant.calendar_time import WorkingTime, to_minute, to_minute_up
from obeya.scheduling.plant.calendars import (
    Window,
    machine_calendars,
    overlaps,
    worker_calendars,
)
from obeya.scheduling.plant.crew import longest_staffed_run
from obeya.scheduling.plant.locks import lock_previous
from obeya.scheduling.plant.problem import (
    MachineCalendar,
    ObjectiveWeights,
    Operation,
    OrderTarget,
    Problem,
    WorkerCalendar,
)

MAX_HORIZON = timedelta(days=366)
_Memo = tuple[dict[tuple[str, str], bool], dict[tuple[str, str, bool], int]]
"""Remembered per machine: does a worker meet it; the longest run a skill can staff."""


@dataclass(frozen=True)
class BuildOptions:
    """How to treat a previous schedule: frozen hours and restart of interrupted work."""

    previous: Schedule | None = None
    frozen_hours: float = 0.0
    restart_interrupted: bool = False
    weights: ObjectiveWeights = field(default_factory=ObjectiveWeights)


def problem_from_plant(
    plant: Plant,
    orders: Sequence[WorkOrder],
    now: datetime,
    disruptions: Sequence[Disruption] = (),
    options: BuildOptions = BuildOptions(),
) -> Problem:
    """Build the scheduling problem; orders that cannot be scheduled go to `unscheduled`.

    Raises:
        InputError: when a disruption names an order, machine or worker that is unknown.
    """
    origin = now.astimezone(UTC).replace(second=0, microsecond=0)
    open_orders = _apply_order_events([order for order in orders if order.is_open], disruptions)
    window = Window(origin, _horizon_end(plant, open_orders, origin))
    machines = machine_calendars(plant, window, disruptions)
    workers = worker_calendars(plant, window, disruptions)
    extra = _extra_minutes(disruptions)
    meetings: dict[tuple[str, str], bool] = {}
    runs: dict[tuple[str, str, bool], int] = {}
    operations: list[Operation] = []
    targets: list[OrderTarget] = []
    unscheduled: list[Unscheduled] = []
    for order in open_orders:
        reason, steps = _order_steps(plant, order, machines, workers, extra, (meetings, runs))
        if reason is not None:
            unscheduled.append(Unscheduled(order.id, reason))
            continue
        targets.append(_append_order(plant, order, steps, window, operations))
    problem = Problem(
        origin=origin,
        timezone=plant.site.timezone,
        horizon=window.horizon,
        operations=tuple(operations),
        orders=tuple(targets),
        machines=machines,
        workers=workers,
        changeovers=_changeovers(plant),
        weights=options.weights,
        unscheduled=tuple(unscheduled),
    )
    if options.previous is None:
        return problem
    return lock_previous(
        problem, options.previous, options.frozen_hours, options.restart_interrupted, extra
    )


def _apply_order_events(
    orders: list[WorkOrder], disruptions: Sequence[Disruption]
) -> list[WorkOrder]:
    by_id = {order.id: order for order in orders}
    top = max((order.priority for order in orders), default=1)
    for event in disruptions:
        if not isinstance(event, RushOrder | MaterialLate | OperationLong):
            continue
        if event.order_id not in by_id:
            raise InputError(f"event names order {event.order_id!r}, not an open imported order")
        order = by_id[event.order_id]
        if isinstance(event, RushOrder):
            by_id[order.id] = replace(order, priority=max(top, 1) * 10)
        elif isinstance(event, MaterialLate):
            by_id[order.id] = replace(order, material_available_at=event.available_at)
    return [by_id[order.id] for order in orders]


def _extra_minutes(disruptions: Sequence[Disruption]) -> dict[tuple[str, int], int]:
    extra: dict[tuple[str, int], int] = {}
    for event in disruptions:
        if isinstance(event, OperationLong):
            key = (event.order_id, event.step)
            extra[key] = extra.get(key, 0) + math.ceil(event.extra.total_seconds() / 60)
    return extra


def _horizon_end(plant: Plant, orders: Sequence[WorkOrder], origin: datetime) -> datetime:
    latest = origin
    serial_min = 0.0
    for order in orders:
        for moment in (order.due_at, order.release_at, order.material_available_at):
            if moment is not None:
                latest = max(latest, moment)
        try:
            product = plant.product(order.product_id)
        except NotFoundError:
            continue
        for step in product.routing:
            cycles = list(step.cycle_s.values()) or [0.0]
            serial_min += order.quantity * min(cycles) / 60 + step.setup_min + 60
    span = max(timedelta(days=14), timedelta(minutes=3 * serial_min))
    return min(latest + span, origin + MAX_HORIZON + (latest - origin))


def duration_min(order: WorkOrder, step: RoutingStep, machine_id: str) -> int:
    """Working minutes of a step on a machine: quantity x cycle time + setup, rounded up."""
    minutes = order.quantity * step.cycle_s[machine_id] / 60 + step.setup_min
    return max(1, math.ceil(minutes - 1e-9))


def _order_steps(
    plant: Plant,
    order: WorkOrder,
    machines: dict[str, MachineCalendar],
    workers: tuple[WorkerCalendar, ...],
    extra: dict[tuple[str, int], int],
    memo: _Memo,
) -> tuple[str | None, list[tuple[RoutingStep, dict[str, int]]]]:
    if order.quantity <= 0:
        return "quantity must be more than 0", []
    try:
        product = plant.product(order.product_id)
    except NotFoundError:
        return f"unknown product {order.product_id!r}", []
    if not product.routing:
        return f"product {product.id!r} has no routing steps", []
    steps: list[tuple[RoutingStep, dict[str, int]]] = []
    for step in sorted(product.routing, key=lambda item: item.step):
        reason, durations = _step_durations(order, step, machines, workers, extra, memo)
        if reason is not None:
            return reason, []
        steps.append((step, durations))
    return None, steps


def _step_durations(
    order: WorkOrder,
    step: RoutingStep,
    machines: dict[str, MachineCalendar],
    workers: tuple[WorkerCalendar, ...],
    extra: dict[tuple[str, int], int],
    memo: _Memo,
) -> tuple[str | None, dict[str, int]]:
    eligible = [machine_id for machine_id in step.machine_ids if machine_id in machines]
    if not eligible:
        return f"no eligible machine for step {step.step}", {}
    timed = [m for m in eligible if machines[m].working.working_between(0, 10**9) > 0]
    if not timed:
        return f"no calendar time on the eligible machines for step {step.step}", {}
    qualified = [] if step.skill is None else [w for w in workers if step.skill in w.skills]
    if step.skill is not None:
        if not qualified:
            return f"no worker with skill {step.skill!r} for step {step.step}", {}
        timed = [m for m in timed if any(_meet(machines[m], w, memo[0]) for w in qualified)]
        if not timed:
            return f"no worker with skill {step.skill!r} on shift for step {step.step}", {}
    bonus = extra.get((order.id, step.step), 0)
    durations = {m: duration_min(order, step, m) + bonus for m in timed}
    if not step.pausable:
        durations = {m: d for m, d in durations.items() if machines[m].longest_stretch_min >= d}
        if not durations:
            return f"step {step.step} does not fit in one working stretch on any machine", {}
    if step.skill is None:
        return None, durations
    return _staffable(step, durations, machines, qualified, memo[1])


def _staffable(
    step: RoutingStep,
    durations: dict[str, int],
    machines: dict[str, MachineCalendar],
    qualified: list[WorkerCalendar],
    runs: dict[tuple[str, str, bool], int],
) -> tuple[str | None, dict[str, int]]:
    """The machines where the qualified workers, handing over at shift change, can staff
    the step from start to end at some time (the longest such run is remembered)."""
    cover: WorkingTime | None = None
    found: dict[str, int] = {}
    for machine_id in durations:
        key = (machine_id, str(step.skill), step.pausable)
        if key not in runs:
            if cover is None:
                cover = WorkingTime(
                    tuple(s for worker in qualified for s in worker.on_shift.stretches)
                )
            runs[key] = longest_staffed_run(machines[machine_id].working, cover, step.pausable)
        found[machine_id] = runs[key]
    staffable = {m: d for m, d in durations.items() if found[m] >= d}
    if staffable:
        return None, staffable
    return (
        f"workers with skill {step.skill!r} are on shift for at most {max(found.values())} "
        f"working minutes in a row; step {step.step} needs {min(durations.values())}",
        {},
    )


def _meet(
    machine: MachineCalendar, worker: WorkerCalendar, meetings: dict[tuple[str, str], bool]
) -> bool:
    """True when the worker is on shift at some minute the machine works (remembered)."""
    key = (machine.machine_id, worker.worker_id)
    if key not in meetings:
        meetings[key] = overlaps(machine.working, worker.on_shift)
    return meetings[key]


def _append_order(
    plant: Plant,
    order: WorkOrder,
    steps: list[tuple[RoutingStep, dict[str, int]]],
    window: Window,
    operations: list[Operation],
) -> OrderTarget:
    product: Product = plant.product(order.product_id)
    release = 0
    for moment in (order.release_at, order.material_available_at):
        if moment is not None:
            release = max(release, to_minute_up(moment, window.origin))
    indices: list[int] = []
    for position, (step, durations) in enumerate(steps):
        index = len(operations)
        operations.append(
            Operation(
                index=index,
                order_id=order.id,
                step=step.step,
                product_id=product.id,
                family=product.family,
                durations=durations,
                skill=step.skill,
                pausable=step.pausable,
                predecessor=indices[-1] if indices else None,
                release=release if position == 0 else 0,
            )
        )
        indices.append(index)
    return OrderTarget(
        order_id=order.id,
        due=to_minute(order.due_at, window.origin),
        weight=order.priority,
        operations=tuple(indices),
        release_at=order.release_at,
        material_at=order.material_available_at,
    )


def _changeovers(plant: Plant) -> dict[tuple[str, str], int]:
    return {
        (item.from_family, item.to_family): math.ceil(item.minutes)
        for item in plant.changeovers
        if item.from_family != item.to_family and item.minutes > 0
    }
