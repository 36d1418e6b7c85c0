"""Quick repair after a disruption: previous machines, previous order, late ones wait.

Operations go in the order of their previous start. An operation whose order is
delayed (its previous step now ends later than it was planned to start) waits for that
time and lets others overtake it, so a breakdown does not push whole machine queues.
Operations keep their previous machine; one whose machine went down moves when another
eligible machine ends it at least `MOVE_GAIN_MIN` minutes sooner.
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
from obeya.scheduling.plant.problem import Operation, Placement, Problem
from obeya.scheduling.plant.timeline import Timeline

MOVE_GAIN_MIN = 60


def repair(problem: Problem) -> Placed:
    """Right-shift repair of the previous schedule kept in `problem.previous`."""
    timeline = Timeline(problem)
    place_locked(problem, timeline)
    failed: dict[str, str] = {}
    followers = successors_of(problem)
    fallback = max((p.start for p in problem.previous.values()), default=0) + 1
    heap: list[tuple[int, int]] = []

    def push(operation: Operation) -> None:
        old = problem.previous.get((operation.order_id, operation.step))
        key = old.start if old is not None else fallback + operation.release
        heapq.heappush(heap, (key, operation.index))

    for operation in problem.operations:
        if operation.locked is None and _ready(operation, timeline):
            push(operation)
    while heap:
        key, index = heapq.heappop(heap)
        operation = problem.operations[index]
        if operation.order_id in failed:
            continue
        ready_at = timeline.earliest(operation)
        if ready_at > key:
            heapq.heappush(heap, (ready_at, index))
            continue
        placement = _placement(problem, timeline, operation)
        if placement is None:
            failed[operation.order_id] = no_room(operation)
            continue
        timeline.commit(operation, placement)
        for follower in followers.get(index, ()):
            push(problem.operations[follower])
    return finished(problem, timeline, failed)


def _ready(operation: Operation, timeline: Timeline) -> bool:
    return operation.predecessor is None or operation.predecessor in timeline.ends


def _placement(problem: Problem, timeline: Timeline, operation: Operation) -> Placement | None:
    old = problem.previous.get((operation.order_id, operation.step))
    if old is None or old.machine_id not in operation.durations:
        return best_placement(problem, timeline, operation, None)
    kept = timeline.trial(operation, old.machine_id)
    if kept is not None and not _machine_hit(problem, old):
        return kept
    best = best_placement(problem, timeline, operation, old.machine_id)
    if kept is None or (best is not None and best.end + MOVE_GAIN_MIN <= kept.end):
        return best
    return kept


def _machine_hit(problem: Problem, placement: Placement) -> bool:
    """True when the previous machine is down after the previous start."""
    calendar = problem.machines.get(placement.machine_id)
    if calendar is None:
        return True
    return any(end > max(0, placement.start) for _, end in calendar.down)
