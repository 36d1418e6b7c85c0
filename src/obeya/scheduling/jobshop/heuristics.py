"""Dispatching heuristics: fast feasible schedules from priority rules.

Each rule builds an active schedule with the Giffler-Thompson algorithm (Giffler and
Thompson 1960): among the next operation of every job (on each eligible machine), find
the earliest possible completion; on that machine, dispatch by priority one of the
candidates that could start before that completion. `best_dispatch_schedule()` runs
every rule plus a few seeded random tie-breaks and keeps the shortest makespan.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from obeya.scheduling.jobshop.problem import JobShopProblem, Schedule, ScheduledOperation


@dataclass(frozen=True)
class _Candidate:
    job: int
    op: int
    machine: int
    duration: int
    start: int


@dataclass
class _State:
    next_op: list[int]
    job_ready: list[int]
    machine_ready: list[int]
    work_remaining: list[int]


PriorityRule = Callable[[_Candidate, _State, JobShopProblem], tuple[float, ...]]


def _shortest_processing_time(
    candidate: _Candidate, state: _State, _: JobShopProblem
) -> tuple[float, ...]:
    return (candidate.duration, -state.work_remaining[candidate.job])


def _most_work_remaining(
    candidate: _Candidate, state: _State, _: JobShopProblem
) -> tuple[float, ...]:
    return (-state.work_remaining[candidate.job], candidate.duration)


def _most_operations_remaining(
    candidate: _Candidate, state: _State, problem: JobShopProblem
) -> tuple[float, ...]:
    remaining = len(problem.jobs[candidate.job]) - candidate.op
    return (-remaining, -state.work_remaining[candidate.job])


def _duration_over_work_remaining(
    candidate: _Candidate, state: _State, _: JobShopProblem
) -> tuple[float, ...]:
    return (candidate.duration / max(1, state.work_remaining[candidate.job]),)


def _earliest_start(candidate: _Candidate, state: _State, _: JobShopProblem) -> tuple[float, ...]:
    return (candidate.start, -state.work_remaining[candidate.job])


RULES: dict[str, PriorityRule] = {
    "SPT": _shortest_processing_time,
    "MWKR": _most_work_remaining,
    "MOPNR": _most_operations_remaining,
    "SPT/TWKR": _duration_over_work_remaining,
    "FIFO": _earliest_start,
}
"""Priority rules by their usual names (Haupt 1989); the smallest key is dispatched."""


def dispatch_schedule(
    problem: JobShopProblem, rule: PriorityRule, rng: random.Random | None = None
) -> Schedule:
    """Build an active schedule dispatching by `rule`; `rng` breaks ties at random.

    In a flexible job shop, each eligible machine of an operation is a candidate, so the
    machine giving the earliest completion tends to win.
    """
    state = _State(
        next_op=[0] * problem.job_count,
        job_ready=[0] * problem.job_count,
        machine_ready=[0] * problem.machine_count,
        work_remaining=[sum(op.min_duration for op in ops) for ops in problem.jobs],
    )
    entries: list[ScheduledOperation] = []
    for _ in range(problem.operation_count):
        candidates = _candidates(problem, state)
        completion = min(c.start + c.duration for c in candidates)
        machine = min(c.machine for c in candidates if c.start + c.duration == completion)
        conflict = [c for c in candidates if c.machine == machine and c.start < completion]
        if not conflict:  # zero-length operations: the earliest completion itself
            conflict = [c for c in candidates if c.start + c.duration == completion]
        chosen = min(conflict, key=lambda c: _key(rule, c, state, problem, rng))
        entries.append(_dispatch(problem, state, chosen))
    return Schedule.of(entries)


def _key(
    rule: PriorityRule,
    candidate: _Candidate,
    state: _State,
    problem: JobShopProblem,
    rng: random.Random | None,
) -> tuple[float, ...]:
    tie = rng.random() if rng is not None else 0.0
    return (*rule(candidate, state, problem), tie, candidate.job, candidate.machine)


def _candidates(problem: JobShopProblem, state: _State) -> list[_Candidate]:
    candidates = []
    for job, operations in enumerate(problem.jobs):
        op = state.next_op[job]
        if op >= len(operations):
            continue
        for mode in operations[op].modes:
            start = max(state.job_ready[job], state.machine_ready[mode.machine])
            candidates.append(_Candidate(job, op, mode.machine, mode.duration, start))
    return candidates


def _dispatch(problem: JobShopProblem, state: _State, chosen: _Candidate) -> ScheduledOperation:
    end = chosen.start + chosen.duration
    state.next_op[chosen.job] += 1
    state.job_ready[chosen.job] = end
    state.machine_ready[chosen.machine] = end
    state.work_remaining[chosen.job] -= problem.operation(chosen.job, chosen.op).min_duration
    return ScheduledOperation(chosen.job, chosen.op, chosen.machine, chosen.start, end)


def best_dispatch_schedule(
    problem: JobShopProblem, seed: int = 0, random_runs: int = 8
) -> Schedule:
    """The shortest-makespan schedule over every rule and `random_runs` seeded retries.

    The random retries use the most-work-remaining rule with random tie-breaks and a
    random rule per run; the result depends only on `seed`.
    """
    rng = random.Random(seed)
    best = min(
        (dispatch_schedule(problem, rule) for rule in RULES.values()),
        key=lambda schedule: schedule.makespan,
    )
    rules = list(RULES.values())
    for _ in range(random_runs):
        schedule = dispatch_schedule(problem, rng.choice(rules), rng)
        if schedule.makespan < best.makespan:
            best = schedule
    return best


def left_shift(problem: JobShopProblem, schedule: Schedule) -> Schedule:
    """`schedule` with every operation started as early as its orders allow.

    Keeps each operation's machine, the job order and the order on each machine (zero-length
    operations aside, which overlap nothing); the result is semi-active, feasible when
    `schedule` is, and never longer.
    """
    job_end = [0] * problem.job_count
    machine_end = [0] * problem.machine_count
    entries = []
    for entry in sorted(schedule.operations, key=lambda e: (e.start, e.end, e.job, e.op)):
        duration = entry.end - entry.start
        start = job_end[entry.job]
        if duration > 0:
            start = max(start, machine_end[entry.machine])
            machine_end[entry.machine] = start + duration
        job_end[entry.job] = start + duration
        entries.append(
            ScheduledOperation(entry.job, entry.op, entry.machine, start, start + duration)
        )
    return Schedule.of(entries)
