"""Use cases of the KPIs: OEE by scope and window, computed from the event ledger."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from obeya.domain.errors import InputError
from obeya.domain.events import CountRecorded, OrderMarked, ShopFloorEvent, StopReasonAssigned
from obeya.domain.plant import Plant
from obeya.kpi.bottleneck import bottleneck_answer
from obeya.kpi.columns import state_columns_from_rows
from obeya.kpi.counts import count_columns, ideal_cycle_table
from obeya.kpi.oee import MachineSeries, oee_answer_from_series
from obeya.kpi.losses import DEFAULT_MICRO_STOP_S
from obeya.kpi.report import losses_answer
from obeya.kpi.timeline import effective_reasons
from obeya.services.runtime import Runtime
from obeya.storage.clock import to_us

BY_CHOICES = ("none", "machine", "shift", "day")


def _window_events(
    runtime: Runtime, plant: Plant, scope: str, start_at: datetime, end_at: datetime
) -> list[ShopFloorEvent]:
    if end_at <= start_at:
        raise InputError("--to must be after --from")
    machine_ids = [machine.id for machine in plant.machines_in_scope(scope)]
    with runtime.uow() as uow:
        return uow.events.for_machines(machine_ids, to_us(start_at), to_us(end_at))


def order_products(runtime: Runtime) -> dict[str, str]:
    """Work order id -> product id, for counts that name no product."""
    with runtime.uow() as uow:
        return {order.id: order.product_id for order in uow.orders.list()}


def machine_series(
    runtime: Runtime, plant: Plant, scope: str, start_at: datetime, end_at: datetime
) -> dict[str, MachineSeries]:
    """Per-machine columns for the KPI engine, read without building state events."""
    if end_at <= start_at:
        raise InputError("--to must be after --from")
    machine_ids = [machine.id for machine in plant.machines_in_scope(scope)]
    start_us, end_us = to_us(start_at), to_us(end_at)
    with runtime.uow() as uow:
        states = {machine: uow.kpi.state_rows(machine, start_us, end_us) for machine in machine_ids}
        production = uow.kpi.production_events(machine_ids, start_us, end_us)
        assignments = uow.kpi.reason_events(machine_ids, end_us)
        products = {order.id: order.product_id for order in uow.orders.list()}
    reasons = effective_reasons(
        item for item in assignments if isinstance(item, StopReasonAssigned)
    )
    cycles = ideal_cycle_table(plant)
    marks: dict[str, list[CountRecorded | OrderMarked]] = {}
    for event in production:
        if isinstance(event, CountRecorded | OrderMarked):
            marks.setdefault(event.machine_id, []).append(event)
    series: dict[str, MachineSeries] = {}
    for machine in machine_ids:
        assigned = {
            to_us(at): reason for (owner, at), reason in reasons.items() if owner == machine
        }
        rows = states[machine]
        series[machine] = MachineSeries(
            state_columns_from_rows(rows, assigned) if rows else None,
            count_columns(marks[machine], products, cycles) if machine in marks else None,
        )
    return series


def oee(
    runtime: Runtime,
    scope: str,
    start_at: datetime,
    end_at: datetime,
    by: str = "none",
    now: datetime | None = None,
) -> dict[str, Any]:
    """The OEE answer of CONTRACTS.md section 3 for a scope and window."""
    if by not in BY_CHOICES:
        raise InputError(f"--by must be one of {', '.join(BY_CHOICES)} (got {by!r})")
    plant = runtime.plant()
    series = machine_series(runtime, plant, scope, start_at, end_at)
    return oee_answer_from_series(plant, scope, start_at, end_at, by, series, now)


def bottleneck(
    runtime: Runtime,
    line_id: str,
    start_at: datetime,
    end_at: datetime,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Roser's active-period bottleneck analysis of a line over a window."""
    plant = runtime.plant()
    events = _window_events(runtime, plant, f"line:{line_id}", start_at, end_at)
    return bottleneck_answer(plant, line_id, start_at, end_at, events, now)


def losses(
    runtime: Runtime,
    scope: str,
    start_at: datetime,
    end_at: datetime,
    now: datetime | None = None,
    micro_stop_s: float = DEFAULT_MICRO_STOP_S,
) -> dict[str, Any]:
    """Every loss figure of a scope: NEE, six big losses, Pareto, waterfall, unexplained."""
    if micro_stop_s < 0:
        raise InputError("--micro-stop must be 0 seconds or more")
    plant = runtime.plant()
    events = _window_events(runtime, plant, scope, start_at, end_at)
    return losses_answer(
        plant, scope, start_at, end_at, events, order_products(runtime), now, micro_stop_s
    )
