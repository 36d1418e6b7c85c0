"""Quick repair after a disruption, two ways; the better by the combined objective wins.

Keep-and-insert: walk the previous schedule in start order and keep every operation at
(or within `KEEP_MIN` minutes after) its previous start on its previous machine. An
operation that cannot stay (its machine is down, its order's previous step now ends
later, its worker is absent, it is new) is affected, and so is the rest of its order;
affected operations then go, in the order they become ready, into the earliest gap of
their previous machine, or of another machine ending them `MOVE_GAIN_MIN` sooner.
Untouched operations never move, but affected ones may land far back.

Right-shift: previous machines in previous start order, each appended as early as it
can; an operation whose order is delayed waits and lets others pass. Affected orders
stay close to their dates, but the delay ripples through busy machines.
"""

from __future__ import annotations

import heapq

from obeya.scheduling.plant.heuristic import (
    Placed,
    best_placement,
    finished,
    no_room,
    place_locked,
    successors_of,
)
from obeya.scheduling.plant.problem import KEEP_MIN, Operation, Placement, Problem
from obeya.scheduling.plant.score import score
from obeya.scheduling.plant.timeline import Timeline

MOVE_GAIN_MIN = 60


def repair(problem: Problem, kept: Placed | None = None) -> Placed:
    """Repair of the previous schedule kept in `problem.previous`: the better (by the
    combined objective) of keep-and-insert (`kept` when already computed) and
    right-shift."""
    candidates = [kept or keep_and_insert(problem), right_shift(problem)]
    return min(
        candidates,
        key=lambda placed: (len(placed.failed), score(problem, placed.placements).combined),
    )


def keep_and_insert(problem: Problem) -> Placed:
    """Untouched operations stay; affected ones go into the earliest gaps."""
    return keep_and_insert_anchored(problem)[0]


def keep_and_insert_anchored(problem: Problem) -> tuple[Placed, frozenset[int]]:
    """Keep-and-insert, and the untouched operations: those that kept their previous
    machine and a start within `KEEP_MIN` minutes while every earlier one stayed too
    (the operations the disruption does not touch)."""
    timeline = Timeline(problem)
    place_locked(problem, timeline)
    affected = _keep_untouched(problem, timeline)
    untouched = frozenset(
        operation.index
        for operation in problem.operations
        if operation.locked is None
        and operation.index not in affected
        and operation.index in timeline.ends
    )
    failed = _insert_affected(problem, timeline, affected)
    return finished(problem, timeline, failed), untouched


def right_shift(problem: Problem) -> Placed:
    """Previous order on previous machines, appended; delayed operations let others pass."""
    timeline = Timeline(problem)
    place_locked(problem, timeline)
    failed: dict[str, str] = {}
    followers = successors_of(problem)
    heap = [
        (_previous_start(problem, op), op.index)
        for op in problem.operations
        if op.locked is None and _ready(op, timeline)
    ]
    heapq.heapify(heap)
    while heap:
        key, index = heapq.heappop(heap)
        operation = problem.operations[index]
        if operation.order_id in failed:
            continue
        ready_at = timeline.earliest(operation)
        if ready_at > key:
            heapq.heappush(heap, (ready_at, index))
            continue
        placement = _appended(problem, timeline, operation)
        if placement is None:
            failed[operation.order_id] = no_room(operation)
            continue
        timeline.commit(operation, placement)
        for follower in followers.get(index, ()):
            heapq.heappush(heap, (_previous_start(problem, problem.operations[follower]), follower))
    return finished(problem, timeline, failed)


def _appended(problem: Problem, timeline: Timeline, operation: Operation) -> Placement | None:
    old = problem.previous.get((operation.order_id, operation.step))
    if old is None or old.machine_id not in operation.durations:
        return best_placement(problem, timeline, operation, None)
    kept = timeline.trial(operation, old.machine_id, max(0, old.start))
    if kept is not None and not _machine_hit(problem, old):
        return kept
    best = best_placement(problem, timeline, operation, old.machine_id)
    if kept is None or (best is not None and best.end + MOVE_GAIN_MIN <= kept.end):
        return best
    return kept


def _keep_untouched(problem: Problem, timeline: Timeline) -> set[int]:
    """Commit every operation that can stay; return the affected ones."""
    affected: set[int] = set()
    free = [op for op in problem.operations if op.locked is None]
    free.sort(key=lambda op: (_previous_start(problem, op), op.index))
    for operation in free:
        old = problem.previous.get((operation.order_id, operation.step))
        before = operation.predecessor
        if old is None or (before is not None and before in affected):
            affected.add(operation.index)
            continue
        placement = _stay(problem, timeline, operation, old)
        if placement is None:
            affected.add(operation.index)
            continue
        timeline.commit(operation, placement)
    return affected


def _stay(
    problem: Problem, timeline: Timeline, operation: Operation, old: Placement
) -> Placement | None:
    if old.machine_id not in operation.durations or _machine_hit(problem, old):
        return None
    placement = timeline.trial_insert(operation, old.machine_id, max(0, old.start))
    if placement is None or placement.start > max(0, old.start) + KEEP_MIN:
        return None
    return placement


def _insert_affected(problem: Problem, timeline: Timeline, affected: set[int]) -> dict[str, str]:
    failed: dict[str, str] = {}
    followers = successors_of(problem)
    heap = [
        (_previous_start(problem, problem.operations[index]), index)
        for index in affected
        if _ready(problem.operations[index], timeline)
    ]
    heapq.heapify(heap)
    while heap:
        key, index = heapq.heappop(heap)
        operation = problem.operations[index]
        if operation.order_id in failed:
            continue
        ready_at = timeline.earliest(operation)
        if ready_at > key:
            heapq.heappush(heap, (ready_at, index))
            continue
        placement = _inserted(problem, timeline, operation)
        if placement is None:
            failed[operation.order_id] = no_room(operation)
            continue
        timeline.commit(operation, placement)
        for follower in followers.get(index, ()):
            if follower in affected:
                heapq.heappush(
                    heap, (_previous_start(problem, problem.operations[follower]), follower)
                )
    return failed


def _inserted(problem: Problem, timeline: Timeline, operation: Operation) -> Placement | None:
    old = problem.previous.get((operation.order_id, operation.step))
    preferred = old.machine_id if old is not None else None
    best: Placement | None = None
    kept: Placement | None = None
    for machine_id in operation.durations:
        trial = timeline.trial_insert(operation, machine_id)
        if trial is None:
            continue
        if machine_id == preferred and old is not None and not _machine_hit(problem, old):
            kept = trial
        if best is None or trial.end < best.end:
            best = trial
    if kept is not None and (best is None or best.end + MOVE_GAIN_MIN > kept.end):
        return kept
    return best


def _previous_start(problem: Problem, operation: Operation) -> int:
    old = problem.previous.get((operation.order_id, operation.step))
    return max(0, old.start) if old is not None else max(0, operation.release)


def _ready(operation: Operation, timeline: Timeline) -> bool:
    return operation.predecessor is None or operation.predecessor in timeline.ends


def _machine_hit(problem: Problem, placement: Placement) -> bool:
    """True when the previous machine is down during or after the previous start."""
    calendar = problem.machines.get(placement.machine_id)
    if calendar is None:
        return True
    return any(end > max(0, placement.start) for _, end in calendar.down)
