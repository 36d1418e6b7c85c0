"""Exact placement of operations in calendar time: machines, changeovers and workers.

`Timeline` appends operations to machines (each machine runs its operations in the
order they are appended) and books workers. It is the one place that turns a machine
choice and a sequence into exact start and end minutes, so every schedule the heuristic,
the CP-SAT model or the LNS proposes is placed by the same rules the checker verifies.

Staffing: an operation that needs a skill is first placed as before, with one qualified
worker from start to end (the lowest free worker id). Only when that finds no place on
the machine is it placed again with hand-overs at shift change (`crew.hand_over`), so an
operation that fits in one worker's shift is placed exactly as without hand-overs.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass

from obeya.scheduling.plant.calendar_time import Span
from obeya.scheduling.plant.crew import hand_over
from obeya.scheduling.plant.problem import Operation, Placement, Problem, WorkerCalendar

MAX_WORKER_TRIES = 400
NEVER = -(10**9)
Slot = tuple[int, int, int]  # start, end, operation index


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
        self.slots: dict[str, list[Slot]] = {machine_id: [] for machine_id in problem.machines}
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
        slots = self.slots.setdefault(placement.machine_id, [])
        insort(slots, (placement.start, placement.end, operation.index))
        self._book(placement)
        self._record(operation, placement)

    def earliest(self, operation: Operation) -> int:
        """The earliest start allowed by release and the order's previous step."""
        start = max(0, operation.release)
        if operation.predecessor is not None:
            start = max(start, self.ends.get(operation.predecessor, 0))
        return start

    def trial(self, operation: Operation, machine_id: str, not_before: int = 0) -> Placement | None:
        """Where the operation would run if appended to this machine now; None: nowhere."""
        placement = self._append(operation, machine_id, not_before, False)
        if placement is None and operation.skill is not None:
            placement = self._append(operation, machine_id, not_before, True)
        return placement

    def trial_insert(
        self, operation: Operation, machine_id: str, not_before: int = 0
    ) -> Placement | None:
        """The earliest placement in a gap between operations already on the machine."""
        placement = self._insert(operation, machine_id, not_before, False)
        if placement is None and operation.skill is not None:
            placement = self._insert(operation, machine_id, not_before, True)
        return placement

    def _append(
        self, operation: Operation, machine_id: str, not_before: int, handing_over: bool
    ) -> Placement | None:
        """Appended after the machine's last operation; `handing_over` allows a crew."""
        tail = self.tails[machine_id]
        start = self._after(machine_id, tail.end, tail.family, operation)
        if start is None:
            return None
        earliest = max(start, self.earliest(operation), not_before)
        return self._fit(operation, machine_id, earliest, None, handing_over)

    def _insert(
        self, operation: Operation, machine_id: str, not_before: int, handing_over: bool
    ) -> Placement | None:
        """In the earliest gap that holds it; `handing_over` allows a crew."""
        slots = self.slots[machine_id]
        earliest = max(self.earliest(operation), not_before)
        first = max(0, bisect_left(slots, (earliest, NEVER, -1)) - 1)
        for position in range(first, len(slots) + 1):
            before = slots[position - 1] if position > 0 else None
            after = slots[position] if position < len(slots) else None
            if after is not None and after[1] <= earliest:
                continue
            start = earliest
            if before is not None:
                ready = self._after(machine_id, before[1], self._family(before), operation)
                if ready is None:
                    return None
                start = max(start, ready)
            placement = self._fit(operation, machine_id, start, after, handing_over)
            if placement is not None or after is None:
                return placement
        return None

    def _after(
        self, machine_id: str, end: int, family: str | None, operation: Operation
    ) -> int | None:
        """The first minute after `end` and the changeover to the operation's family."""
        changeover = self.problem.changeover_min(family, operation.family)
        if not changeover:
            return end
        done = self.problem.machines[machine_id].working.finish(end, changeover)
        return None if done is None else done[1]

    def _fit(
        self,
        operation: Operation,
        machine_id: str,
        start: int,
        after: Slot | None,
        handing_over: bool,
    ) -> Placement | None:
        """Place from `start` on, staffed, ending before the next slot (if any)."""
        calendar = self.problem.machines[machine_id].working
        duration = operation.durations[machine_id]
        for _ in range(MAX_WORKER_TRIES):
            span = calendar.place(start, duration, operation.pausable)
            if span is None or (
                after is not None and not self._fits_before(span, after, operation, machine_id)
            ):
                return None
            if operation.skill is None:
                return Placement(machine_id, span[0], span[1], None)
            if handing_over:
                placement, retry = self._crew(operation, machine_id, span)
            else:
                worker, retry = self._free_worker(operation, machine_id, span)
                placement = None if worker is None else Placement(machine_id, *span, worker)
            if placement is not None:
                return placement
            if retry is None or retry <= start:
                return None
            start = retry
        return None

    def _crew(
        self, operation: Operation, machine_id: str, span: Span
    ) -> tuple[Placement | None, int | None]:
        """The operation staffed with hand-overs, or None and the next minute to try."""
        qualified = self.problem.qualified(operation.skill)
        working = self.problem.machines[machine_id].working
        crew, stuck = hand_over(qualified, self.bookings, working, span)
        if crew is None:
            return None, self._retry(qualified, stuck)
        if len(crew) == 1:
            return Placement(machine_id, *span, crew[0][0]), None
        return Placement(machine_id, *span, crew[0][0], crew), None

    def _fits_before(self, span: Span, after: Slot, operation: Operation, machine_id: str) -> bool:
        if span[1] > after[0]:
            return False
        changeover = self.problem.changeover_min(operation.family, self._family(after))
        working = self.problem.machines[machine_id].working
        return not changeover or working.working_between(span[1], after[0]) >= changeover

    def commit(self, operation: Operation, placement: Placement) -> None:
        """Put the operation on its machine at this placement (appended or inserted)."""
        tail = self.tails[placement.machine_id]
        if placement.end >= tail.end:
            tail.end, tail.family = placement.end, operation.family
        insort(self.slots[placement.machine_id], (placement.start, placement.end, operation.index))
        self._book(placement)
        self._record(operation, placement)

    def _book(self, placement: Placement) -> None:
        for worker_id, start, end in placement.staffing:
            if worker_id in self.bookings:
                insort(self.bookings[worker_id], (start, end))

    def _family(self, slot: Slot) -> str | None:
        return self.problem.operations[slot[2]].family

    def _record(self, operation: Operation, placement: Placement) -> None:
        self.ends[operation.index] = placement.end
        self.placements[operation.index] = placement

    def _free_worker(
        self, operation: Operation, machine_id: str, span: Span
    ) -> tuple[str | None, int | None]:
        pieces = self.problem.machines[machine_id].working.pieces(*span)
        qualified = self.problem.qualified(operation.skill)
        for worker in qualified:
            if self._is_free(worker.worker_id, span) and _on_shift(worker, pieces):
                return worker.worker_id, None
        return None, self._retry(qualified, span[0])

    def _retry(self, qualified: tuple[WorkerCalendar, ...], after: int) -> int | None:
        """The first minute after `after` at which a qualified worker may become free."""
        retry: int | None = None
        for worker in qualified:
            candidate = self._next_chance(worker, after)
            if candidate is not None and (retry is None or candidate < retry):
                retry = candidate
        return retry

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
