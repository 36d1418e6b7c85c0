"""Pull late disturbed orders forward, pushing the work in their way (rescheduling).

After a disruption, keep-and-insert leaves the disturbed operations in the first gaps,
often days late. For each late order of the disturbed region (worst weighted lateness
first) this move asks for its remaining disturbed steps as early as their order allows,
on their current machine or on another eligible one, and decodes the whole schedule with
those steps sequenced first: the operations in their way are pushed later (each push of
an untouched operation costs `weights.disturbance`). A move is kept when the combined
objective improves. Deterministic: no randomness, a fixed order of moves.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from obeya.scheduling.plant.heuristic import Placed, decode
from obeya.scheduling.plant.problem import OrderTarget, Problem
from obeya.scheduling.plant.score import Score, score

ProgressCallback = Callable[[float, float], None]


def pull_late_orders(
    problem: Problem,
    start: Placed,
    *,
    deadline: float,
    max_moves: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> tuple[Placed, Score]:
    """Repeat passes over the late disturbed orders until none improves, the monotonic
    clock passes `deadline` (seconds) or `max_moves` orders were tried."""
    placed, best = start, score(problem, start.placements)
    tried = 0
    improved = True
    while improved:
        improved = False
        for target in _late_disturbed(problem, placed):
            if time.monotonic() >= deadline or (max_moves is not None and tried >= max_moves):
                return placed, best
            tried += 1
            for machine_id in _first_machines(problem, placed, target):
                candidate = _pulled(problem, placed, target, machine_id)
                if candidate is None:
                    continue
                figures = score(problem, candidate.placements)
                if figures.combined < best.combined:
                    placed, best, improved = candidate, figures, True
                    if on_progress is not None:
                        on_progress(float(figures.combined), 0.0)
    return placed, best


def _late_disturbed(problem: Problem, placed: Placed) -> list[OrderTarget]:
    """Late orders with a free, not anchored operation, worst weighted lateness first."""
    placements = placed.placements
    late: list[tuple[int, str, OrderTarget]] = []
    for target in problem.orders:
        if not target.operations or target.weight == 0:
            continue
        if any(index not in placements for index in target.operations):
            continue
        lateness = placements[target.operations[-1]].end - target.due
        if lateness > 0 and _disturbed_steps(problem, target):
            late.append((-lateness * target.weight, target.order_id, target))
    return [target for _, _, target in sorted(late, key=lambda item: item[:2])]


def _disturbed_steps(problem: Problem, target: OrderTarget) -> list[int]:
    return [
        index
        for index in target.operations
        if problem.operations[index].locked is None and index not in problem.anchored
    ]


def _first_machines(problem: Problem, placed: Placed, target: OrderTarget) -> list[str]:
    """The current machine of the order's first disturbed step, then the other eligible."""
    first = _disturbed_steps(problem, target)[0]
    current = placed.placements[first].machine_id
    others = sorted(m for m in problem.operations[first].durations if m != current)
    return [current, *others]


def _pulled(
    problem: Problem, placed: Placed, target: OrderTarget, machine_id: str
) -> Placed | None:
    """The schedule decoded with the order's disturbed steps asked for as early as their
    order allows (the first on `machine_id`); None when an order would fail."""
    placements = placed.placements
    steps = _disturbed_steps(problem, target)
    machines = {index: placement.machine_id for index, placement in placements.items()}
    machines[steps[0]] = machine_id
    not_before = {index: placement.start for index, placement in placements.items()}
    first = problem.operations[steps[0]]
    before = first.predecessor
    minute = max(0, first.release)
    if before is not None and before in placements:
        minute = max(minute, placements[before].end)
    for index in steps:
        not_before[index] = minute
        minute += problem.operations[index].durations[machines[index]]
    urgent = set(steps)
    sequence = sorted(placements, key=lambda i: (not_before[i], i not in urgent, i))
    candidate = decode(problem, sequence, machines, not_before)
    if candidate.failed.keys() - placed.failed.keys():
        return None
    return Placed(candidate.placements, {**placed.failed, **candidate.failed})
