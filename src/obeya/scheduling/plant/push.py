"""Pull late disturbed orders forward, pushing the work in their way (rescheduling).

After a disruption, keep-and-insert leaves the disturbed operations in the first gaps,
often days late. For each late order of the disturbed region (worst weighted lateness
first) this move asks for its remaining disturbed steps as early as their order allows,
on their current machine or on another eligible one, and decodes the whole schedule with
those steps sequenced first: the operations in their way are pushed later (each push of
an untouched operation costs `weights.disturbance`). A move is kept when the combined
objective improves. A swap gives the first disturbed step the place of an operation
whose order has slack, that operation going where the step was. The reverse move asks
the untouched operations of an order that were pushed away back to their previous
place. Deterministic: no randomness, a fixed order of moves.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from obeya.scheduling.plant.heuristic import Placed, decode
from obeya.scheduling.plant.problem import KEEP_MIN, OrderTarget, Problem
from obeya.scheduling.plant.score import Score, score

ProgressCallback = Callable[[float, float], None]
SWAP_TRIES = 2
"""Swap partners tried per late order and machine."""


def pull_late_orders(
    problem: Problem,
    start: Placed,
    *,
    deadline: float,
    max_moves: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> tuple[Placed, Score]:
    """Pull and swap the late disturbed orders (worst first; after each improvement the
    list starts again), then, when none improves, a pass putting displaced untouched
    operations back. Stops when neither improves, when the monotonic clock passes
    `deadline` (seconds) or after `max_moves` decoded moves; never returns worse."""
    search = _Search(problem, start, score(problem, start.placements), on_progress)
    tried = 0
    failed: set[tuple[str, str, int]] = set()
    improved = pull_pass = True
    while improved or pull_pass:
        pull_pass, improved = improved, False
        moves: list[tuple[OrderTarget, str | None, int]] = [
            (target, machine_id, choice)
            for target in _late_disturbed(problem, search.placed)
            for machine_id in _first_machines(problem, search.placed, target)
            for choice in range(-1, SWAP_TRIES)
        ]
        if not pull_pass:
            failed.clear()
            tried += 1
            improved = search.offer(
                _restored(problem, search.placed, _displaced_orders(problem, search.placed))
            )
            moves = [(target, None, -1) for target in _displaced_orders(problem, search.placed)]
        for target, machine_id, choice in moves:
            if time.monotonic() >= deadline or (max_moves is not None and tried >= max_moves):
                return search.placed, search.best
            steps = _pull_steps(problem, search.placed, target)
            candidate: Placed | None = None
            if machine_id is None:
                candidate = _restored(problem, search.placed, [target])
            elif steps and choice < 0:
                key = (target.order_id, machine_id, -1)
                minute = _ready_minute(problem, search.placed, steps[0])
                if key not in failed:
                    candidate = _pulled(problem, search.placed, steps, machine_id, minute)
            elif steps:
                partners = _swap_partners(problem, search.placed, target, steps, machine_id)
                key = (
                    target.order_id,
                    machine_id,
                    partners[choice] if choice < len(partners) else -2,
                )
                if choice < len(partners) and key not in failed:
                    candidate = _swapped(
                        problem, search.placed, steps, machine_id, partners[choice]
                    )
            tried += candidate is not None
            if search.offer(candidate):
                improved = True
                if pull_pass:
                    break
            elif machine_id is not None and candidate is not None:
                failed.add(key)
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


def _restored(problem: Problem, placed: Placed, targets: list[OrderTarget]) -> Placed:
    """The schedule decoded with the orders' displaced untouched operations asked for at
    their previous start on their previous machine, sequenced first."""
    placements = placed.placements
    machines = {index: placement.machine_id for index, placement in placements.items()}
    not_before = {index: placement.start for index, placement in placements.items()}
    urgent = {
        index
        for target in targets
        for index in target.operations
        if _displaced(problem, placed, index)
    }
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


def _pulled(
    problem: Problem,
    placed: Placed,
    steps: list[int],
    machine_id: str,
    minute: int,
    partner: int | None = None,
) -> Placed:
    """The schedule decoded with the steps asked for from `minute` on (the first on
    `machine_id`), each after the previous one, sequenced first; a `partner` is asked for
    where the first step was."""
    placements = placed.placements
    machines = {index: placement.machine_id for index, placement in placements.items()}
    machines[steps[0]] = machine_id
    not_before = {index: placement.start for index, placement in placements.items()}
    if partner is not None:
        not_before[partner] = placements[steps[0]].start
    for index in steps:
        not_before[index] = minute
        minute += problem.operations[index].durations[machines[index]]
    urgent = set(steps)
    sequence = sorted(placements, key=lambda i: (not_before[i], i not in urgent, i))
    return decode(problem, sequence, machines, not_before)


def _swapped(
    problem: Problem, placed: Placed, steps: list[int], machine_id: str, partner: int
) -> Placed:
    """The first step takes the partner's place on `machine_id`; the partner goes where
    the first step was (later), its order's slack absorbing the delay."""
    minute = placed.placements[partner].start
    return _pulled(problem, placed, steps, machine_id, minute, partner)


def _swap_partners(
    problem: Problem, placed: Placed, target: OrderTarget, steps: list[int], machine_id: str
) -> list[int]:
    """Up to `SWAP_TRIES` operations on `machine_id` between the first step's ready minute
    and its start whose order has slack for the swap, earliest first."""
    placements = placed.placements
    first = steps[0]
    ready, current = _ready_minute(problem, placed, first), placements[first].start
    slack = _order_slack(problem, placed)
    found = sorted(
        (placement.start, index)
        for index, placement in placements.items()
        if placement.machine_id == machine_id
        and ready <= placement.start < current
        and problem.operations[index].locked is None
        and problem.operations[index].order_id != target.order_id
        and slack.get(problem.operations[index].order_id, 0) >= current - placement.start
    )
    return [index for _, index in found[:SWAP_TRIES]]


def _order_slack(problem: Problem, placed: Placed) -> dict[str, int]:
    """Minutes each fully placed order ends before its due date (negative when late)."""
    placements = placed.placements
    return {
        target.order_id: target.due - placements[target.operations[-1]].end
        for target in problem.orders
        if target.operations and all(index in placements for index in target.operations)
    }
