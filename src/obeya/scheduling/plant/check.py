"""Check a schedule against the plant and orders it was made for (no solver inside)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from obeya.domain.plant import Plant
from obeya.domain.schedules import Disruption, Schedule, parse_disruption
from obeya.domain.work_orders import WorkOrder
from obeya.scheduling.plant.build import BuildOptions, problem_from_plant
from obeya.scheduling.plant.validate import validate


def validate_plan(
    plant: Plant,
    orders: Sequence[WorkOrder],
    now: datetime,
    schedule: Schedule,
    *,
    previous: Schedule | None = None,
    frozen_hours: float = 0.0,
    restart_interrupted: bool = False,
) -> list[str]:
    """Violations of `schedule` against the plant, orders and its own disruptions.

    `now` is the instant the schedule was made for (its `created_at`); `previous`,
    `frozen_hours` and `restart_interrupted` as given to `reschedule`.
    """
    events: list[Disruption] = [parse_disruption(text) for text in schedule.disruptions]
    options = BuildOptions(previous, frozen_hours, restart_interrupted)
    return validate(problem_from_plant(plant, orders, now, events, options), schedule)
