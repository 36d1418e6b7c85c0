"""Hand-over at shift change: a chain of qualified workers staffing one operation.

When no single qualified worker can staff an operation from start to end, the next
shift's operator takes over. `hand_over` covers the machine's working minutes of the
span greedily: from the first minute not yet staffed, the qualified worker who can go
on the longest (on shift for every working minute, not booked elsewhere) takes the next
piece, the lowest worker id on ties. Always taking the longest reach gives the fewest
hand-overs. A worker's piece ends at the instant his shift ends (when the machine
pauses then, the next worker's piece starts there and he takes the next working
minute), or when his next booking starts.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence

from obeya.scheduling.plant.calendar_time import Span, WorkingTime, subtract_spans
from obeya.scheduling.plant.problem import CrewSpan, WorkerCalendar

_LATEST = 10**12


def hand_over(
    qualified: Sequence[WorkerCalendar],
    bookings: Mapping[str, Sequence[Span]],
    machine: WorkingTime,
    span: Span,
) -> tuple[tuple[CrewSpan, ...] | None, int]:
    """The crew staffing `span` on this machine, or None and the first minute nobody can."""
    crew: list[CrewSpan] = []
    cursor = span[0]
    while cursor < span[1]:
        best: tuple[int, str, int] | None = None
        for worker in qualified:
            booked = bookings.get(worker.worker_id, ())
            staffed, until = reach(worker, booked, machine, cursor, span[1])
            if staffed > cursor and (best is None or staffed > best[0]):
                best = (staffed, worker.worker_id, until)
        if best is None:
            return None, cursor
        crew.append((best[1], cursor, best[2]))
        cursor = best[2]
    return tuple(crew), cursor


def reach(
    worker: WorkerCalendar, booked: Sequence[Span], machine: WorkingTime, start: int, end: int
) -> tuple[int, int]:
    """How far (up to `end`) the worker can staff the machine from `start` on.

    Returns the first working minute he cannot staff (`start` when that is the first
    one) and the hand-over instant: where his shift ends, or where his next booking
    starts, whichever comes first (`end` when he staffs to the end).
    """
    after = bisect_right(booked, (start, _LATEST))
    if after > 0 and booked[after - 1][1] > start:
        return start, start
    limit = min(end, booked[after][0]) if after < len(booked) else end
    staffed_to: int | None = None
    for low, high in machine.pieces(start, limit):
        on_until = worker.on_shift.stretch_end(low)
        if on_until < high:
            if on_until > low:
                return on_until, on_until
            if staffed_to is None:
                return start, start
            return low, worker.on_shift.stretch_end(staffed_to - 1)
        staffed_to = high
    if staffed_to is None:
        return start, start
    if limit == end:
        return end, end
    return limit, min(limit, worker.on_shift.stretch_end(staffed_to - 1))


def longest_staffed_run(machine: WorkingTime, cover: WorkingTime, pausable: bool) -> int:
    """The most working minutes in a row of the machine that workers on shift in `cover`
    can staff, hand-overs allowed: inside one working stretch for a step that cannot
    pause, else across pauses (an operation longer than this can never be staffed)."""
    unstaffed = subtract_spans(machine.stretches, cover.stretches)
    if not pausable:
        staffed = subtract_spans(machine.stretches, unstaffed)
        return max((end - start for start, end in staffed), default=0)
    runs: list[int] = []
    cursor = -_LATEST
    for start, end in unstaffed:
        runs.append(machine.working_between(cursor, start))
        cursor = end
    runs.append(machine.working_between(cursor, _LATEST))
    return max(runs)
