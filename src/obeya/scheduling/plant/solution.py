"""Placed minutes -> the domain `Schedule`, with late orders, causes and changes."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import replace

from obeya.domain.schedules import (
    CrewPiece,
    LateOrder,
    Schedule,
    ScheduleChange,
    ScheduledOperation,
    ScheduleObjective,
    SolveStatus,
    Unscheduled,
)
from obeya.scheduling.plant.calendar_time import to_datetime
from obeya.scheduling.plant.explain import late_causes
from obeya.scheduling.plant.heuristic import Placed
from obeya.scheduling.plant.problem import Placement, Problem
from obeya.scheduling.plant.score import score


def to_schedule(
    problem: Problem,
    placed: Placed,
    status: SolveStatus,
    previous: Schedule | None = None,
    disruptions: Sequence[str] = (),
) -> Schedule:
    """The domain schedule of these placements (times in UTC)."""
    placements = placed.placements
    operations = tuple(_operations(problem, placements))
    figures = score(problem, placements)
    unscheduled = problem.unscheduled + tuple(
        Unscheduled(order_id, reason) for order_id, reason in sorted(placed.failed.items())
    )
    if not operations and unscheduled:
        status = SolveStatus.INFEASIBLE
    schedule = Schedule(
        schedule_id="",
        created_at=problem.origin,
        operations=operations,
        objective=ScheduleObjective(
            figures.weighted_tardiness_min, figures.makespan_min, figures.changeover_min
        ),
        solve_status=status,
        late_orders=tuple(_late_orders(problem, placements)),
        unscheduled=unscheduled,
        changes=None if previous is None else tuple(changes_between(previous, operations)),
        previous_id=None if previous is None else previous.schedule_id,
        disruptions=tuple(disruptions),
    )
    return _with_id(schedule)


def _with_id(schedule: Schedule) -> Schedule:
    digest = hashlib.sha256()
    digest.update(schedule.created_at.isoformat().encode())
    for item in schedule.operations:
        digest.update(f"{item.order_id}/{item.step}/{item.machine_id}/{item.start_at}".encode())
    digest.update("|".join(schedule.disruptions).encode())
    return replace(schedule, schedule_id=f"S-{digest.hexdigest()[:12]}")


def _operations(problem: Problem, placements: Mapping[int, Placement]) -> list[ScheduledOperation]:
    items: list[ScheduledOperation] = []
    previous_ends: dict[str, tuple[int, str | None]] = {}
    for index, placement in sorted(placements.items(), key=lambda item: (item[1].start, item[0])):
        operation = problem.operations[index]
        _last_end, last_family = previous_ends.get(placement.machine_id, (0, None))
        changeover = problem.changeover_min(last_family, operation.family)
        previous_ends[placement.machine_id] = (placement.end, operation.family)
        items.append(
            ScheduledOperation(
                order_id=operation.order_id,
                step=operation.step,
                machine_id=placement.machine_id,
                start_at=to_datetime(placement.start, problem.origin),
                end_at=to_datetime(placement.end, problem.origin),
                worker_id=placement.worker_id,
                product_id=operation.product_id,
                changeover_min=float(changeover),
                fixed=operation.locked is not None,
                crew=tuple(
                    CrewPiece(
                        worker_id,
                        to_datetime(start, problem.origin),
                        to_datetime(end, problem.origin),
                    )
                    for worker_id, start, end in placement.crew
                ),
            )
        )
    return items


def _late_orders(problem: Problem, placements: Mapping[int, Placement]) -> list[LateOrder]:
    late: list[LateOrder] = []
    for target in problem.orders:
        if not target.operations or not all(i in placements for i in target.operations):
            continue
        end = placements[target.operations[-1]].end
        if end <= target.due:
            continue
        late.append(
            LateOrder(
                order_id=target.order_id,
                due_at=to_datetime(target.due, problem.origin),
                end_at=to_datetime(end, problem.origin),
                late_min=end - target.due,
                causes=late_causes(problem, target, placements),
            )
        )
    return late


def changes_between(
    previous: Schedule, operations: Sequence[ScheduledOperation]
) -> list[ScheduleChange]:
    """Operations whose machine or start differs from the previous schedule (or vanished)."""
    now = {(item.order_id, item.step): item for item in operations}
    changes: list[ScheduleChange] = []
    for old in previous.operations:
        new = now.pop((old.order_id, old.step), None)
        if new is not None and new.machine_id == old.machine_id and new.start_at == old.start_at:
            continue
        changes.append(
            ScheduleChange(
                old.order_id,
                old.step,
                old.machine_id,
                None if new is None else new.machine_id,
                old.start_at,
                None if new is None else new.start_at,
            )
        )
    for new in now.values():
        changes.append(
            ScheduleChange(new.order_id, new.step, None, new.machine_id, None, new.start_at)
        )
    return changes
