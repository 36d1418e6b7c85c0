"""Use case: a machine's state intervals over a window, from the derived interval table.

Closed intervals come from `state_intervals`, folded from the ledger on first need and
again from the earliest instant a late event touched; the still-open interval (up to
now or the window end) is computed from the events each time and never stored.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from obeya.domain.times import format_timestamp
from obeya.kpi.timeline import StateInterval, fold_intervals
from obeya.services.runtime import Runtime
from obeya.storage.clock import from_us, to_us
from obeya.storage.intervals import IntervalRow

BEGINNING_US = 0


def state_intervals(
    runtime: Runtime,
    machine_id: str,
    start_at: datetime,
    end_at: datetime,
    now: datetime | None = None,
) -> list[StateInterval]:
    """The machine's intervals inside `[start_at, end_at)`, cut at the window and at now.

    Raises:
        NotFoundError: when the plant has no such machine.
        InputError: when the window is naive or empty.
    """
    runtime.plant().machine(machine_id)
    stop_at = min(end_at, now or datetime.now(UTC))
    if stop_at <= start_at:
        return []
    with runtime.uow() as uow:
        uow.kpi.cache.invalidate([machine_id])
        covered = uow.intervals.covered_until(machine_id)
        fold_from = BEGINNING_US if covered is None else covered
        events = uow.events.for_machines([machine_id], fold_from, to_us(stop_at))
        folded = fold_intervals(events, from_us(fold_from), stop_at).get(machine_id, [])
        closed = [_row(item) for item in folded[:-1]]
        uow.intervals.add(machine_id, closed)
        uow.commit()
        stored = uow.intervals.between(machine_id, to_us(start_at), to_us(stop_at))
    intervals = [_interval(machine_id, row) for row in stored]
    if folded:
        intervals.append(folded[-1])
    return [clipped for item in intervals if (clipped := _clip(item, start_at, stop_at))]


def _row(interval: StateInterval) -> IntervalRow:
    return (to_us(interval.start_at), to_us(interval.end_at), str(interval.state), interval.reason)


def _interval(machine_id: str, row: IntervalRow) -> StateInterval:
    from obeya.domain.events import MachineState

    start, end, state, reason = row
    return StateInterval(machine_id, from_us(start), from_us(end), MachineState(state), reason)


def _clip(interval: StateInterval, start_at: datetime, end_at: datetime) -> StateInterval | None:
    begin, finish = max(interval.start_at, start_at), min(interval.end_at, end_at)
    if finish <= begin:
        return None
    return StateInterval(interval.machine_id, begin, finish, interval.state, interval.reason)


def interval_answer(intervals: list[StateInterval]) -> list[dict[str, Any]]:
    """JSON rows: start, end, state, reason, duration_s."""
    return [
        {
            "start": format_timestamp(item.start_at),
            "end": format_timestamp(item.end_at),
            "state": str(item.state),
            "reason": item.reason,
            "duration_s": item.duration_s,
        }
        for item in intervals
    ]
