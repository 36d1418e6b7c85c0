"""Build and solve the CP-SAT model over a set of free operations (all of them, or an
LNS neighbourhood), returning the machine and axis start of each free operation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from obeya.scheduling.plant.calendar_time import WorkingTime
from obeya.scheduling.plant.cpsat.constraints import Constraints
from obeya.scheduling.plant.cpsat.objective import Objective
from obeya.scheduling.plant.cpsat.variables import make_variables
from obeya.scheduling.plant.problem import Placement, Problem


@dataclass(frozen=True)
class ModelAnswer:
    """What CP-SAT found for the free operations: machines, axis starts, proof."""

    machines: Mapping[int, str]
    axis_starts: Mapping[int, int]
    optimal: bool
    objective: float
    bound: float


@dataclass(frozen=True)
class SolverSettings:
    """CP-SAT parameters: wall-clock limit, deterministic-time limit, seed, workers."""

    time_limit_s: float
    seed: int = 0
    workers: int = 1
    deterministic_time: float | None = None


def solve_model(
    problem: Problem,
    free: set[int],
    incumbent: Mapping[int, Placement],
    axis: WorkingTime,
    settings: SolverSettings,
) -> ModelAnswer | None:
    """Optimise the free operations with the others fixed; None when nothing was found."""
    variables = make_variables(problem, free, incumbent, axis)
    constraints = Constraints(problem, variables, incumbent)
    constraints.add_all()
    Objective(problem, variables, constraints, incumbent).add()
    model = variables.model
    for index, entry in variables.operations.items():
        placement = incumbent.get(index)
        if placement is None:
            continue
        axis_start = variables.to_axis(placement.start)
        model.add_hint(entry.start, axis_start)
        duration = problem.operations[index].durations.get(placement.machine_id)
        if duration is not None:
            model.add_hint(entry.end, axis_start + duration)
        for machine_id, present in entry.presences.items():
            model.add_hint(present, machine_id == placement.machine_id)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, settings.time_limit_s)
    if settings.deterministic_time is not None:
        solver.parameters.max_deterministic_time = settings.deterministic_time
    solver.parameters.random_seed = settings.seed
    solver.parameters.num_workers = max(1, settings.workers)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    machines: dict[int, str] = {}
    starts: dict[int, int] = {}
    for index, entry in variables.operations.items():
        starts[index] = solver.value(entry.start)
        for machine_id, present in entry.presences.items():
            if solver.boolean_value(present):
                machines[index] = machine_id
    return ModelAnswer(
        machines,
        starts,
        status == cp_model.OPTIMAL,
        solver.objective_value,
        solver.best_objective_bound,
    )
