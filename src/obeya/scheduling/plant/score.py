"""The objective figures of a placed schedule, in real minutes, and their weighted sum."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from obeya.scheduling.plant.problem import KEEP_MIN, Placement, Problem


@dataclass(frozen=True)
class Score:
    """Objective figures in minutes and the combined weighted value (lower is better)."""

    weighted_tardiness_min: int
    makespan_min: int
    changeover_min: int
    start_move_min: int
    machine_change_count: int
    disturbed_count: int
    combined: int


def score(problem: Problem, placements: Mapping[int, Placement]) -> Score:
    """Evaluate placements: tardiness x priority, makespan, changeovers, stability."""
    tardiness = 0
    for target in problem.orders:
        if target.operations and all(index in placements for index in target.operations):
            end = placements[target.operations[-1]].end
            tardiness += max(0, end - target.due) * target.weight
    makespan = max((placement.end for placement in placements.values()), default=0)
    changeover = changeover_total(problem, placements)
    moves, changes, disturbed = _stability(problem, placements)
    weights = problem.weights
    combined = (
        weights.tardiness * tardiness
        + weights.makespan * max(0, makespan)
        + weights.changeover * changeover
        + weights.start_move * moves
        + weights.machine_change * changes
        + weights.disturbance * disturbed
    )
    return Score(tardiness, max(0, makespan), changeover, moves, changes, disturbed, combined)


def changeover_total(problem: Problem, placements: Mapping[int, Placement]) -> int:
    """Minutes of family changeovers between consecutive operations on each machine."""
    by_machine: dict[str, list[tuple[int, int]]] = {}
    for index, placement in placements.items():
        by_machine.setdefault(placement.machine_id, []).append((placement.start, index))
    total = 0
    for items in by_machine.values():
        items.sort()
        for (_, before), (_, after) in itertools.pairwise(items):
            total += problem.changeover_min(
                problem.operations[before].family, problem.operations[after].family
            )
    return total


def _stability(problem: Problem, placements: Mapping[int, Placement]) -> tuple[int, int, int]:
    """Start-move minutes, machine changes, and anchored operations that lost their place."""
    moves = changes = disturbed = 0
    for index, placement in placements.items():
        operation = problem.operations[index]
        if operation.locked is not None:
            continue
        old = problem.previous.get((operation.order_id, operation.step))
        if old is None:
            continue
        moved = abs(placement.start - old.start)
        changed = placement.machine_id != old.machine_id
        moves += moved
        changes += changed
        if index in problem.anchored and (changed or moved > KEEP_MIN):
            disturbed += 1
    return moves, changes, disturbed
