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

from obeya.kpi.columns import ADET, ADOT, APT, AUST, PDOT, UNKNOWN, ClassClock
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
        return TimeLedger(
            *(getattr(self, item.name) + getattr(other, item.name) for item in fields(self))
        )


def total(ledgers: Sequence[TimeLedger]) -> TimeLedger:
    """The sum of ledgers (machines of a scope, or consecutive windows)."""
    result = TimeLedger()
    for ledger in ledgers:
        result = result + ledger
    return result


def _spans(
    windows: Sequence[PlannedWindow], part: str
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.intp]]:
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


def _per_window(values: NDArray[np.int64], owners: NDArray[np.intp], count: int) -> list[list[int]]:
    sums = np.zeros((count, values.shape[1]), dtype=np.int64)
    np.add.at(sums, owners, values)
    return [[int(value) for value in row] for row in sums]


def ledgers_for_windows(
    clock: ClassClock | None, counts: CountClock | None, windows: Sequence[PlannedWindow]
) -> list[TimeLedger]:
    """One machine's ledger for each window; a missing clock means no state ever known.

    The clock must cover every window. Windows may overlap (each is computed alone).
    """
    count = len(windows)
    whole_start = np.array([w.start_us for w in windows], dtype=np.int64)
    whole_end = np.array([w.end_us for w in windows], dtype=np.int64)
    pot_start, pot_end, pot_owner = _spans(windows, "operation")
    break_start, break_end, break_owner = _spans(windows, "breaks")
    if clock is None:
        pot_class = _unknown_only(pot_start, pot_end)
        break_class = _unknown_only(break_start, break_end)
        whole_class = _unknown_only(whole_start, whole_end)
    else:
        pot_class = clock.between(pot_start, pot_end)
        break_class = clock.between(break_start, break_end)
        whole_class = clock.between(whole_start, whole_end)
    pot = _per_window(pot_class, pot_owner, count)
    paused = _per_window(break_class, break_owner, count)
    quantities = _quantities(counts, whole_start, whole_end, pot_start, pot_end, pot_owner, count)
    return [
        _ledger(pot[i], paused[i], whole_class[i], quantities[0][i], quantities[1][i])
        for i in range(count)
    ]


def _unknown_only(starts: NDArray[np.int64], ends: NDArray[np.int64]) -> NDArray[np.int64]:
    values = np.zeros((len(starts), 6), dtype=np.int64)
    values[:, UNKNOWN] = ends - starts
    return values


def _quantities(
    counts: CountClock | None,
    whole_start: NDArray[np.int64],
    whole_end: NDArray[np.int64],
    pot_start: NDArray[np.int64],
    pot_end: NDArray[np.int64],
    pot_owner: NDArray[np.intp],
    count: int,
) -> tuple[list[list[int]], list[list[int]]]:
    if counts is None:
        return [[0] * COLUMN_COUNT] * count, [[0] * COLUMN_COUNT] * count
    inside = _per_window(counts.between(pot_start, pot_end), pot_owner, count)
    whole = counts.between(whole_start, whole_end)
    return inside, [[int(value) for value in row] for row in whole]


def _ledger(
    pot: list[int], paused: list[int], whole: NDArray[np.int64], inside: list[int], all_q: list[int]
) -> TimeLedger:
    pot_us = sum(pot)
    break_us = sum(paused)
    return TimeLedger(
        pot_us=pot_us,
        pdot_us=pot[PDOT] - paused[PDOT] + break_us - paused[APT],
        apt_us=pot[APT],
        aust_us=pot[AUST] - paused[AUST],
        adet_us=pot[ADET] - paused[ADET],
        adot_us=pot[ADOT] - paused[ADOT],
        unknown_us=pot[UNKNOWN] - paused[UNKNOWN],
        outside_pot_us=int(whole.sum()) - pot_us,
        outside_pot_running_us=int(whole[APT]) - pot[APT],
        pq=inside[PQ],
        gq=inside[GQ],
        sq=inside[SQ],
        rq=inside[RQ],
        outside_pot_pq=all_q[PQ] - inside[PQ],
        unknown_pri_pq=inside[UNKNOWN_PRI_PQ],
        pri_pq_us=inside[PRI_PQ_US],
        pri_defect_us=inside[PRI_DEFECT_US],
    )
