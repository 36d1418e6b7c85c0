"""Large neighbourhood search: free a part of the schedule, re-optimise it on CP-SAT.

Each round frees a neighbourhood (operations near a time, on a few machines around a
time, or of the latest orders; when rescheduling, around the disturbed operations),
solves the CP-SAT model with everything else fixed, decodes the answer into exact
calendar time and keeps it when the combined objective does not get worse. Small
problems are solved whole in the first round.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from obeya.scheduling.plant.calendar_time import WorkingTime
from obeya.scheduling.plant.cpsat.model import ModelAnswer, SolverSettings, solve_model
from obeya.scheduling.plant.cpsat.variables import working_axis
from obeya.scheduling.plant.heuristic import Placed, decode
from obeya.scheduling.plant.problem import Placement, Problem
from obeya.scheduling.plant.score import Score, score

ProgressCallback = Callable[[float, float], None]
WHOLE_LIMIT = 120
ROUND_LIMIT_S = 2.0


@dataclass(frozen=True)
class SearchResult:
    """The best placements found, their score, and whether the model proved optimality."""

    placed: Placed
    score: Score
    proved_optimal: bool
    rounds: int


@dataclass
class _State:
    placed: Placed
    score: Score
    size: int


def improve(
    problem: Problem,
    start: Placed,
    *,
    time_limit_s: float,
    seed: int,
    workers: int,
    on_progress: ProgressCallback | None = None,
    max_rounds: int | None = None,
) -> SearchResult:
    """Improve `start` until the time limit (or `max_rounds`); never returns worse."""
    deadline = time.monotonic() + time_limit_s
    axis = working_axis(problem)
    state = _State(start, score(problem, start.placements), 60)
    free_all = [i for i in start.placements if problem.operations[i].locked is None]
    if not free_all:
        return SearchResult(start, state.score, False, 0)
    rng = random.Random(seed)
    rounds = 0
    while time.monotonic() < deadline - 0.05 and (max_rounds is None or rounds < max_rounds):
        whole = len(free_all) <= WHOLE_LIMIT
        free = set(free_all) if whole else _neighbourhood(problem, state, axis, rng, rounds)
        remaining = deadline - time.monotonic()
        limit = remaining if whole else min(ROUND_LIMIT_S, remaining)
        settings = SolverSettings(limit, seed + rounds, workers, None if whole else limit * 4)
        answer = solve_model(problem, free, state.placed.placements, axis, settings)
        rounds += 1
        if answer is not None:
            _accept(problem, state, answer, axis, on_progress, whole)
            state.size = min(300, int(state.size * 1.15)) if not whole else state.size
        else:
            state.size = max(15, int(state.size * 0.7))
        if whole:
            proved = (
                answer is not None
                and answer.optimal
                and state.score.combined == round(answer.objective)
            )
            return SearchResult(state.placed, state.score, proved, rounds)
    return SearchResult(state.placed, state.score, False, rounds)


def _accept(
    problem: Problem,
    state: _State,
    answer: ModelAnswer,
    axis: WorkingTime,
    on_progress: ProgressCallback | None,
    whole: bool,
) -> None:
    """Decode the answer two ways; keep the better when it is not worse than the incumbent.

    Progress reports the incumbent and a lower bound: the whole model's bound (in its
    working-minute units, capped at the incumbent), or 0 for a neighbourhood.
    """
    current = state.placed.placements
    machines = {index: placement.machine_id for index, placement in current.items()}
    machines.update(answer.machines)

    not_before = {index: placement.start for index, placement in current.items()}
    for index, axis_start in answer.axis_starts.items():
        not_before[index] = _real_minute(axis, axis_start)
    sequence = sorted(current, key=lambda index: (not_before[index], index))
    for bounds in (not_before, None):
        candidate = decode(problem, sequence, machines, bounds)
        if candidate.failed.keys() - state.placed.failed.keys():
            continue
        merged = Placed(candidate.placements, {**state.placed.failed, **candidate.failed})
        figures = score(problem, merged.placements)
        if figures.combined <= state.score.combined:
            improved = figures.combined < state.score.combined
            state.placed, state.score = merged, figures
            if on_progress is not None and improved:
                bound = min(answer.bound, figures.combined) if whole else 0.0
                on_progress(float(figures.combined), float(bound))


def _real_minute(axis: WorkingTime, axis_minute: int) -> int:
    """The real minute where working minute `axis_minute` of the axis begins."""
    end = axis.minute_at(axis_minute + 1)
    return 0 if end is None else max(0, end - 1)


def _neighbourhood(
    problem: Problem, state: _State, axis: WorkingTime, rng: random.Random, round_number: int
) -> set[int]:
    """The operations to free this round. When rescheduling, pivots come from the
    disturbed region (operations not anchored) and late disturbed orders go first."""
    placements = state.placed.placements
    free = [i for i in placements if problem.operations[i].locked is None]
    focus = [i for i in free if i not in problem.anchored] or free
    kinds = (2, 2, 0, 1) if problem.previous else (0, 1, 2)
    kind = kinds[round_number % len(kinds)]
    if kind == 2:
        late = _late_operations(problem, placements)
        late = [i for i in late if i not in problem.anchored] or late
        if late:
            pivot = _weighted_choice(problem, placements, late, rng)
            return _around_late(problem, placements, free, pivot, state.size)
    pivot = rng.choice(focus)
    if kind == 1:
        chosen = {placements[pivot].machine_id}
        chosen.update(problem.operations[pivot].durations)
        pool = [i for i in free if chosen & set(problem.operations[i].durations)]
        return _closest(pool, placements, placements[pivot].start, state.size)
    return _closest(free, placements, placements[pivot].start, state.size)


def _weighted_choice(
    problem: Problem, placements: Mapping[int, Placement], late: list[int], rng: random.Random
) -> int:
    """A late operation; when rescheduling, drawn in proportion to its order's weighted
    lateness (the few very late orders of the disturbed region first)."""
    if not problem.anchored:
        return rng.choice(late)
    lateness = {target.order_id: target for target in problem.orders}
    weights = []
    for index in late:
        target = lateness[problem.operations[index].order_id]
        end = placements[target.operations[-1]].end
        weights.append(max(1, (end - target.due) * max(1, target.weight)))
    return rng.choices(late, weights=weights)[0]


def _around_late(
    problem: Problem,
    placements: Mapping[int, Placement],
    free: list[int],
    pivot: int,
    size: int,
) -> set[int]:
    """A late operation, its order, and the work where it could run earlier."""
    operation = problem.operations[pivot]
    before = operation.predecessor
    ready = placements[before].end if before is not None and before in placements else 0
    machines = set(operation.durations)
    pool = [i for i in free if machines & set(problem.operations[i].durations)]
    chosen = _closest(pool, placements, max(ready, operation.release), size - 1)
    order_ops = {i for i in free if problem.operations[i].order_id == operation.order_id}
    if problem.anchored:
        chosen |= _later_steps(problem, chosen, set(free))
    return chosen | order_ops | {pivot}


def _later_steps(problem: Problem, chosen: set[int], free: set[int]) -> set[int]:
    """The later free steps of the chosen operations' orders (they may then shift too)."""
    orders = {problem.operations[index].order_id for index in chosen}
    return {
        index
        for target in problem.orders
        if target.order_id in orders
        for position, index in enumerate(target.operations)
        if index in free and any(early in chosen for early in target.operations[:position])
    }


def _closest(
    pool: list[int], placements: Mapping[int, Placement], minute: int, size: int
) -> set[int]:
    ranked = sorted(pool, key=lambda index: (abs(placements[index].start - minute), index))
    return set(ranked[:size])


def _late_operations(problem: Problem, placements: Mapping[int, Placement]) -> list[int]:
    late: list[int] = []
    for target in problem.orders:
        last = target.operations[-1] if target.operations else None
        if last is not None and last in placements and placements[last].end > target.due:
            late.extend(i for i in target.operations if problem.operations[i].locked is None)
    return [i for i in late if i in placements]
