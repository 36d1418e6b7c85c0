"""The JSON answer of `obeya schedule solve|reschedule` (CONTRACTS.md section 8).

An operation handed over at shift change also has `crew`: who works when, as a list of
`{"worker_id", "start", "end"}`; `worker` stays the first of them. Operations staffed by
one worker (or none) keep exactly the contract's keys.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from obeya.domain.schedules import Schedule, ScheduledOperation
from obeya.domain.times import format_timestamp


def _stamp(moment: datetime | None) -> str | None:
    return None if moment is None else format_timestamp(moment)


def _operation(item: ScheduledOperation) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "order": item.order_id,
        "step": item.step,
        "machine": item.machine_id,
        "worker": item.worker_id,
        "start": format_timestamp(item.start_at),
        "end": format_timestamp(item.end_at),
    }
    if item.crew:
        answer["crew"] = [
            {
                "worker_id": piece.worker_id,
                "start": format_timestamp(piece.start_at),
                "end": format_timestamp(piece.end_at),
            }
            for piece in item.crew
        ]
    return answer


def schedule_answer(schedule: Schedule) -> dict[str, Any]:
    """The contract's JSON shape; `changes` only for a reschedule (a previous schedule)."""
    answer: dict[str, Any] = {
        "schedule_id": schedule.schedule_id,
        "status": str(schedule.solve_status),
        "objective": {
            "weighted_tardiness_min": schedule.objective.weighted_tardiness_min,
            "makespan_min": schedule.objective.makespan_min,
            "changeover_min": schedule.objective.changeover_min,
        },
        "operations": [_operation(item) for item in schedule.operations],
        "late_orders": [
            {
                "order": item.order_id,
                "due": format_timestamp(item.due_at),
                "end": format_timestamp(item.end_at),
                "late_min": item.late_min,
                "causes": list(item.causes),
            }
            for item in schedule.late_orders
        ],
        "unscheduled": [
            {"order": item.order_id, "reason": item.reason} for item in schedule.unscheduled
        ],
    }
    if schedule.changes is not None:
        answer["changes"] = [
            {
                "order": item.order_id,
                "step": item.step,
                "from_machine": item.from_machine,
                "to_machine": item.to_machine,
                "from_start": _stamp(item.from_start_at),
                "to_start": _stamp(item.to_start_at),
            }
            for item in schedule.changes
        ]
    return answer
