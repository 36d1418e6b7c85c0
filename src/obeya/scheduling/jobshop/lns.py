"""Large-neighbourhood search around an incumbent schedule, with CP-SAT sub-solves.

Each move relaxes a neighbourhood (every operation on a few random machines, of a few
random jobs, or in a random time window of the incumbent), keeps the rest as it is (its
machines fixed and its order on each machine fixed by precedences), and re-solves with a
short deterministic limit and a light presolve, hinted with the incumbent. A move that
does not lengthen the makespan is accepted. The neighbourhood grows after a move solved
to optimality and shrinks after one that hit its limit. `workers` moves run in parallel
per round, each on one CP-SAT worker with its own seed, so a round's result depends only
on the seed.
"""

from __future__ import annotations

import itertools
import random
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from obeya.scheduling.jobshop.cpsat import (
    IntervalModel,
    OperationKey,
    Restrictions,
    SolverSettings,
)
from obeya.scheduling.jobshop.heuristics import left_shift
from obeya.scheduling.jobshop.problem import JobShopProblem, Schedule, ScheduledOperation

NEIGHBOURHOODS = ("machines", "jobs", "window")


@dataclass(frozen=True)
class SearchBudget:
    """When to stop: a monotonic wall-clock deadline (s) and a deterministic budget."""

    deadline: float
    deterministic_budget: float
    move_limit: float = 0.01
    """Deterministic limit of each sub-solve (CP-SAT deterministic seconds); each round
    counts as this much of `deterministic_budget`, whatever it really used."""


@dataclass(frozen=True)
class _Move:
    schedule: Schedule | None
    proven: bool
    deterministic_time: float


def improve(
    problem: JobShopProblem,
    incumbent: Schedule,
    lower_bound: int,
    budget: SearchBudget,
    *,
    workers: int = 1,
    seed: int = 0,
    on_improvement: Callable[[Schedule], None] | None = None,
) -> Schedule:
    """The best schedule found by neighbourhood search from `incumbent`.

    Stops at the deadline, when the deterministic budget is spent, or when the makespan
    reaches `lower_bound`.
    """
    target = max(4, min(problem.operation_count, problem.operation_count // 10))
    spent, round_index = 0.0, 0
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        while spent < budget.deterministic_budget and incumbent.makespan > lower_bound:
            remaining = budget.deadline - time.monotonic()
            if remaining <= 0.05:
                break
            seeds = [_move_seed(seed, round_index, worker) for worker in range(max(1, workers))]
            moves = list(
                pool.map(
                    _move,
                    itertools.repeat(problem),
                    itertools.repeat(incumbent),
                    itertools.repeat(target),
                    seeds,
                    itertools.repeat(budget),
                    itertools.repeat(remaining),
                )
            )
            spent += budget.move_limit
            target = _adapt(target, moves, problem.operation_count)
            best = _best(moves)
            if best is not None and best.makespan <= incumbent.makespan:
                improved = best.makespan < incumbent.makespan
                incumbent = best
                if improved and on_improvement is not None:
                    on_improvement(incumbent)
            round_index += 1
    return incumbent


def _move_seed(seed: int, round_index: int, worker: int) -> int:
    return (seed * 1_000_003 + round_index * 101 + worker) % (2**31 - 1)


def _adapt(target: int, moves: list[_Move], operation_count: int) -> int:
    for move in moves:
        target = int(target * 1.05) + 1 if move.proven else int(target * 0.95)
    return max(4, min(operation_count, target))


def _best(moves: list[_Move]) -> Schedule | None:
    schedules = [move.schedule for move in moves if move.schedule is not None]
    return min(schedules, key=lambda schedule: schedule.makespan, default=None)


def _move(
    problem: JobShopProblem,
    incumbent: Schedule,
    target: int,
    move_seed: int,
    budget: SearchBudget,
    remaining: float,
) -> _Move:
    rng = random.Random(move_seed)
    relaxed = select_neighbourhood(problem, incumbent, target, rng)
    model = IntervalModel(problem, restrictions_keeping(incumbent, relaxed))
    model.hint(incumbent)
    settings = SolverSettings(
        time_limit_s=remaining,
        workers=1,
        seed=move_seed,
        deterministic_limit=budget.move_limit,
        light_presolve=True,
    )
    outcome = model.solve(settings)
    schedule = None if outcome.schedule is None else left_shift(problem, outcome.schedule)
    return _Move(schedule, outcome.proven, outcome.deterministic_time)


def select_neighbourhood(
    problem: JobShopProblem, incumbent: Schedule, target: int, rng: random.Random
) -> set[OperationKey]:
    """About `target` operations to relax, chosen by a random neighbourhood kind."""
    kind = rng.choice(NEIGHBOURHOODS)
    entries = list(incumbent.operations)
    if kind == "window":
        entries.sort(key=lambda entry: (entry.start, entry.job, entry.op))
        first = rng.randrange(max(1, len(entries) - target + 1))
        return {(entry.job, entry.op) for entry in entries[first : first + target]}
    group_of: Callable[[ScheduledOperation], int] = (
        (lambda entry: entry.machine) if kind == "machines" else (lambda entry: entry.job)
    )
    groups: dict[int, list[OperationKey]] = defaultdict(list)
    for entry in entries:
        groups[group_of(entry)].append((entry.job, entry.op))
    order = sorted(groups)
    rng.shuffle(order)
    relaxed: set[OperationKey] = set()
    for group in order:
        if len(relaxed) >= target:
            break
        relaxed.update(groups[group])
    return relaxed


def restrictions_keeping(incumbent: Schedule, relaxed: set[OperationKey]) -> Restrictions:
    """Restrictions keeping every operation outside `relaxed` on its machine and order.

    Zero-length operations get no order arcs (they overlap nothing). The horizon is the
    incumbent's makespan, so only schedules at least as short are sought.
    """
    by_machine: dict[int, list[ScheduledOperation]] = defaultdict(list)
    fixed: dict[OperationKey, int] = {}
    for entry in incumbent.operations:
        key = (entry.job, entry.op)
        if key in relaxed:
            continue
        fixed[key] = entry.machine
        if entry.end > entry.start:
            by_machine[entry.machine].append(entry)
    arcs = []
    for entries in by_machine.values():
        entries.sort(key=lambda entry: (entry.start, entry.end, entry.job, entry.op))
        for before, after in itertools.pairwise(entries):
            arcs.append(((before.job, before.op), (after.job, after.op)))
    return Restrictions(fixed_machines=fixed, arcs=tuple(arcs), horizon=incumbent.makespan)
