"""Slots: the smallest windows every OEE row is made of, so their ledgers can be stored.

For the machines of one line (planned with the line's `shift_ids`), time is cut at every
shift-instance start and end and every local midnight (site time zone). Any `--by shift`
row, `--by day` row and any window whose bounds are such instants is then a union of
slots, and its ledger is the sum of the slots' ledgers (the ledger is additive to the
microsecond: see docs/kpi.md). A slot cut by the answer's window (its start or end is
the window's `from`/`to` and not a natural boundary) is not `aligned`: it is computed
from events each time and never stored.

Lines whose shift instances overlap cannot be cut this way (a `--by shift` row would
count the shared time twice); `SlotPlan.overlapping` tells the caller to compute
without slots.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from obeya.domain.calendars import iter_local_days, shift_instances
from obeya.domain.plant import Plant
from obeya.domain.reasons import ReasonCategory
from obeya.kpi.columns import Int64Array, to_us
from obeya.kpi.ledger import LEDGER_FIELDS, PlannedWindow, WindowPlan
from obeya.kpi.oee import MachineSeries, machine_matrix
from obeya.kpi.windows import whole_window

FIELD_COUNT = len(LEDGER_FIELDS)


@dataclass(frozen=True)
class Slot:
    """One slot `[start_at, end_at)`: its shift-instance key (None between shifts), its
    local day key, and whether both bounds are natural boundaries (storable)."""

    start_at: datetime
    end_at: datetime
    start_us: int
    end_us: int
    shift_key: str | None
    day_key: str
    aligned: bool


@dataclass(frozen=True)
class SlotPlan:
    """The slots of one line's machines inside an answer's window, in time order."""

    shift_ids: tuple[str, ...]
    slots: tuple[Slot, ...]
    overlapping: bool


def slot_plan(
    plant: Plant, shift_ids: Sequence[str], start_at: datetime, stop_at: datetime
) -> SlotPlan:
    """Cut `[start_at, stop_at)` at shift-instance bounds and local midnights.

    An empty window (`stop_at <= start_at`) has no slot.
    """
    zone_name = plant.site.timezone
    zone = ZoneInfo(zone_name)
    instances = shift_instances(plant.calendar, zone_name, start_at, stop_at, shift_ids)
    overlapping = any(
        instances[index + 1].start_at < instances[index].end_at
        for index in range(len(instances) - 1)
    )
    days = list(iter_local_days(zone_name, start_at, stop_at)) if stop_at > start_at else []
    natural = {edge for item in instances for edge in (item.start_at, item.end_at)}
    natural.update(edge for day in days for edge in day)
    inner = {edge for edge in natural if start_at < edge < stop_at}
    bounds = sorted(inner | {start_at, stop_at}) if stop_at > start_at else []
    slots: list[Slot] = []
    for index in range(len(bounds) - 1):
        begin, finish = bounds[index], bounds[index + 1]
        shift_key = next(
            (item.key for item in instances if item.start_at <= begin and finish <= item.end_at),
            None,
        )
        day_start = next(day[0] for day in days if day[0] <= begin < day[1])
        slots.append(
            Slot(
                begin,
                finish,
                to_us(begin),
                to_us(finish),
                shift_key,
                day_start.astimezone(zone).date().isoformat(),
                begin in natural and finish in natural,
            )
        )
    return SlotPlan(tuple(shift_ids), tuple(slots), overlapping)


def slot_windows(plant: Plant, plan: SlotPlan, first: int, last: int) -> list[PlannedWindow]:
    """Planned windows of slots `first..last-1`, then the whole range they cover (last)."""
    chosen = plan.slots[first:last]
    windows = [
        whole_window(plant, plan.shift_ids, slot.start_at, slot.end_at, str(index))
        for index, slot in enumerate(chosen, start=first)
    ]
    whole = PlannedWindow("range", chosen[0].start_us, chosen[-1].end_us, (), ())
    return [*windows, whole]


def run_plan(plant: Plant, plan: SlotPlan, span: tuple[int, int]) -> WindowPlan:
    """The window plan of slots `span[0]..span[1]-1` (shared by every machine of the line)."""
    return WindowPlan(slot_windows(plant, plan, *span))


def run_matrix(
    windows: WindowPlan, series: MachineSeries | None, categories: Mapping[str, ReasonCategory]
) -> Int64Array:
    """One machine's ledger of the slots of `windows` (from `run_plan`), one row each.

    `series` must hold the machine's events from the first slot's start (with the state
    and order in force then) to the last slot's end.
    """
    matrix: Int64Array = machine_matrix(series, categories, windows)[:-1]
    return matrix


def slot_matrix(
    plant: Plant,
    plan: SlotPlan,
    series: MachineSeries | None,
    categories: Mapping[str, ReasonCategory],
    span: tuple[int, int],
) -> Int64Array:
    """One machine's ledger of slots `span[0]..span[1]-1`, shape (slots, `LEDGER_FIELDS`)."""
    if span[0] >= span[1]:
        return np.zeros((0, FIELD_COUNT), dtype=np.int64)
    return run_matrix(run_plan(plant, plan, span), series, categories)


def missing_spans(known: Sequence[bool]) -> list[tuple[int, int]]:
    """Runs of consecutive unknown slots as `(first, last_exclusive)` index pairs."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for index, found in enumerate([*known, True]):
        if not found and start is None:
            start = index
        elif found and start is not None:
            spans.append((start, index))
            start = None
    return spans


def stored_matrix(
    plan: SlotPlan, stored: Sequence[Sequence[int]]
) -> tuple[Int64Array, NDArray[np.bool_]]:
    """The plan's slot matrix filled from stored rows `(start_us, end_us, *ledger)` sorted
    by start, and which slots they gave (only aligned slots with equal bounds count)."""
    count = len(plan.slots)
    matrix = np.zeros((count, FIELD_COUNT), dtype=np.int64)
    if not stored or not count:
        return matrix, np.zeros(count, dtype=np.bool_)
    rows = np.array(stored, dtype=np.int64)
    starts = np.array([slot.start_us for slot in plan.slots], dtype=np.int64)
    ends = np.array([slot.end_us for slot in plan.slots], dtype=np.int64)
    aligned = np.array([slot.aligned for slot in plan.slots], dtype=np.bool_)
    position = np.minimum(np.searchsorted(rows[:, 0], starts), len(rows) - 1)
    found = aligned & (rows[position, 0] == starts) & (rows[position, 1] == ends)
    matrix[found] = rows[position[found], 2:]
    return matrix, found
