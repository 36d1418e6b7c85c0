"""Work that stays: done, running and frozen operations of the previous schedule.

Done work (ended before now) stays as it was. Running work stays unless a disruption
hits it (its machine goes down, it takes longer, its worker is absent, or a crew
member during his piece of a hand-over): then it resumes with its remaining minutes on
the same machine, or restarts in full anywhere when `restart` is set. Operations of the
previous schedule starting before now + frozen hours stay unless a disruption hits them
or an earlier step of their order moved. Everything else is free, with its previous
placement kept for the stability term.
"""

from __future__ import annotations

from dataclasses import replace

from obeya.domain.schedules import Schedule
from obeya.scheduling.plant.calendar_time import Span
from obeya.scheduling.plant.problem import Operation, Placement, Problem


def lock_previous(
    problem: Problem,
    previous: Schedule,
    frozen_hours: float,
    restart: bool,
    extra: dict[tuple[str, int], int],
) -> Problem:
    """The problem with the previous schedule's done, running and frozen work locked."""
    frozen_end = round(frozen_hours * 60)
    operations = list(problem.operations)
    placements: dict[tuple[str, int], Placement] = {}
    for target in problem.orders:
        chain_locked = True
        for index in target.operations:
            operation = operations[index]
            old = previous.operation(operation.order_id, operation.step)
            if old is None:
                chain_locked = False
                continue
            placement = Placement.of(old, problem.origin)
            placements[(operation.order_id, operation.step)] = placement
            hit = _disrupted(problem, operation, placement, extra)
            new = _locked(operation, placement, hit, chain_locked, frozen_end, restart)
            operations[index] = new
            chain_locked = new.locked is not None
    return replace(problem, operations=tuple(operations), previous=placements)


def _locked(
    operation: Operation,
    placement: Placement,
    hit: bool,
    chain_locked: bool,
    frozen_end: int,
    restart: bool,
) -> Operation:
    if placement.end <= 0 and chain_locked:
        return replace(operation, locked=placement, done=True)
    if not chain_locked:
        return operation
    if placement.start < 0 < placement.end:
        if not hit:
            return replace(operation, locked=placement)
        return _resumed(operation, placement, restart)
    if placement.start < frozen_end and not hit:
        return replace(operation, locked=placement)
    return operation


def _resumed(operation: Operation, placement: Placement, restart: bool) -> Operation:
    machine_id = placement.machine_id
    if restart or machine_id not in operation.durations:
        return operation
    full = operation.durations[machine_id]
    remaining = max(1, full - (-placement.start))
    return replace(operation, durations={machine_id: remaining}, release=0)


def _disrupted(
    problem: Problem,
    operation: Operation,
    placement: Placement,
    extra: dict[tuple[str, int], int],
) -> bool:
    if (operation.order_id, operation.step) in extra:
        return True
    if placement.machine_id not in operation.durations:
        return True
    if 0 <= placement.start < operation.release:
        return True
    calendar = problem.machines[placement.machine_id]
    span = (max(placement.start, 0), placement.end)
    if any(_overlap(span, down) for down in calendar.down):
        return True
    workers = {worker.worker_id: worker for worker in problem.workers}
    for worker_id, start, end in placement.staffing:
        worker = workers.get(worker_id)
        if worker is None:
            return True
        piece = (max(start, 0), end)
        if any(_overlap(piece, absent) for absent in worker.absent):
            return True
    return False


def _overlap(first: Span, second: Span) -> bool:
    return first[0] < second[1] and second[0] < first[1]
