"""The fast path: one machine's states as parallel arrays, and time per class by lookup.

Times are integer microseconds since the Unix epoch (`*_us`, int64): sums and
differences are exact, so the ledger of a window split in two adds up to the ledger of
the whole to the microsecond. Answers convert to float seconds only at the end.

Classes (CONTRACTS.md section 3), decided per state interval:
running -> APT; otherwise a reason whose category is known decides (planned -> PDOT,
setup -> AUST, idle -> ADOT, unplanned/minor_stop -> ADET); otherwise the state
(planned_stop -> PDOT, setup -> AUST, down -> ADET, idle -> ADOT, offline -> unknown).
Time before the first state is unknown. The break rule (a break turns every class but
APT into PDOT) is applied by the ledger, which knows the breaks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from obeya.domain.events import MachineState, StateChanged
from obeya.domain.reasons import ReasonCategory

APT, PDOT, AUST, ADET, ADOT, UNKNOWN = range(6)
CLASS_COUNT = 6
STATES: tuple[MachineState, ...] = tuple(MachineState)
STATE_CODE = {state: code for code, state in enumerate(STATES)}
RUNNING_CODE = STATE_CODE[MachineState.RUNNING]
STATE_CLASS = {
    MachineState.RUNNING: APT,
    MachineState.IDLE: ADOT,
    MachineState.DOWN: ADET,
    MachineState.SETUP: AUST,
    MachineState.PLANNED_STOP: PDOT,
    MachineState.OFFLINE: UNKNOWN,
}
CATEGORY_CLASS = {
    ReasonCategory.PLANNED: PDOT,
    ReasonCategory.SETUP: AUST,
    ReasonCategory.IDLE: ADOT,
    ReasonCategory.UNPLANNED: ADET,
    ReasonCategory.MINOR_STOP: ADET,
}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)

Int64Array = NDArray[np.int64]


def to_us(moment: datetime) -> int:
    """An aware datetime as integer microseconds since the Unix epoch (exact)."""
    return (moment - EPOCH) // MICROSECOND


def from_us(value: int) -> datetime:
    """Integer microseconds since the Unix epoch as an aware UTC datetime."""
    return EPOCH + timedelta(microseconds=int(value))


@dataclass(frozen=True)
class StateColumns:
    """One machine's state events as parallel arrays, sorted by `(at, event_id)`.

    `start_us`: int64 microseconds since the epoch; `state_code`: int8 index into
    `STATES`; `reason_code`: int32 index into `reasons`, -1 for no reason.
    Storage may build these straight from a query, without event objects.
    """

    start_us: Int64Array
    state_code: NDArray[np.int8]
    reason_code: NDArray[np.int32]
    reasons: tuple[str, ...] = ()


def state_columns(
    states: Sequence[StateChanged], reasons: Mapping[tuple[str, datetime], str]
) -> StateColumns:
    """Columns from one machine's state events, already sorted and unique (see timeline)."""
    codes: dict[str, int] = {}
    reason_codes: list[int] = []
    for event in states:
        reason = reasons.get((event.machine_id, event.at), event.reason)
        reason_codes.append(-1 if reason is None else codes.setdefault(reason, len(codes)))
    return StateColumns(
        np.array([to_us(event.at) for event in states], dtype=np.int64),
        np.array([STATE_CODE[event.state] for event in states], dtype=np.int8),
        np.array(reason_codes, dtype=np.int32),
        tuple(codes),
    )


StateRow = tuple[int, str, str, str | None]


def state_columns_from_rows(
    rows: Sequence[StateRow], assigned: Mapping[int, str] | None = None
) -> StateColumns:
    """Columns from one machine's raw rows `(at_us, event_id, state, reason)`.

    Rows may come in any order with repeated ids (the first by `(at_us, id)` is kept).
    `assigned` maps a stop's `at_us` to its winning reassigned reason. No event objects
    are built: this is the path for storage reading millions of rows.

    Raises:
        ValueError: when a state is not one of the contract's states.
    """
    seen: set[str] = set()
    kept: list[StateRow] = []
    for row in sorted(rows, key=lambda item: (item[0], item[1])):
        if row[1] not in seen:
            seen.add(row[1])
            kept.append(row)
    assigned = assigned or {}
    codes: dict[str, int] = {}
    reason_codes: list[int] = []
    for at_us, _, _, reason in kept:
        chosen = assigned.get(at_us, reason)
        reason_codes.append(-1 if chosen is None else codes.setdefault(chosen, len(codes)))
    return StateColumns(
        np.array([row[0] for row in kept], dtype=np.int64),
        np.array([STATE_CODE[MachineState(row[2])] for row in kept], dtype=np.int8),
        np.array(reason_codes, dtype=np.int32),
        tuple(codes),
    )


def class_codes(
    columns: StateColumns, categories: Mapping[str, ReasonCategory]
) -> NDArray[np.int8]:
    """The ISO 22400 class of every state interval; unknown reason codes are ignored."""
    by_reason = np.array(
        [CATEGORY_CLASS[categories[code]] if code in categories else -1 for code in columns.reasons]
        + [-1],
        dtype=np.int8,
    )[columns.reason_code]
    by_state = np.array([STATE_CLASS[state] for state in STATES], dtype=np.int8)[columns.state_code]
    classes = np.where(by_reason >= 0, by_reason, by_state).astype(np.int8)
    classes[columns.state_code == RUNNING_CODE] = APT
    return classes


class ClassClock:
    """Time per class inside a window, cumulated from the window start to given points.

    `at(points)` answers for every point at once in a few linear passes (insert the
    points among the state changes, `bincount` durations by bucket and class): no
    per-second loop and no per-event Python object.
    """

    def __init__(
        self,
        start_us: Int64Array,
        classes: NDArray[np.int8],
        window_start_us: int,
        window_end_us: int,
    ) -> None:
        before = int(np.searchsorted(start_us, window_start_us, side="right")) - 1
        stop = int(np.searchsorted(start_us, window_end_us, side="left"))
        self.first_class = int(classes[before]) if before >= 0 else UNKNOWN
        self.window_start_us = window_start_us
        self.starts = start_us[before + 1 : stop]
        self.classes = classes[before + 1 : stop]

    def at(self, points_us: Int64Array) -> Int64Array:
        """Time per class from the window start to each point, shape (points, classes).

        Raises:
            ValueError: unless points are sorted, unique, inside the window, and the
                first one is the window start.
        """
        count = len(points_us)
        if not count or int(points_us[0]) != self.window_start_us:
            raise ValueError("the first point must be the window start")
        cumulative = np.zeros((count, CLASS_COUNT), dtype=np.int64)
        if not len(self.starts):
            cumulative[:, self.first_class] = points_us - self.window_start_us
            return cumulative
        position = np.searchsorted(self.starts, points_us, side="right")
        previous = self.classes[np.maximum(position - 1, 0)]
        point_class = np.where(position > 0, previous, self.first_class)
        merged_starts = np.insert(self.starts, position, points_us)
        merged_classes = np.insert(self.classes, position, point_class).astype(np.int64)
        marks = np.insert(np.zeros(len(self.starts), dtype=np.int64), position, 1)
        bucket = np.cumsum(marks) - 1
        durations = np.diff(merged_starts, append=merged_starts[-1])
        sums = np.bincount(
            bucket * CLASS_COUNT + merged_classes,
            weights=durations,
            minlength=count * CLASS_COUNT,
        ).reshape(count, CLASS_COUNT)
        np.cumsum(np.rint(sums[:-1]).astype(np.int64), axis=0, out=cumulative[1:])
        return cumulative
