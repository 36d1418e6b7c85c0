"""The ISO 22400-2 time ledger of one machine over planned windows (CONTRACTS.md section 3).

For a window, POT intervals and the breaks inside them (from the calendar), every
instant of POT gets one class: running -> APT (also in a break); in a break -> PDOT;
else the reason's category, else the state (see `columns`). Time of the window outside
POT is `outside_pot_us` (of which `outside_pot_running_us` running); counts outside POT
go to `outside_pot_pq`. All times are exact integer microseconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

from obeya.kpi.columns import (
    ADET,
    ADOT,
    APT,
    AUST,
    CLASS_COUNT,
    PDOT,
    UNKNOWN,
    ClassClock,
    Int64Array,
)
from obeya.kpi.counts import (
    COLUMN_COUNT,
    GQ,
    PQ,
    PRI_DEFECT_US,
    PRI_PQ_US,
    RQ,
    SQ,
    UNKNOWN_PRI_PQ,
    CountClock,
)

IntervalUs = tuple[int, int]


@dataclass(frozen=True)
class PlannedWindow:
    """A ledger window `[start_us, end_us)` with its POT intervals and breaks (sorted)."""

    key: str
    start_us: int
    end_us: int
    operation: tuple[IntervalUs, ...]
    breaks: tuple[IntervalUs, ...]


@dataclass(frozen=True)
class TimeLedger:
    """Time elements (microseconds) and quantities of one machine or a sum of machines."""

    pot_us: int = 0
    pdot_us: int = 0
    apt_us: int = 0
    aust_us: int = 0
    adet_us: int = 0
    adot_us: int = 0
    unknown_us: int = 0
    outside_pot_us: int = 0
    outside_pot_running_us: int = 0
    pq: int = 0
    gq: int = 0
    sq: int = 0
    rq: int = 0
    outside_pot_pq: int = 0
    unknown_pri_pq: int = 0
    pri_pq_us: int = 0
    pri_defect_us: int = 0

    @property
    def pbt_us(self) -> int:
        """Planned busy time: POT minus PDOT."""
        return self.pot_us - self.pdot_us

    def __add__(self, other: TimeLedger) -> TimeLedger:
        return TimeLedger(*(getattr(self, name) + getattr(other, name) for name in LEDGER_FIELDS))


LEDGER_FIELDS = tuple(item.name for item in fields(TimeLedger))


def total(ledgers: Sequence[TimeLedger]) -> TimeLedger:
    """The sum of ledgers (machines of a scope, or consecutive windows)."""
    result = TimeLedger()
    for ledger in ledgers:
        result = result + ledger
    return result


def ledger_of(values: Sequence[int]) -> TimeLedger:
    """A ledger from one row of a ledger matrix (columns in `LEDGER_FIELDS` order)."""
    return TimeLedger(*(int(value) for value in values))


Spans = tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.intp]]


def _spans(windows: Sequence[PlannedWindow], part: str) -> Spans:
    starts: list[int] = []
    ends: list[int] = []
    owners: list[int] = []
    for index, window in enumerate(windows):
        for start, end in getattr(window, part):
            starts.append(start)
            ends.append(end)
            owners.append(index)
    return (
        np.array(starts, dtype=np.int64),
        np.array(ends, dtype=np.int64),
        np.array(owners, dtype=np.intp),
    )


class WindowPlan:
    """Windows flattened into arrays once, shared by every machine planned alike.

    `points` are the sorted unique span ends; the first is the earliest window start
    (the last window must be the whole one, covering all others).
    """

    def __init__(self, windows: Sequence[PlannedWindow]) -> None:
        self.windows = tuple(windows)
        self.count = len(windows)
        self.whole: Spans = (
            np.array([w.start_us for w in windows], dtype=np.int64),
            np.array([w.end_us for w in windows], dtype=np.int64),
            np.arange(len(windows), dtype=np.intp),
        )
        self.operation = _spans(windows, "operation")
        self.breaks = _spans(windows, "breaks")
        parts = (self.whole, self.operation, self.breaks)
        self.points = np.unique(np.concatenate([array for part in parts for array in part[:2]]))


def _per_window(values: NDArray[np.int64], owners: NDArray[np.intp], count: int) -> Int64Array:
    sums = np.zeros((count, values.shape[1]), dtype=np.int64)
    np.add.at(sums, owners, values)
    return sums


def _class_time(cumulative: Int64Array, points: Int64Array, spans: Spans, count: int) -> Int64Array:
    starts, ends, owners = spans
    values = cumulative[np.searchsorted(points, ends)] - cumulative[np.searchsorted(points, starts)]
    return _per_window(values, owners, count)


def _quantities(counts: CountClock | None, spans: Spans, count: int) -> Int64Array:
    starts, ends, owners = spans
    if counts is None:
        return np.zeros((count, COLUMN_COUNT), dtype=np.int64)
    return _per_window(counts.between(starts, ends), owners, count)


def ledger_matrix(
    clock: ClassClock | None, counts: CountClock | None, plan: WindowPlan
) -> Int64Array:
    """One machine's ledger per window as a matrix (windows x `LEDGER_FIELDS`).

    A missing clock means no state ever known. The clock's window must be the plan's
    whole window; windows may overlap (each is computed alone).
    """
    if clock is None:
        cumulative = np.zeros((len(plan.points), CLASS_COUNT), dtype=np.int64)
        cumulative[:, UNKNOWN] = plan.points - plan.points[0]
    else:
        cumulative = clock.at(plan.points)
    pot = _class_time(cumulative, plan.points, plan.operation, plan.count)
    paused = _class_time(cumulative, plan.points, plan.breaks, plan.count)
    whole = _class_time(cumulative, plan.points, plan.whole, plan.count)
    inside = _quantities(counts, plan.operation, plan.count)
    everything = _quantities(counts, plan.whole, plan.count)
    pot_us = pot.sum(axis=1)
    break_us = paused.sum(axis=1)
    columns = (
        pot_us,
        pot[:, PDOT] - paused[:, PDOT] + break_us - paused[:, APT],
        pot[:, APT],
        *(pot[:, item] - paused[:, item] for item in (AUST, ADET, ADOT, UNKNOWN)),
        whole.sum(axis=1) - pot_us,
        whole[:, APT] - pot[:, APT],
        *(inside[:, item] for item in (PQ, GQ, SQ, RQ)),
        everything[:, PQ] - inside[:, PQ],
        *(inside[:, item] for item in (UNKNOWN_PRI_PQ, PRI_PQ_US, PRI_DEFECT_US)),
    )
    matrix: Int64Array = np.column_stack(columns).astype(np.int64)
    return matrix


def ledgers_for_windows(
    clock: ClassClock | None, counts: CountClock | None, windows: Sequence[PlannedWindow]
) -> list[TimeLedger]:
    """One machine's ledger for each window (see `ledger_matrix`)."""
    matrix = ledger_matrix(clock, counts, WindowPlan(windows))
    return [ledger_of(row) for row in matrix.tolist()]
