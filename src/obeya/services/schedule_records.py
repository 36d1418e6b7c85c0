"""Stored schedules: the contract's JSON answer plus what rebuilding the schedule needs.

The stored record is the answer of CONTRACTS.md section 8 with added keys (`created_at`,
`disruptions`, `previous_id`, and per operation `product`, `changeover_min`, `fixed`),
so the API and CLI serve it as it is and a reschedule can rebuild the domain schedule.
A handed-over operation's `crew` is part of the answer; records stored before hand-overs
existed have none and load with an empty crew. The record is JSON text in one column,
so new keys need no database migration.
"""

from __future__ import annotations

import json
from typing import Any

from obeya.domain.schedules import (
    CrewPiece,
    LateOrder,
    Schedule,
    ScheduledOperation,
    ScheduleObjective,
    SolveStatus,
    Unscheduled,
)
from obeya.domain.times import format_timestamp, parse_timestamp
from obeya.scheduling.plant.answer import schedule_answer


def to_record(schedule: Schedule) -> dict[str, Any]:
    """The stored JSON of a schedule."""
    record = schedule_answer(schedule)
    record["created_at"] = format_timestamp(schedule.created_at)
    record["disruptions"] = list(schedule.disruptions)
    record["previous_id"] = schedule.previous_id
    for item, operation in zip(record["operations"], schedule.operations, strict=True):
        item["product"] = operation.product_id
        item["changeover_min"] = operation.changeover_min
        item["fixed"] = operation.fixed
    return record


def _operation(item: dict[str, Any]) -> ScheduledOperation:
    return ScheduledOperation(
        order_id=item["order"],
        step=int(item["step"]),
        machine_id=item["machine"],
        start_at=parse_timestamp(item["start"]),
        end_at=parse_timestamp(item["end"]),
        worker_id=item.get("worker"),
        product_id=item.get("product", ""),
        changeover_min=float(item.get("changeover_min", 0.0)),
        fixed=bool(item.get("fixed", False)),
        crew=tuple(
            CrewPiece(
                piece["worker_id"], parse_timestamp(piece["start"]), parse_timestamp(piece["end"])
            )
            for piece in item.get("crew", ())
        ),
    )


def from_record(record: dict[str, Any]) -> Schedule:
    """Rebuild the domain schedule of a stored record (without its change list)."""
    objective = record["objective"]
    return Schedule(
        schedule_id=record["schedule_id"],
        created_at=parse_timestamp(record["created_at"]),
        operations=tuple(_operation(item) for item in record["operations"]),
        objective=ScheduleObjective(
            objective["weighted_tardiness_min"],
            objective["makespan_min"],
            objective["changeover_min"],
        ),
        solve_status=SolveStatus(record["status"]),
        late_orders=tuple(
            LateOrder(
                item["order"],
                parse_timestamp(item["due"]),
                parse_timestamp(item["end"]),
                int(item["late_min"]),
                tuple(item["causes"]),
            )
            for item in record["late_orders"]
        ),
        unscheduled=tuple(
            Unscheduled(item["order"], item["reason"]) for item in record["unscheduled"]
        ),
        previous_id=record.get("previous_id"),
        disruptions=tuple(record.get("disruptions", ())),
    )


def dumps(record: dict[str, Any]) -> str:
    """The record as stored text."""
    return json.dumps(record, sort_keys=True)
