"""The plant scheduling facade: `solve_plan` builds, dispatches, improves and checks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from obeya.domain.plant import Plant
from obeya.domain.schedules import (
    Disruption,
    Schedule,
    SolveStatus,
    format_disruption,
    parse_disruption,
)
from obeya.domain.work_orders import WorkOrder
from obeya.scheduling.plant.build import BuildOptions, problem_from_plant
from obeya.scheduling.plant.heuristic import Placed, dispatch
from obeya.scheduling.plant.lns import ProgressCallback, improve
from obeya.scheduling.plant.problem import ObjectiveWeights, Problem
from obeya.scheduling.plant.score import score
from obeya.scheduling.plant.solution import to_schedule
from obeya.scheduling.plant.validate import validate


class InfeasibleScheduleError(RuntimeError):
    """Internal error: a schedule the engine made failed the independent checker."""


def solve_plan(
    plant: Plant,
    orders: Sequence[WorkOrder],
    now: datetime,
    *,
    time_limit_s: float,
    seed: int = 0,
    workers: int = 1,
    previous: Schedule | None = None,
    disruptions: Sequence[Disruption | str] = (),
    frozen_hours: float = 0.0,
    on_progress: ProgressCallback | None = None,
    weights: ObjectiveWeights = ObjectiveWeights(),
    max_rounds: int | None = None,
) -> Schedule:
    """Schedule the open orders on the plant from `now` on; every result passes `validate`.

    `time_limit_s` bounds the improvement (seconds of wall clock); `seed` and `workers`
    make CP-SAT repeatable; `previous` with `frozen_hours` keeps its early operations,
    and the disruptions still recorded in `previous` keep applying;
    `on_progress(incumbent, bound)` is called on every improvement.

    Raises:
        InputError: when a disruption string is malformed or names something unknown.
        InfeasibleScheduleError: when a produced schedule fails the checker (a bug).
    """
    carried = previous.disruptions if previous is not None else ()
    events = parse_all([*carried, *disruptions])
    options = BuildOptions(previous, frozen_hours, weights=weights)
    problem = problem_from_plant(plant, orders, now, events, options)
    start = best_dispatch(problem)
    if on_progress is not None:
        on_progress(float(score(problem, start.placements).combined), 0.0)
    result = improve(
        problem,
        start,
        time_limit_s=time_limit_s,
        seed=seed,
        workers=workers,
        on_progress=on_progress,
        max_rounds=max_rounds,
    )
    status = SolveStatus.OPTIMAL if result.proved_optimal else SolveStatus.FEASIBLE
    texts = [format_disruption(event) for event in events]
    return checked(problem, to_schedule(problem, result.placed, status, previous, texts))


def parse_all(disruptions: Sequence[Disruption | str]) -> list[Disruption]:
    """Disruption events, parsing the strings, each distinct event once.

    Raises:
        InputError: on a malformed event string.
    """
    events = [parse_disruption(item) if isinstance(item, str) else item for item in disruptions]
    return list(dict.fromkeys(events))


def best_dispatch(problem: Problem) -> Placed:
    """The better of two dispatching rules (earliest start; start by the hour then slack)."""
    candidates = [dispatch(problem, 0), dispatch(problem, 240)]
    return min(
        candidates,
        key=lambda placed: (len(placed.failed), score(problem, placed.placements).combined),
    )


def checked(problem: Problem, schedule: Schedule) -> Schedule:
    """The schedule when it passes the independent checker.

    Raises:
        InfeasibleScheduleError: listing the first violations.
    """
    errors = validate(problem, schedule)
    if errors:
        raise InfeasibleScheduleError("; ".join(errors[:5]))
    return schedule
