"""Pull late disturbed orders forward, pushing the work in their way (rescheduling).

After a disruption, keep-and-insert leaves the disturbed operations in the first gaps,
often days late. For each late order of the disturbed region (worst weighted lateness
first) this move asks for its remaining disturbed steps as early as their order allows,
on their current machine or on another eligible one, and decodes the whole schedule with
those steps sequenced first: the operations in their way are pushed later (each push of
an untouched operation costs `weights.disturbance`). A move is kept when the combined
objective improves. The reverse move asks an untouched operation that was pushed away
back to its previous place. Deterministic: no randomness, a fixed order of moves.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass

from obeya.scheduling.plant.heuristic import Placed, decode
from obeya.scheduling.plant.problem import KEEP_MIN, OrderTarget, Problem
from obeya.scheduling.plant.score import Score, score

ProgressCallback = Callable[[float, float], None]
GAP_TRIES = 0
"""Idle gaps of a machine tried as insertion points after the earliest minute."""


def pull_late_orders(
    problem: Problem,
    start: Placed,
    *,
    deadline: float,
    max_moves: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> tuple[Placed, Score]:
    """Repeat passes (pull late disturbed orders, then put displaced untouched operations
    back) until none improves, the monotonic clock passes `deadline` (seconds) or
    `max_moves` moves were tried."""
    search = _Search(problem, start, score(problem, start.placements), on_progress)
    tried = 0
    improved = True
    while improved:
        improved = False
        moves: list[tuple[OrderTarget, str | None]] = [
            *(
                (target, machine_id)
                for target in _late_disturbed(problem, search.placed)
                for machine_id in _first_machines(problem, search.placed, target)
            ),
            *((target, None) for target in _displaced_orders(problem, search.placed)),
        ]
        for target, machine_id in moves:
            if machine_id is None:
                minutes: list[int | None] = [None]
            elif _pull_steps(problem, search.placed, target):
                minutes = [*_insertion_minutes(problem, search.placed, target, machine_id)]
            else:
                minutes = []
            for minute in minutes:
                if time.monotonic() >= deadline or (max_moves is not None and tried >= max_moves):
                    return search.placed, search.best
                tried += 1
                candidate = (
                    _restored(problem, search.placed, target)
                    if machine_id is None or minute is None
                    else _pulled(problem, search.placed, target, machine_id, minute)
                )
                improved = search.offer(candidate) or improved
    return search.placed, search.best


@dataclass
class _Search:
    problem: Problem
    placed: Placed
    best: Score
    on_progress: ProgressCallback | None

    def offer(self, candidate: Placed | None) -> bool:
        """Keep the candidate when it has no new failed order and a lower objective."""
        if candidate is None or candidate.failed.keys() - self.placed.failed.keys():
            return False
        figures = score(self.problem, candidate.placements)
        if figures.combined >= self.best.combined:
            return False
        self.placed = Placed(candidate.placements, {**self.placed.failed, **candidate.failed})
        self.best = figures
        if self.on_progress is not None:
            self.on_progress(float(figures.combined), 0.0)
        return True


def _displaced_orders(problem: Problem, placed: Placed) -> list[OrderTarget]:
    """Orders with an untouched operation off its machine or moved over `KEEP_MIN`."""
    return [
        target
        for target in problem.orders
        if any(_displaced(problem, placed, index) for index in target.operations)
    ]


def _displaced(problem: Problem, placed: Placed, index: int) -> bool:
    if index not in problem.anchored or index not in placed.placements:
        return False
    operation = problem.operations[index]
    old = problem.previous[(operation.order_id, operation.step)]
    new = placed.placements[index]
    return new.machine_id != old.machine_id or abs(new.start - old.start) > KEEP_MIN


def _restored(problem: Problem, placed: Placed, target: OrderTarget) -> Placed:
    """The schedule decoded with the order's displaced untouched operations asked for at
    their previous start on their previous machine, sequenced first."""
    placements = placed.placements
    machines = {index: placement.machine_id for index, placement in placements.items()}
    not_before = {index: placement.start for index, placement in placements.items()}
    urgent = {index for index in target.operations if _displaced(problem, placed, index)}
    for index in urgent:
        operation = problem.operations[index]
        old = problem.previous[(operation.order_id, operation.step)]
        machines[index] = old.machine_id
        not_before[index] = max(0, old.start)
    sequence = sorted(placements, key=lambda i: (not_before[i], i not in urgent, i))
    return decode(problem, sequence, machines, not_before)


def _late_disturbed(problem: Problem, placed: Placed) -> list[OrderTarget]:
    """Late orders with a disturbed or displaced operation, worst weighted lateness first."""
    placements = placed.placements
    late: list[tuple[int, str, OrderTarget]] = []
    for target in problem.orders:
        if not target.operations or target.weight == 0:
            continue
        if any(index not in placements for index in target.operations):
            continue
        lateness = placements[target.operations[-1]].end - target.due
        if lateness > 0 and _pull_steps(problem, placed, target):
            late.append((-lateness * target.weight, target.order_id, target))
    return [target for _, _, target in sorted(late, key=lambda item: item[:2])]


def _pull_steps(problem: Problem, placed: Placed, target: OrderTarget) -> list[int]:
    """The order's free steps from its first disturbed (not anchored) or displaced one on."""
    steps = [index for index in target.operations if problem.operations[index].locked is None]
    for position, index in enumerate(steps):
        if index not in problem.anchored or _displaced(problem, placed, index):
            return steps[position:]
    return []


def _first_machines(problem: Problem, placed: Placed, target: OrderTarget) -> list[str]:
    """The current machine of the order's first step to pull, then the other eligible."""
    first = _pull_steps(problem, placed, target)[0]
    current = placed.placements[first].machine_id
    others = sorted(m for m in problem.operations[first].durations if m != current)
    return [current, *others]


def _ready_minute(problem: Problem, placed: Placed, index: int) -> int:
    """The earliest start of an operation allowed by release and its order's previous step."""
    operation = problem.operations[index]
    minute = max(0, operation.release)
    before = operation.predecessor
    if before is not None and before in placed.placements:
        minute = max(minute, placed.placements[before].end)
    return minute


def _insertion_minutes(
    problem: Problem, placed: Placed, target: OrderTarget, machine_id: str
) -> list[int]:
    """Where to ask for the first step to pull on `machine_id`: as early as its order
    allows, then at the first idle gaps of the machine after that (a push stops there)."""
    first = _pull_steps(problem, placed, target)[0]
    ready = _ready_minute(problem, placed, first)
    current = placed.placements[first].start
    busy = sorted(
        (placement.start, placement.end)
        for index, placement in placed.placements.items()
        if placement.machine_id == machine_id and placement.end > ready and index != first
    )
    minutes = [ready]
    for (_, end), (start, _) in itertools.pairwise(busy):
        if len(minutes) > GAP_TRIES or end >= current:
            break
        if start > end and end > ready:
            minutes.append(end)
    return minutes


def _pulled(
    problem: Problem, placed: Placed, target: OrderTarget, machine_id: str, minute: int
) -> Placed:
    """The schedule decoded with the order's steps to pull asked for from `minute` on (the
    first on `machine_id`), each after the previous one, sequenced first."""
    placements = placed.placements
    steps = _pull_steps(problem, placed, target)
    machines = {index: placement.machine_id for index, placement in placements.items()}
    machines[steps[0]] = machine_id
    not_before = {index: placement.start for index, placement in placements.items()}
    for index in steps:
        not_before[index] = minute
        minute += problem.operations[index].durations[machines[index]]
    urgent = set(steps)
    sequence = sorted(placements, key=lambda i: (not_before[i], i not in urgent, i))
    return decode(problem, sequence, machines, not_before)
