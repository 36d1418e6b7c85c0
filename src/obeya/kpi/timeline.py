"""Folding state events into state intervals (CONTRACTS.md section 2).

Per machine, state events sorted by `(at, event_id)` give intervals `[at_i, at_i+1)`; the
last one stays open until the window end (or "now"). The reason of a stop is the state
event's own reason unless a `StopReasonAssigned` for the same machine with
`stop_at == at_i` changes it: the latest assignment by `(at, event_id)` wins, earlier ones
stay in the event history.

Re-folding a range: the intervals inside `[start_at, end_at)` depend only on the latest
state event at or before `start_at`, the state events inside the range and the reason
assignments of those stops. A late event at `t` therefore changes only the intervals
between the state event before `t` and the one after it: `affected_range` gives that
range, and `fold_intervals(events, start_at, end_at)` re-folds just that slice.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from obeya.domain.errors import InputError
from obeya.domain.events import MachineState, StateChanged, StopReasonAssigned


@dataclass(frozen=True, slots=True)
class StateInterval:
    """A machine held `state` (with `reason`, if any) during `[start_at, end_at)`, UTC."""

    machine_id: str
    start_at: datetime
    end_at: datetime
    state: MachineState
    reason: str | None = None

    @property
    def duration_s(self) -> float:
        """The length of the interval in seconds."""
        return (self.end_at - self.start_at).total_seconds()


def check_window(start_at: datetime, end_at: datetime) -> None:
    """Check that a window is aware and not empty.

    Raises:
        InputError: naming `from`/`to` when a bound is naive or `to` is not after `from`.
    """
    for name, moment in (("from", start_at), ("to", end_at)):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise InputError(f"{name} {moment.isoformat()} has no UTC offset")
    if end_at <= start_at:
        raise InputError(f"to {end_at.isoformat()} must be after from {start_at.isoformat()}")


def stop_time(start_at: datetime, end_at: datetime, now: datetime | None) -> datetime:
    """Where computation stops: `end_at`, or `now` when it is earlier (never before start).

    Raises:
        InputError: when `now` has no UTC offset.
    """
    if now is None:
        return end_at
    if now.tzinfo is None or now.utcoffset() is None:
        raise InputError(f"now {now.isoformat()} has no UTC offset")
    return max(start_at, min(end_at, now))


def unique_sorted(events: Iterable[StateChanged]) -> list[StateChanged]:
    """State events sorted by `(at, event_id)`, each id kept once (the earliest copy)."""
    ordered = sorted(events, key=lambda event: (event.at, event.event_id))
    seen: set[str] = set()
    kept: list[StateChanged] = []
    for event in ordered:
        if event.event_id not in seen:
            seen.add(event.event_id)
            kept.append(event)
    return kept


def effective_reasons(
    assignments: Iterable[StopReasonAssigned],
) -> dict[tuple[str, datetime], str]:
    """The winning reason per `(machine_id, stop_at)`: latest by `(at, event_id)`."""
    winners: dict[tuple[str, datetime], StopReasonAssigned] = {}
    for assignment in assignments:
        key = (assignment.machine_id, assignment.stop_at)
        current = winners.get(key)
        if current is None or (assignment.at, assignment.event_id) > (
            current.at,
            current.event_id,
        ):
            winners[key] = assignment
    return {key: assignment.reason for key, assignment in winners.items()}


def split_by_machine(
    events: Iterable[object],
) -> tuple[dict[str, list[StateChanged]], list[StopReasonAssigned]]:
    """State events grouped by machine, and every reason assignment; other kinds dropped."""
    states: dict[str, list[StateChanged]] = {}
    assignments: list[StopReasonAssigned] = []
    for event in events:
        if isinstance(event, StateChanged):
            states.setdefault(event.machine_id, []).append(event)
        elif isinstance(event, StopReasonAssigned):
            assignments.append(event)
    return states, assignments


def fold_machine(
    states: Sequence[StateChanged],
    reasons: Mapping[tuple[str, datetime], str],
    start_at: datetime,
    end_at: datetime,
) -> list[StateInterval]:
    """Fold one machine's state events (sorted, unique) into intervals inside the window.

    The latest event at or before `start_at` opens the first interval at `start_at`;
    events at or after `end_at` are ignored. Zero-length intervals (two events at the
    same instant) are dropped: the one later by id holds.
    """
    times = [event.at for event in states]
    first = max(bisect_right(times, start_at) - 1, 0)
    last = bisect_left(times, end_at)
    intervals: list[StateInterval] = []
    for index in range(first, last):
        event = states[index]
        begin = max(event.at, start_at)
        finish = states[index + 1].at if index + 1 < last else end_at
        finish = min(finish, end_at)
        if finish <= begin:
            continue
        reason = reasons.get((event.machine_id, event.at), event.reason)
        intervals.append(StateInterval(event.machine_id, begin, finish, event.state, reason))
    return intervals


def fold_intervals(
    events: Iterable[object],
    start_at: datetime,
    end_at: datetime,
    now: datetime | None = None,
) -> dict[str, list[StateInterval]]:
    """Fold events (any order, any machines, duplicates allowed) into intervals per machine.

    Pass the latest state event at or before `start_at` of each machine (it gives the
    state at the window start) and every event inside the window; reason assignments
    and other kinds may be mixed in. With `now` before `end_at`, intervals stop at `now`.

    Raises:
        InputError: when the window is naive or empty.
    """
    check_window(start_at, end_at)
    stop_at = stop_time(start_at, end_at, now)
    states, assignments = split_by_machine(events)
    reasons = effective_reasons(assignments)
    return {
        machine_id: fold_machine(unique_sorted(found), reasons, start_at, stop_at)
        for machine_id, found in sorted(states.items())
    }


def affected_range(
    state_times: Sequence[datetime], late_at: datetime
) -> tuple[datetime | None, datetime | None]:
    """The range a late state event at `late_at` re-folds, given the sorted stored times.

    Returns `(previous state time or None, next state time or None)`: intervals outside
    it do not change. Re-fold with `fold_intervals(events, start, end)` on that slice
    (None: from the first event, or to the window end).
    """
    before = bisect_right(state_times, late_at) - 1
    after = bisect_right(state_times, late_at)
    previous = state_times[before] if before >= 0 else None
    following = state_times[after] if after < len(state_times) else None
    return previous, following
