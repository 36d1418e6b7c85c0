"""Dispatching: fast list scheduling in calendar time, and decoding of sequences.

`dispatch` builds a schedule from scratch: the ready operation with the earliest
possible start goes first (ties broken by an ATC-like slack per priority), on the
eligible machine where it ends first. `decode` places operations in a given sequence on
given machines; it turns the CP-SAT and LNS answers into exact calendar times.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from obeya.scheduling.plant.problem import Operation, Placement, Problem
from obeya.scheduling.plant.timeline import Timeline


@dataclass(frozen=True)
class Placed:
    """A placed schedule in minutes, and the orders that found no room."""

    placements: Mapping[int, Placement]
    failed: Mapping[str, str] = field(default_factory=dict)


def dispatch(problem: Problem, bucket_min: int = 0) -> Placed:
    """List-schedule every operation; `bucket_min` groups start times before priority."""
    timeline = Timeline(problem)
    failed: dict[str, str] = {}
    place_locked(problem, timeline)
    successors = successors_of(problem)
    remaining = _remaining_work(problem)
    weights = {target.order_id: max(1, target.weight) for target in problem.orders}
    dues = {target.order_id: target.due for target in problem.orders}
    heap: list[tuple[int, float, int]] = []

    def push(operation: Operation) -> None:
        start = timeline.earliest(operation)
        slack = dues[operation.order_id] - start - remaining[operation.index]
        bucket = start // bucket_min if bucket_min else start
        heapq.heappush(heap, (bucket, slack / weights[operation.order_id], operation.index))

    for operation in problem.operations:
        if operation.locked is None and _ready(operation, timeline):
            push(operation)
    while heap:
        operation = problem.operations[heapq.heappop(heap)[2]]
        if operation.order_id in failed:
            continue
        placement = best_placement(
            problem, timeline, operation, problem.previous_machine(operation)
        )
        if placement is None:
            failed[operation.order_id] = no_room(operation)
            continue
        timeline.commit(operation, placement)
        for successor in successors.get(operation.index, ()):
            push(problem.operations[successor])
    return finished(problem, timeline, failed)


def decode(
    problem: Problem,
    sequence: Sequence[int],
    machines: Mapping[int, str],
    not_before: Mapping[int, int] | None = None,
) -> Placed:
    """Place operations in `sequence` order (a precedence-compatible order) on `machines`.

    Without `not_before`, each operation is appended to its machine as early as it can
    (a semi-active schedule); with it, each goes into the earliest gap of its machine at
    or after its `not_before` minute (the start the model chose). An operation whose
    machine has no room falls back to its best machine.
    """
    timeline = Timeline(problem)
    failed: dict[str, str] = {}
    place_locked(problem, timeline)
    bounds = not_before or {}
    for index in precedence_safe(problem, sequence):
        operation = problem.operations[index]
        if operation.locked is not None or operation.order_id in failed:
            continue
        choice = machines.get(index)
        placement = None
        if choice is not None and choice in operation.durations:
            placement = (
                timeline.trial_insert(operation, choice, bounds[index])
                if index in bounds
                else timeline.trial(operation, choice)
            )
        if placement is None:
            placement = best_placement(problem, timeline, operation, choice)
        if placement is None:
            failed[operation.order_id] = no_room(operation)
            continue
        timeline.commit(operation, placement)
    return finished(problem, timeline, failed)


def best_placement(
    problem: Problem, timeline: Timeline, operation: Operation, preferred: str | None
) -> Placement | None:
    best: Placement | None = None
    for machine_id in operation.durations:
        trial = timeline.trial(operation, machine_id)
        if trial is None:
            continue
        if best is None or (trial.end, machine_id != preferred) < (
            best.end,
            best.machine_id != preferred,
        ):
            best = trial
    return best


def no_room(operation: Operation) -> str:
    return f"no room for step {operation.step} within the scheduling horizon"


def _ready(operation: Operation, timeline: Timeline) -> bool:
    return operation.predecessor is None or operation.predecessor in timeline.ends


def place_locked(problem: Problem, timeline: Timeline) -> None:
    for operation in sorted(
        (item for item in problem.operations if item.locked is not None),
        key=lambda item: item.locked.end if item.locked else 0,
    ):
        timeline.place_locked(operation)


def successors_of(problem: Problem) -> dict[int, list[int]]:
    successors: dict[int, list[int]] = {}
    for operation in problem.operations:
        if operation.predecessor is not None:
            successors.setdefault(operation.predecessor, []).append(operation.index)
    return successors


def _remaining_work(problem: Problem) -> dict[int, int]:
    remaining: dict[int, int] = {}
    for target in problem.orders:
        total = 0
        for index in reversed(target.operations):
            total += min(problem.operations[index].durations.values())
            remaining[index] = total
    return remaining


def finished(problem: Problem, timeline: Timeline, failed: dict[str, str]) -> Placed:
    placements = {
        index: placement
        for index, placement in timeline.placements.items()
        if problem.operations[index].order_id not in failed
    }
    return Placed(placements, failed)


def precedence_safe(problem: Problem, sequence: Sequence[int]) -> list[int]:
    """The sequence with every operation moved after its order's previous step."""
    placed = {op.index for op in problem.operations if op.locked is not None}
    result: list[int] = []
    waiting: dict[int, list[int]] = {}
    for index in sequence:
        pending = [index]
        while pending:
            current = pending.pop()
            before = problem.operations[current].predecessor
            if before is not None and before not in placed:
                waiting.setdefault(before, []).append(current)
                continue
            placed.add(current)
            result.append(current)
            pending.extend(reversed(waiting.pop(current, [])))
    return result
