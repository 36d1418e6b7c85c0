"""Use cases of the KPIs: OEE by scope and window, computed from the event ledger."""

from __future__ import annotations

import contextlib
import hashlib
import json
from datetime import datetime
from typing import Any

import numpy as np

from obeya.domain.errors import InputError
from obeya.domain.events import CountRecorded, OrderMarked, ShopFloorEvent, StopReasonAssigned
from obeya.domain.plant import Plant
from obeya.kpi.bottleneck import bottleneck_answer
from obeya.kpi.columns import state_columns_from_rows
from obeya.kpi.counts import count_columns, ideal_cycle_table
from obeya.kpi.losses import DEFAULT_MICRO_STOP_S
from obeya.kpi.oee import MachineSeries, oee_answer_from_series
from obeya.kpi.report import losses_answer
from obeya.kpi.slot_answer import oee_answer_from_slots
from obeya.kpi.slots import (
    FIELD_COUNT,
    SlotPlan,
    missing_spans,
    run_matrix,
    run_plan,
    slot_plan,
    stored_matrix,
)
from obeya.kpi.timeline import check_window, effective_reasons, stop_time
from obeya.services.runtime import Runtime
from obeya.storage.clock import to_us
from obeya.storage.event_store import now_us
from obeya.storage.kpi_cache import KpiCache, KpiCacheBusy
from obeya.storage.kpi_reads import StateRow
from obeya.storage.unit_of_work import UnitOfWork

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


def _series_of(
    rows: list[StateRow],
    assigned: dict[int, str],
    marks: list[CountRecorded | OrderMarked] | None,
    products: dict[str, str],
    cycles: dict[tuple[str, str], float],
) -> MachineSeries:
    return MachineSeries(
        state_columns_from_rows(rows, assigned) if rows else None,
        count_columns(marks, products, cycles) if marks else None,
    )


def _assigned(assignments: list[ShopFloorEvent]) -> dict[str, dict[int, str]]:
    """Winning reassigned reasons per machine: stop `at_us` -> reason."""
    reasons = effective_reasons(
        item for item in assignments if isinstance(item, StopReasonAssigned)
    )
    assigned: dict[str, dict[int, str]] = {}
    for (owner, at), reason in reasons.items():
        assigned.setdefault(owner, {})[to_us(at)] = reason
    return assigned


def _marks(production: list[ShopFloorEvent]) -> dict[str, list[CountRecorded | OrderMarked]]:
    marks: dict[str, list[CountRecorded | OrderMarked]] = {}
    for event in production:
        if isinstance(event, CountRecorded | OrderMarked):
            marks.setdefault(event.machine_id, []).append(event)
    return marks


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
    assigned = _assigned(assignments)
    cycles = ideal_cycle_table(plant)
    marks = _marks(production)
    return {
        machine: _series_of(
            states[machine], assigned.get(machine, {}), marks.get(machine), products, cycles
        )
        for machine in machine_ids
    }


def oee(
    runtime: Runtime,
    scope: str,
    start_at: datetime,
    end_at: datetime,
    by: str = "none",
    now: datetime | None = None,
) -> dict[str, Any]:
    """The OEE answer of CONTRACTS.md section 3 for a scope and window.

    Sums stored per-slot ledgers (`obeya.kpi.slots`), computing from events only the
    slots that are missing, stale, unfinished or cut by the window (docs/kpi.md,
    "Speed: the ledger table"). The answer is the one `oee_answer_from_series` gives.

    Raises:
        InputError: `by` not one of the choices, or an empty or naive window.
        NotFoundError: the scope names nothing in the plant.
    """
    if by not in BY_CHOICES:
        raise InputError(f"--by must be one of {', '.join(BY_CHOICES)} (got {by!r})")
    if end_at <= start_at:
        raise InputError("--to must be after --from")
    check_window(start_at, end_at)
    plant = runtime.plant()
    stop_at = stop_time(start_at, end_at, now)
    machines = plant.machines_in_scope(scope)
    plans: dict[tuple[str, ...], SlotPlan] = {}
    for machine in machines:
        shift_ids = plant.line(machine.line_id).shift_ids
        if shift_ids not in plans:
            plans[shift_ids] = slot_plan(plant, shift_ids, start_at, stop_at)
    matrices = None
    if not any(plan.overlapping for plan in plans.values()):  # else shared time counts twice
        with contextlib.suppress(KpiCacheBusy):  # tables locked: answer from events alone
            matrices = slot_ledgers(runtime, plant, plans, [machine.id for machine in machines])
    if matrices is None:
        series = machine_series(runtime, plant, scope, start_at, end_at)
        return oee_answer_from_series(plant, scope, start_at, end_at, by, series, now)
    return oee_answer_from_slots(plant, scope, (start_at, end_at), by, plans, matrices)


def rebuild_ledger_cache(runtime: Runtime) -> None:
    """Forget every stored slot ledger: the next queries recompute them from events."""
    with runtime.uow() as uow:
        uow.kpi.cache.clear()
        uow.commit()


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


def _sync_cache(cache: KpiCache, plant_text: str, products: dict[str, str]) -> None:
    """Clear the cache when the plant file changed; mark machines whose work orders
    changed product (or appeared) dirty from their first mark of those orders."""
    fingerprint = hashlib.sha256(plant_text.encode()).hexdigest()
    products_text = json.dumps(products, sort_keys=True)
    if cache.meta("plant") != fingerprint:
        cache.clear()
        cache.set_meta("plant", fingerprint)
        cache.set_meta("orders", products_text)
        return
    stored_text = cache.meta("orders")
    if stored_text == products_text:
        return
    stored: dict[str, str] = json.loads(stored_text or "{}")
    changed = sorted(
        key for key in stored.keys() | products.keys() if stored.get(key) != products.get(key)
    )
    cache.mark(cache.order_starts(changed))
    cache.set_meta("orders", products_text)


class _Computer:
    """Computes missing runs of slots from events, one batch of reads per run."""

    def __init__(self, uow: UnitOfWork, plant: Plant, machine_ids: list[str], end_us: int) -> None:
        self.uow = uow
        self.plant = plant
        self.products = {order.id: order.product_id for order in uow.orders.list()}
        self.cycles = ideal_cycle_table(plant)
        self.categories = {reason.code: reason.category for reason in plant.reasons}
        self.machine_ids = machine_ids
        self.end_us = end_us
        self._assigned: dict[str, dict[int, str]] | None = None

    def series(
        self, machine_ids: list[str], start_us: int, end_us: int
    ) -> dict[str, MachineSeries]:
        """The machines' columns from `start_us` (state and order then in force) on."""
        if self._assigned is None:
            self._assigned = _assigned(self.uow.kpi.reason_events(self.machine_ids, self.end_us))
        states = self.uow.kpi.state_rows_of(machine_ids, start_us, end_us)
        marks = _marks(self.uow.kpi.production_events(machine_ids, start_us, end_us))
        return {
            machine: _series_of(
                states[machine],
                self._assigned.get(machine, {}),
                marks.get(machine),
                self.products,
                self.cycles,
            )
            for machine in machine_ids
        }

    def fill(self, plan: SlotPlan, span: tuple[int, int], matrices: dict[str, Any]) -> None:
        """Compute slots `span` of each machine in `matrices` (whose plan is `plan`)."""
        first, last = span
        owners = list(matrices)
        found = self.series(owners, plan.slots[first].start_us, plan.slots[last - 1].end_us)
        windows = run_plan(self.plant, plan, span)
        for machine in owners:
            computed = run_matrix(windows, found[machine], self.categories)
            matrices[machine][first:last] = computed


Run = tuple[tuple[str, ...], tuple[int, int]]


def slot_ledgers(
    runtime: Runtime, plant: Plant, plans: dict[tuple[str, ...], SlotPlan], machine_ids: list[str]
) -> dict[str, Any]:
    """Each machine's ledger per slot of its line's plan: stored ones read, the others
    computed from events (machines missing the same run of slots read together);
    finished aligned slots computed now are stored."""
    slots = [slot for plan in plans.values() for slot in plan.slots]
    if not slots:
        return {machine: np.zeros((0, FIELD_COUNT), dtype=np.int64) for machine in machine_ids}
    start_us, end_us = min(s.start_us for s in slots), max(s.end_us for s in slots)
    shift_ids = {machine.id: plant.line(machine.line_id).shift_ids for machine in plant.machines}
    with runtime.uow() as uow:
        current = uow.plants.current()
        computer = _Computer(uow, plant, machine_ids, end_us)
        _sync_cache(uow.kpi.cache, current[1] if current else "", computer.products)
        uow.kpi.cache.invalidate(machine_ids)
        stored = uow.kpi.cache.read(machine_ids, start_us, end_us)
        uow.commit()
        matrices: dict[str, Any] = {}
        runs: dict[Run, dict[str, Any]] = {}
        for machine_id in machine_ids:
            matrix, found = stored_matrix(plans[shift_ids[machine_id]], stored[machine_id])
            matrices[machine_id] = matrix
            for span in missing_spans(found.tolist()):
                runs.setdefault((shift_ids[machine_id], span), {})[machine_id] = matrix
        fresh: list[tuple[str, int, int, list[int]]] = []
        wall_us = now_us()
        for (line_shifts, (first, last)), owners in runs.items():
            plan = plans[line_shifts]
            computer.fill(plan, (first, last), owners)
            for index in range(first, last):
                slot = plan.slots[index]
                if slot.aligned and slot.end_us <= wall_us:
                    fresh.extend(
                        (owner, slot.start_us, slot.end_us, matrix[index].tolist())
                        for owner, matrix in owners.items()
                    )
        with contextlib.suppress(KpiCacheBusy):  # the answer stands; a later query stores
            uow.kpi.cache.store(fresh)
            uow.commit()
    return matrices
