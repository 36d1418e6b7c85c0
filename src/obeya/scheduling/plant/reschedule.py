"""Rescheduling after a disruption: quick repair first, then improvement with stability.

The repair (`repair.py`) gives a feasible schedule in well under a second; the LNS then
improves it with the stability term (start moves and machine changes cost).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from obeya.domain.plant import Plant
from obeya.domain.schedules import Disruption, Schedule, SolveStatus, format_disruption
from obeya.domain.work_orders import WorkOrder
from obeya.scheduling.plant.build import BuildOptions, problem_from_plant
from obeya.scheduling.plant.lns import ProgressCallback, improve
from obeya.scheduling.plant.problem import ObjectiveWeights
from obeya.scheduling.plant.repair import repair
from obeya.scheduling.plant.score import score
from obeya.scheduling.plant.solution import to_schedule
from obeya.scheduling.plant.solve import checked, parse_all


def reschedule(
    plant: Plant,
    orders: Sequence[WorkOrder],
    now: datetime,
    previous: Schedule,
    disruption: Disruption | str | Sequence[Disruption | str],
    *,
    time_limit_s: float,
    seed: int = 0,
    workers: int = 1,
    frozen_hours: float = 0.0,
    restart_interrupted: bool = False,
    on_progress: ProgressCallback | None = None,
    weights: ObjectiveWeights = ObjectiveWeights(),
    max_rounds: int | None = None,
) -> Schedule:
    """Repair and re-optimise `previous` after the disruption(s); `changes` lists moves.

    The disruptions still active in `previous` (its `disruptions`) apply too, so a
    `machine-up` can end an earlier `machine-down`. With `time_limit_s` 0 the answer is
    the quick repair.

    Raises:
        InputError: when a disruption is malformed or names something unknown.
        InfeasibleScheduleError: when a produced schedule fails the checker (a bug).
    """
    new: list[Disruption | str] = (
        list(disruption)
        if isinstance(disruption, Sequence) and not isinstance(disruption, str)
        else [disruption]
    )
    events = parse_all([*previous.disruptions, *new])
    options = BuildOptions(previous, frozen_hours, restart_interrupted, weights)
    problem = problem_from_plant(plant, orders, now, events, options)
    start = repair(problem)
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
    texts = [format_disruption(event) for event in events]
    status = SolveStatus.OPTIMAL if result.proved_optimal else SolveStatus.FEASIBLE
    return checked(problem, to_schedule(problem, result.placed, status, previous, texts))
