"""The CP-SAT interval model of a (flexible) job shop; the only module using ortools here.

One interval per operation (start, end); with several eligible machines, one optional
interval per machine and exactly one present. A no-overlap constraint per machine, job
precedences, and the makespan (the latest job end) minimised. `Restrictions` bounds the
horizon (by an incumbent's makespan).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from obeya.scheduling.jobshop.problem import JobShopProblem, Schedule, ScheduledOperation

OperationKey = tuple[int, int]
"""(job, operation index), both from 0."""

ProgressCallback = Callable[[int, int], None]
"""Called with (incumbent makespan, lower bound) when CP-SAT finds a better solution."""


@dataclass(frozen=True)
class Restrictions:
    """Extra constraints: a horizon (time units) no operation may end after."""

    horizon: int | None = None


@dataclass(frozen=True)
class SolverSettings:
    """CP-SAT parameters: wall-clock and deterministic limits (s), workers, seed."""

    time_limit_s: float
    workers: int = 1
    seed: int = 0
    deterministic_limit: float | None = None
    interleave: bool = False


@dataclass(frozen=True)
class Outcome:
    """What a CP-SAT run gave: a schedule if any, the bound, and whether it is proven."""

    schedule: Schedule | None
    lower_bound: int
    proven: bool
    deterministic_time: float = 0.0


class IntervalModel:
    """The CP-SAT model of `problem` under `restrictions`, ready to hint and solve."""

    def __init__(self, problem: JobShopProblem, restrictions: Restrictions | None = None) -> None:
        self.problem = problem
        self.restrictions = restrictions or Restrictions()
        self.model = cp_model.CpModel()
        horizon = self.restrictions.horizon or problem.horizon()
        self.starts: dict[OperationKey, cp_model.IntVar] = {}
        self.ends: dict[OperationKey, cp_model.IntVar] = {}
        self.presences: dict[OperationKey, dict[int, cp_model.IntVar]] = {}
        self._intervals: dict[int, list[cp_model.IntervalVar]] = defaultdict(list)
        self._add_operations(horizon)
        self._add_precedences()
        self._add_no_overlap()
        self.makespan = self.model.new_int_var(0, horizon, "makespan")
        self._add_objective()
        self._add_machine_loads()

    def _add_operations(self, horizon: int) -> None:
        for job, operations in enumerate(self.problem.jobs):
            for index, operation in enumerate(operations):
                key = (job, index)
                modes = operation.modes
                start = self.model.new_int_var(0, horizon, f"start_{job}_{index}")
                end = self.model.new_int_var(0, horizon, f"end_{job}_{index}")
                self.starts[key], self.ends[key] = start, end
                self.presences[key] = {}
                if len(modes) == 1:
                    mode = modes[0]
                    name = f"op_{job}_{index}"
                    interval = self.model.new_interval_var(start, mode.duration, end, name)
                    self._intervals[mode.machine].append(interval)
                    self.presences[key][mode.machine] = self.model.new_constant(1)
                    continue
                for mode in modes:
                    present = self.model.new_bool_var(f"on_{job}_{index}_{mode.machine}")
                    name = f"op_{job}_{index}_{mode.machine}"
                    interval = self.model.new_optional_fixed_size_interval_var(
                        start, mode.duration, present, name
                    )
                    self.model.add(end == start + mode.duration).only_enforce_if(present)
                    self._intervals[mode.machine].append(interval)
                    self.presences[key][mode.machine] = present
                self.model.add_exactly_one(self.presences[key].values())

    def _add_precedences(self) -> None:
        for job, operations in enumerate(self.problem.jobs):
            for index in range(1, len(operations)):
                self.model.add(self.starts[(job, index)] >= self.ends[(job, index - 1)])

    def _add_no_overlap(self) -> None:
        for intervals in self._intervals.values():
            if len(intervals) > 1:
                self.model.add_no_overlap(intervals)

    def _add_objective(self) -> None:
        last_ends = [
            self.ends[(job, len(ops) - 1)] for job, ops in enumerate(self.problem.jobs) if ops
        ]
        if last_ends:
            self.model.add_max_equality(self.makespan, last_ends)
        else:
            self.model.add(self.makespan == 0)
        self.model.minimize(self.makespan)

    def _add_machine_loads(self) -> None:
        """Redundant: each machine's assigned work fits before the makespan.

        It gives the LP relaxation the machine-load bound of flexible job shops.
        """
        loads: dict[int, list[cp_model.LinearExprT]] = defaultdict(list)
        for key, presences in self.presences.items():
            operation = self.problem.operation(*key)
            for machine, present in presences.items():
                duration = operation.duration_on(machine) or 0
                loads[machine].append(duration * present)
        for terms in loads.values():
            self.model.add(sum(terms) <= self.makespan)

    def hint(self, schedule: Schedule) -> None:
        """Give CP-SAT `schedule` as a starting solution (a hint, not a constraint)."""
        for entry in schedule.operations:
            key = (entry.job, entry.op)
            self.model.add_hint(self.starts[key], entry.start)
            self.model.add_hint(self.ends[key], entry.end)
            for machine, present in self.presences[key].items():
                if len(self.presences[key]) > 1:
                    self.model.add_hint(present, int(machine == entry.machine))
        self.model.add_hint(self.makespan, schedule.makespan)

    def solve(self, settings: SolverSettings, progress: ProgressCallback | None = None) -> Outcome:
        """Run CP-SAT; the schedule is None when it found none in the limits."""
        solver = cp_model.CpSolver()
        parameters = solver.parameters
        parameters.max_time_in_seconds = max(0.01, settings.time_limit_s)
        parameters.num_workers = settings.workers
        parameters.random_seed = settings.seed
        parameters.interleave_search = settings.interleave
        if settings.deterministic_limit is not None:
            parameters.max_deterministic_time = settings.deterministic_limit
        callback = _Progress(progress) if progress else None
        status = solver.solve(self.model, callback)
        bound = _ceil(solver.best_objective_bound) if status != cp_model.UNKNOWN else 0
        spent = solver.response_proto.deterministic_time
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Outcome(None, bound, status == cp_model.INFEASIBLE, spent)
        return Outcome(self._schedule(solver), bound, status == cp_model.OPTIMAL, spent)

    def _schedule(self, solver: cp_model.CpSolver) -> Schedule:
        entries = []
        for key, start in self.starts.items():
            machine = next(m for m, present in self.presences[key].items() if solver.value(present))
            entries.append(
                ScheduledOperation(
                    key[0], key[1], machine, solver.value(start), solver.value(self.ends[key])
                )
            )
        return Schedule.of(entries)


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: ProgressCallback) -> None:
        super().__init__()
        self._report = report

    def on_solution_callback(self) -> None:
        self._report(round(self.objective_value), _ceil(self.best_objective_bound))


def _ceil(value: float) -> int:
    """The smallest integer >= `value`, forgiving floating-point noise."""
    return math.ceil(value - 1e-6)


def solve_plain(problem: JobShopProblem, settings: SolverSettings) -> Outcome:
    """The plain baseline: the interval model alone, no hint, no tabu search."""
    return IntervalModel(problem).solve(settings)
