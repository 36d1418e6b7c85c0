"""The OEE answer of `obeya kpi oee` (CONTRACTS.md section 3), ready for JSON.

Rows: `none` one row keyed by the scope; `machine` one row per machine over the window;
`shift`/`day` one row per shift instance / local day, summing the scope's machines. A
scope sums ledgers, quantities and Σ(PRI·PQ) of its machines and then takes ratios.
With `now` before `to`, everything stops at `now` (the future is not unknown time).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from obeya.domain.errors import InputError
from obeya.domain.events import CountRecorded, OrderMarked
from obeya.domain.plant import Plant
from obeya.domain.reasons import ReasonCategory
from obeya.domain.times import format_timestamp
from obeya.kpi.columns import ClassClock, Int64Array, StateColumns, class_codes, state_columns
from obeya.kpi.counts import CountClock, CountColumns, count_columns, ideal_cycle_table
from obeya.kpi.ledger import (
    PlannedWindow,
    TimeLedger,
    WindowPlan,
    ledger_matrix,
    ledger_of,
    total,
)
from obeya.kpi.timeline import (
    check_window,
    effective_reasons,
    split_by_machine,
    stop_time,
    unique_sorted,
)
from obeya.kpi.windows import row_windows, whole_window

GROUPINGS = ("none", "machine", "shift", "day")


@dataclass(frozen=True)
class MachineSeries:
    """Everything the ledger needs of one machine: state and count columns (or None)."""

    states: StateColumns | None = None
    counts: CountColumns | None = None


def machine_series(
    plant: Plant, events: Iterable[object], order_products: Mapping[str, str]
) -> dict[str, MachineSeries]:
    """Build per-machine columns from domain events (any order, duplicates allowed)."""
    materialised = list(events)
    states, assignments = split_by_machine(materialised)
    reasons = effective_reasons(assignments)
    production: dict[str, list[CountRecorded | OrderMarked]] = {}
    for event in materialised:
        if isinstance(event, CountRecorded | OrderMarked):
            production.setdefault(event.machine_id, []).append(event)
    cycles = ideal_cycle_table(plant)
    series: dict[str, MachineSeries] = {}
    for machine_id in set(states) | set(production):
        found = states.get(machine_id)
        marks = production.get(machine_id)
        series[machine_id] = MachineSeries(
            state_columns(unique_sorted(found), reasons) if found else None,
            count_columns(marks, order_products, cycles) if marks else None,
        )
    return series


def ratios(ledger: TimeLedger) -> dict[str, float | None]:
    """Availability, effectiveness, quality and OEE; None on a zero denominator."""
    availability = ledger.apt_us / ledger.pbt_us if ledger.pbt_us else None
    effectiveness = ledger.pri_pq_us / ledger.apt_us if ledger.apt_us else None
    quality = ledger.gq / ledger.pq if ledger.pq else None
    parts = (availability, effectiveness, quality)
    oee = None
    if availability is not None and effectiveness is not None and quality is not None:
        oee = availability * effectiveness * quality
    return dict(
        zip(("availability", "effectiveness", "quality", "oee"), (*parts, oee), strict=True)
    )


def ledger_row(key: str, ledger: TimeLedger) -> dict[str, object]:
    """One JSON row: the contract's fields (seconds as floats), then added keys and flags."""
    seconds = {
        name: getattr(ledger, f"{name}_us") / 1_000_000
        for name in ("pot", "pdot", "pbt", "apt", "aust", "adet", "adot", "unknown")
    }
    row: dict[str, object] = {"key": key, **{f"{k}_s": v for k, v in seconds.items()}}
    row["outside_pot_s"] = ledger.outside_pot_us / 1_000_000
    row.update(pq=ledger.pq, gq=ledger.gq, sq=ledger.sq, rq=ledger.rq)
    row["outside_pot_pq"] = ledger.outside_pot_pq
    found = ratios(ledger)
    row.update(found)
    row["outside_pot_running_s"] = ledger.outside_pot_running_us / 1_000_000
    row["pri_pq_s"] = ledger.pri_pq_us / 1_000_000
    row["unknown_pri_pq"] = ledger.unknown_pri_pq
    flags = []
    effectiveness = found["effectiveness"]
    if effectiveness is not None and effectiveness > 1:
        flags.append("effectiveness_above_1")
    if ledger.unknown_pri_pq:
        flags.append("unknown_pri")
    row["flags"] = flags
    return row


def machine_matrix(
    series: MachineSeries | None,
    categories: Mapping[str, ReasonCategory],
    plan: WindowPlan,
) -> Int64Array:
    """Ledger matrix of one machine for a plan whose last window is the whole one."""
    whole = plan.windows[-1]
    clock = None
    counts = None
    if series is not None and series.states is not None and len(series.states.start_us):
        classes = class_codes(series.states, categories)
        clock = ClassClock(series.states.start_us, classes, whole.start_us, whole.end_us)
    if series is not None and series.counts is not None:
        counts = CountClock(series.counts)
    return ledger_matrix(clock, counts, plan)


def machine_ledgers(
    series: MachineSeries | None,
    categories: Mapping[str, ReasonCategory],
    windows: list[PlannedWindow],
) -> list[TimeLedger]:
    """Ledgers of one machine for `windows`; the last window must be the whole one."""
    matrix = machine_matrix(series, categories, WindowPlan(windows))
    return [ledger_of(row) for row in matrix.tolist()]


def _plan(
    plant: Plant, shift_ids: tuple[str, ...], window: tuple[datetime, datetime], by: str, key: str
) -> WindowPlan:
    start_at, stop_at = window
    rows = row_windows(plant, shift_ids, start_at, stop_at, by)
    return WindowPlan([*rows, whole_window(plant, shift_ids, start_at, stop_at, key)])


def _rows(
    plans: Mapping[tuple[str, ...], WindowPlan], sums: Mapping[tuple[str, ...], Int64Array]
) -> list[dict[str, object]]:
    """Shift or day rows: each key summed over the plans (lines) that have it."""
    grouped: dict[str, tuple[int, Int64Array]] = {}
    for shift_ids, plan in plans.items():
        for window, values in zip(plan.windows[:-1], sums[shift_ids][:-1], strict=True):
            order, before = grouped.get(window.key, (window.start_us, 0 * values))
            grouped[window.key] = (min(order, window.start_us), before + values)
    ordered = sorted(grouped.items(), key=lambda item: (item[1][0], item[0]))
    return [ledger_row(key, ledger_of(values.tolist())) for key, (_, values) in ordered]


def oee_answer_from_series(
    plant: Plant,
    scope: str,
    start_at: datetime,
    end_at: datetime,
    by: str,
    series: Mapping[str, MachineSeries],
    now: datetime | None = None,
) -> dict[str, object]:
    """The OEE answer from prepared per-machine columns (the fast path storage uses).

    Raises:
        InputError: a naive or empty window, or `by` not one of none|machine|shift|day.
        NotFoundError: the scope names nothing in the plant.
    """
    check_window(start_at, end_at)
    if by not in GROUPINGS:
        raise InputError(f"by {by!r} is not one of {', '.join(GROUPINGS)}")
    machines = plant.machines_in_scope(scope)
    stop_at = stop_time(start_at, end_at, now)
    categories = {reason.code: reason.category for reason in plant.reasons}
    plans: dict[tuple[str, ...], WindowPlan] = {}
    sums: dict[tuple[str, ...], Int64Array] = {}
    by_machine: list[tuple[str, TimeLedger]] = []
    for machine in machines:
        shift_ids = plant.line(machine.line_id).shift_ids
        if shift_ids not in plans:
            plans[shift_ids] = _plan(plant, shift_ids, (start_at, stop_at), by, scope)
        matrix = machine_matrix(series.get(machine.id), categories, plans[shift_ids])
        sums[shift_ids] = sums[shift_ids] + matrix if shift_ids in sums else matrix
        by_machine.append((machine.id, ledger_of(matrix[-1].tolist())))
    whole = total([ledger for _, ledger in by_machine])
    if by == "none":
        rows = [ledger_row(scope, whole)]
    elif by == "machine":
        rows = [ledger_row(key, ledger) for key, ledger in by_machine]
    else:
        rows = _rows(plans, sums)
    return {
        "scope": scope,
        "from": format_timestamp(start_at),
        "to": format_timestamp(end_at),
        "by": by,
        "rows": rows,
        "total": ledger_row("total", whole),
    }


def oee_answer(
    plant: Plant,
    scope: str,
    start_at: datetime,
    end_at: datetime,
    by: str,
    events: Iterable[object],
    order_products: Mapping[str, str],
    now: datetime | None = None,
) -> dict[str, object]:
    """The OEE answer of CONTRACTS.md section 3 from domain events.

    `events`: every event of the scope's machines inside the window plus, per machine,
    the latest state event before `from`; order marks before `from` too when counts
    rely on the running order. `order_products` maps work order id -> product id.

    Raises:
        InputError: a naive or empty window, or `by` not one of none|machine|shift|day.
        NotFoundError: the scope names nothing in the plant.
    """
    series = machine_series(plant, events, order_products)
    return oee_answer_from_series(plant, scope, start_at, end_at, by, series, now)
