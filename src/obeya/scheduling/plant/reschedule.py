"""Rescheduling after a disruption: quick repair first, then improvement with stability.

The repair (`repair.py`) gives a feasible schedule in well under a second and names the
operations the disruption does not touch (`Problem.anchored`); the LNS then improves
the disturbed region with the stability terms (start moves and machine changes cost,
and moving an untouched operation costs `weights.disturbance`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from obeya.domain.plant import Plant
from obeya.domain.schedules import Disruption, Schedule, SolveStatus, format_disruption
from obeya.domain.work_orders import WorkOrder
from obeya.scheduling.plant.build import BuildOptions, problem_from_plant
from obeya.scheduling.plant.lns import ProgressCallback, improve
from obeya.scheduling.plant.problem import ObjectiveWeights
from obeya.scheduling.plant.push import pull_late_orders
from obeya.scheduling.plant.repair import keep_and_insert_anchored, repair
from obeya.scheduling.plant.score import score
from obeya.scheduling.plant.solution import to_schedule
from obeya.scheduling.plant.solve import checked, parse_all

PULL_SHARE = 0.5
"""At most this share of the time limit goes to pulling late disturbed orders forward."""
PULLS_PER_ROUND = 10
"""With `max_rounds`, at most this many pulls per round (a repeatable bound)."""


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
    kept, untouched = keep_and_insert_anchored(problem)
    problem = replace(problem, anchored=untouched)
    start = repair(problem, kept)
    if on_progress is not None:
        on_progress(float(score(problem, start.placements).combined), 0.0)
    started = time.monotonic()
    if problem.anchored and time_limit_s > 0:
        pull_limit = None if max_rounds is None else max_rounds * PULLS_PER_ROUND
        start, _ = pull_late_orders(
            problem,
            start,
            deadline=started + time_limit_s * PULL_SHARE,
            max_moves=pull_limit,
            on_progress=on_progress,
        )
    result = improve(
        problem,
        start,
        time_limit_s=max(0.0, time_limit_s - (time.monotonic() - started)),
        seed=seed,
        workers=workers,
        on_progress=on_progress,
        max_rounds=max_rounds,
    )
    texts = [format_disruption(event) for event in events]
    status = SolveStatus.OPTIMAL if result.proved_optimal else SolveStatus.FEASIBLE
    return checked(problem, to_schedule(problem, result.placed, status, previous, texts))
