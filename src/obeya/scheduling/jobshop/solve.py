"""The `solve()` facade: dispatching rules, CP-SAT bound, tabu search, CP-SAT.

Phases, within one wall-clock limit `time_limit_s`:

1. dispatching rules give a feasible schedule at once (the first incumbent);
2. the full CP-SAT interval model, hinted with it, runs for 5 % of the time: a lower
   bound (small instances finish here, proven optimal);
3. tabu search (`tabu.py`), one independent search per worker thread with its own seed,
   all started from the incumbent, until `TABU_END_SHARE` of the time;
4. the full CP-SAT model, hinted with the best schedule and bounded by its makespan,
   with CP-SAT's default portfolio, until 98 %: it improves the schedule around the
   hint and raises the bound.

Classic and flexible job shops go through the same phases (the tabu search moves
operations between eligible machines too). Every schedule returned has passed
`validate()`; a failure raises `InvalidScheduleError`.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from obeya.domain.errors import InputError, ObeyaError
from obeya.scheduling.jobshop.cpsat import IntervalModel, Outcome, Restrictions, SolverSettings
from obeya.scheduling.jobshop.heuristics import best_dispatch_schedule, left_shift
from obeya.scheduling.jobshop.problem import JobShopProblem, Schedule, SolveStatus
from obeya.scheduling.jobshop.tabu import TabuSearch, warm_up
from obeya.scheduling.jobshop.validate import Violation, validate

BOUND_SHARE = 0.05
TABU_END_SHARE = 0.60
FINISH_SHARE = 0.98
"""The last phase ends here, leaving the rest of the limit for checking and output."""
TABU_ITERATIONS_PER_WORK_SECOND = 50_000
"""With a work limit: tabu iterations per CP-SAT deterministic second of the budget."""
SLICE_S = 0.05
"""The tabu search runs in slices of about this many seconds between looks at the clock."""
PROGRESS_INTERVAL_S = 0.5
NEAR_BOUND = 0.01
TABU_STALL_SHARE = 0.10
"""Without a work limit the tabu phase ends early when its best makespan is within
`NEAR_BOUND` (relative) of the lower bound and has not improved for this share of the
time: then CP-SAT, which can prove the bound, gets the rest."""


class InvalidScheduleError(ObeyaError):
    """A solver produced an infeasible schedule: a bug in obeya, never a result."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        lines = "\n".join(f"  {v.kind}: {v.message}" for v in violations)
        super().__init__(f"the solver produced an infeasible schedule:\n{lines}")


@dataclass(frozen=True)
class Progress:
    """A progress report: the phase, incumbent makespan, lower bound, elapsed seconds."""

    phase: str
    makespan: int
    lower_bound: int
    elapsed_s: float


@dataclass(frozen=True)
class JobShopResult:
    """The answer of `solve()`: status, makespan, lower bound, runtime (s), schedule."""

    status: SolveStatus
    makespan: int
    lower_bound: int
    runtime_s: float
    schedule: Schedule

    def to_json(self) -> dict[str, Any]:
        """The JSON answer of CONTRACTS.md section 5 (numbering from 0)."""
        return {
            "status": str(self.status),
            "makespan": self.makespan,
            "lower_bound": self.lower_bound,
            "runtime_s": round(self.runtime_s, 3),
            "schedule": [
                {"job": e.job, "op": e.op, "machine": e.machine, "start": e.start, "end": e.end}
                for e in self.schedule.operations
            ],
        }


@dataclass
class _Run:
    problem: JobShopProblem
    time_limit_s: float
    workers: int
    seed: int
    on_progress: Callable[[Progress], None] | None
    started: float
    incumbent: Schedule
    lower_bound: int
    work_limit: float | None

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def deadline(self, share: float) -> float:
        """The monotonic time a phase ends; only the overall cap with a work limit."""
        share = FINISH_SHARE if self.work_limit is not None else share
        return self.started + share * self.time_limit_s

    def remaining_until(self, share: float) -> float:
        return self.deadline(share) - time.monotonic()

    def report(self, phase: str) -> None:
        self.report_value(phase, self.incumbent.makespan)

    def report_value(self, phase: str, makespan: int) -> None:
        if self.on_progress is not None:
            self.on_progress(Progress(phase, makespan, self.lower_bound, self.elapsed()))

    def accept(self, candidate: Schedule | None) -> bool:
        if candidate is not None and candidate.makespan < self.incumbent.makespan:
            self.incumbent = candidate
            return True
        return False

    def work_share(self, share: float) -> float | None:
        return None if self.work_limit is None else share * self.work_limit

    def finished(self) -> bool:
        return self.incumbent.makespan <= self.lower_bound


def solve(
    problem: JobShopProblem,
    *,
    time_limit_s: float = 10.0,
    workers: int = 1,
    seed: int = 0,
    on_progress: Callable[[Progress], None] | None = None,
    work_limit: float | None = None,
) -> JobShopResult:
    """Minimise the makespan of `problem` within `time_limit_s` wall-clock seconds.

    With `work_limit` (CP-SAT deterministic seconds), every phase stops on its share of
    that budget instead of the clock (CP-SAT runs with `interleave_search`), so the
    answer depends only on the problem, `seed` and `workers`, as long as the wall-clock
    limit, kept as a safety cap, is not reached first.

    Raises:
        InputError: a time limit <= 0 or fewer than one worker.
        InvalidScheduleError: a solver produced an infeasible schedule (a bug).
    """
    if time_limit_s <= 0:
        raise InputError(f"time limit must be positive, got {time_limit_s} s")
    if workers < 1:
        raise InputError(f"workers must be at least 1, got {workers}")
    if work_limit is not None and work_limit <= 0:
        raise InputError(f"work limit must be positive, got {work_limit}")
    warm_up()
    started = time.monotonic()
    first = _checked(problem, best_dispatch_schedule(problem, seed))
    run = _Run(
        problem,
        time_limit_s,
        workers,
        seed,
        on_progress,
        started,
        first,
        problem.trivial_lower_bound(),
        work_limit,
    )
    run.report("dispatching rules")
    _phases(run)
    status = SolveStatus.OPTIMAL if run.finished() else SolveStatus.FEASIBLE
    schedule = _checked(problem, run.incumbent)
    bound = min(run.lower_bound, schedule.makespan)
    return JobShopResult(status, schedule.makespan, bound, run.elapsed(), schedule)


def _phases(run: _Run) -> None:
    """Bound, tabu search, CP-SAT (see the module docstring)."""
    if not run.finished():
        _full_model(run, BOUND_SHARE, BOUND_SHARE, "CP-SAT bound")
    if not run.finished():
        _tabu_phase(run, TABU_END_SHARE, TABU_END_SHARE - BOUND_SHARE)
    if not run.finished():
        _full_model(run, FINISH_SHARE, FINISH_SHARE - TABU_END_SHARE, "CP-SAT")


def _tabu_phase(run: _Run, share: float, work_share: float) -> None:
    """One tabu search per worker, each in a thread, until `share` of the time.

    With a work limit each search makes a fixed number of iterations instead
    (`TABU_ITERATIONS_PER_WORK_SECOND` per deterministic second of its share).
    """
    searches = [
        TabuSearch(run.problem, run.incumbent, run.seed * 7919 + k, run.lower_bound)
        for k in range(run.workers)
    ]
    deadline = run.deadline(share)
    budget = run.work_share(work_share)
    if budget is not None:
        iterations = int(budget * TABU_ITERATIONS_PER_WORK_SECOND)
        threads = [
            threading.Thread(target=search.run, args=(iterations,), daemon=True)
            for search in searches
        ]
    else:
        threads = [
            threading.Thread(target=_search_until, args=(search, deadline), daemon=True)
            for search in searches
        ]
    for thread in threads:
        thread.start()
    reported = run.incumbent.makespan
    improved_at = time.monotonic()
    while any(thread.is_alive() for thread in threads):
        threads[0].join(timeout=PROGRESS_INTERVAL_S)
        best = min((s.best_makespan for s in searches if s.best_makespan > 0), default=reported)
        if best < reported:
            reported, improved_at = best, time.monotonic()
            run.report_value("tabu search", best)
        elif budget is None and _near_bound_and_stalled(run, reported, improved_at):
            for search in searches:
                search.stop()
    for thread in threads:
        thread.join()
    winner = min(searches, key=lambda search: search.best_makespan or math.inf)
    run.accept(_checked(run.problem, left_shift(run.problem, winner.best_schedule())))
    run.report("tabu search")


def _near_bound_and_stalled(run: _Run, makespan: int, improved_at: float) -> bool:
    """True when the tabu searches have stalled within `NEAR_BOUND` of the lower bound.

    The last CP-SAT phase then most likely closes the gap (or proves the bound) sooner
    than the tabu search, which proves nothing.
    """
    near = makespan <= run.lower_bound * (1 + NEAR_BOUND)
    stalled = time.monotonic() - improved_at > TABU_STALL_SHARE * run.time_limit_s
    return near and stalled


def _search_until(search: TabuSearch, deadline: float) -> None:
    """Run `search` in slices of about `SLICE_S` seconds until `deadline` or `stop()`."""
    iterations = 200
    while not search.finished and not search.stopped:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        began = time.monotonic()
        search.run(iterations)
        spent = max(time.monotonic() - began, 1e-4)
        per_second = iterations / spent
        iterations = max(50, int(per_second * min(SLICE_S, left)))


def _full_model(run: _Run, share: float, work_share: float, phase: str) -> None:
    """Solve the full model until `share` of the time (`work_share` of the work limit).

    The incumbent is the hint and its makespan the horizon.
    """
    remaining = run.remaining_until(share)
    if remaining <= 0.02:
        return
    model = IntervalModel(run.problem, Restrictions(horizon=run.incumbent.makespan))
    model.hint(run.incumbent)
    settings = SolverSettings(
        time_limit_s=remaining,
        workers=run.workers,
        seed=run.seed,
        deterministic_limit=run.work_share(work_share),
        interleave=run.work_limit is not None,
    )
    outcome: Outcome = model.solve(settings)
    run.lower_bound = max(run.lower_bound, outcome.lower_bound)
    if outcome.schedule is not None:
        run.accept(_checked(run.problem, left_shift(run.problem, outcome.schedule)))
    run.report(phase)


def _checked(problem: JobShopProblem, schedule: Schedule) -> Schedule:
    violations = validate(problem, schedule)
    if violations:
        raise InvalidScheduleError(violations)
    return schedule
