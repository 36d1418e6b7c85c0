"""Exact placement of operations in calendar time: machines, changeovers and workers.

`Timeline` appends operations to machines (each machine runs its operations in the
order they are appended) and books workers. It is the one place that turns a machine
choice and a sequence into exact start and end minutes, so every schedule the heuristic,
the CP-SAT model or the LNS proposes is placed by the same rules the checker verifies.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass

from obeya.scheduling.plant.calendar_time import Span
from obeya.scheduling.plant.problem import Operation, Placement, Problem, WorkerCalendar

MAX_WORKER_TRIES = 400
NEVER = -(10**9)


@dataclass
class MachineTail:
    """The end of the last operation on a machine and its product family."""

    end: int
    family: str | None


class Timeline:
    """Machines' tails and workers' bookings while a schedule is being placed."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.tails: dict[str, MachineTail] = {
            machine_id: MachineTail(NEVER, None) for machine_id in problem.machines
        }
        self.bookings: dict[str, list[Span]] = {w.worker_id: [] for w in problem.workers}
        self.ends: dict[int, int] = {}
        self.placements: dict[int, Placement] = {}

    def place_locked(self, operation: Operation) -> None:
        """Record a locked operation exactly as it is locked."""
        placement = operation.locked
        assert placement is not None
        tail = self.tails.setdefault(placement.machine_id, MachineTail(NEVER, None))
        if placement.end >= tail.end:
            tail.end, tail.family = placement.end, operation.family
        if placement.worker_id in self.bookings:
            insort(self.bookings[placement.worker_id], (placement.start, placement.end))
        self._record(operation, placement)

    def earliest(self, operation: Operation) -> int:
        """The earliest start allowed by release and the order's previous step."""
        start = max(0, operation.release)
        if operation.predecessor is not None:
            start = max(start, self.ends.get(operation.predecessor, 0))
        return start

    def trial(self, operation: Operation, machine_id: str) -> Placement | None:
        """Where the operation would run if appended to this machine now; None: nowhere."""
        tail = self.tails[machine_id]
        calendar = self.problem.machines[machine_id].working
        start = max(self.earliest(operation), tail.end)
        changeover = self.problem.changeover_min(tail.family, operation.family)
        if changeover:
            after = calendar.finish(tail.end, changeover)
            if after is None:
                return None
            start = max(start, after[1])
        duration = operation.durations[machine_id]
        for _ in range(MAX_WORKER_TRIES):
            span = calendar.place(start, duration, operation.pausable)
            if span is None:
                return None
            if operation.skill is None:
                return Placement(machine_id, span[0], span[1], None)
            worker, retry = self._free_worker(operation, machine_id, span)
            if worker is not None:
                return Placement(machine_id, span[0], span[1], worker)
            if retry is None or retry <= start:
                return None
            start = retry
        return None

    def commit(self, operation: Operation, placement: Placement) -> None:
        """Append the operation at this placement."""
        tail = self.tails[placement.machine_id]
        tail.end, tail.family = placement.end, operation.family
        if placement.worker_id is not None:
            insort(self.bookings[placement.worker_id], (placement.start, placement.end))
        self._record(operation, placement)

    def _record(self, operation: Operation, placement: Placement) -> None:
        self.ends[operation.index] = placement.end
        self.placements[operation.index] = placement

    def _free_worker(
        self, operation: Operation, machine_id: str, span: Span
    ) -> tuple[str | None, int | None]:
        pieces = self.problem.machines[machine_id].working.pieces(*span)
        retry: int | None = None
        for worker in self.problem.qualified(operation.skill):
            if _on_shift(worker, pieces) and self._is_free(worker.worker_id, span):
                return worker.worker_id, None
            candidate = self._next_chance(worker, span[0])
            if candidate is not None and (retry is None or candidate < retry):
                retry = candidate
        return None, retry

    def _is_free(self, worker_id: str, span: Span) -> bool:
        booked = self.bookings[worker_id]
        index = bisect_left(booked, (span[1], -(10**12))) - 1
        return index < 0 or booked[index][1] <= span[0]

    def _next_chance(self, worker: WorkerCalendar, after: int) -> int | None:
        booked = self.bookings[worker.worker_id]
        index = bisect_left(booked, (after, -(10**12)))
        candidates = [end for _, end in booked[max(0, index - 1) : index + 2] if end > after]
        next_shift = worker.on_shift.next_stretch_start(after)
        if next_shift is not None:
            candidates.append(next_shift)
        return min(candidates) if candidates else None


def _on_shift(worker: WorkerCalendar, pieces: list[Span]) -> bool:
    return all(worker.on_shift.covers(start, end) for start, end in pieces)
