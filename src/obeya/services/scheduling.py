"""Use cases of plant scheduling: solve, reschedule after an event, publish, show, Gantt.

Every schedule is checked by the independent validator inside the engine before it is
returned; here it is stored as a draft. Publishing makes it the plan of record and
supersedes the previous one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from obeya.domain.errors import InputError
from obeya.domain.schedules import Schedule
from obeya.domain.work_orders import OPEN_STATUSES
from obeya.scheduling.plant.reschedule import reschedule as reschedule_plan
from obeya.scheduling.plant.solve import solve_plan
from obeya.services.runtime import Runtime
from obeya.services.schedule_records import dumps, from_record, to_record

Progress = Callable[[float, float], None]


def _store(runtime: Runtime, schedule: Schedule, kind: str) -> dict[str, Any]:
    record = to_record(schedule)
    with runtime.uow() as uow:
        uow.schedules.add(schedule.schedule_id, kind, dumps(record), schedule.previous_id)
        uow.commit()
    return {**record, "state": "draft"}


def _published(runtime: Runtime) -> Schedule | None:
    with runtime.uow() as uow:
        found = uow.schedules.latest("published")
    return None if found is None else from_record(json.loads(found[2]))


def solve_schedule(
    runtime: Runtime,
    *,
    time_limit_s: float = 10.0,
    seed: int = 1,
    workers: int = 2,
    now: datetime | None = None,
    frozen_hours: float = 0.0,
    on_progress: Progress | None = None,
) -> dict[str, Any]:
    """Schedule every open order from `now`; stored as a draft; the contract answer."""
    plant = runtime.plant()
    with runtime.uow() as uow:
        orders = uow.orders.list(OPEN_STATUSES)
    schedule = solve_plan(
        plant,
        orders,
        now or datetime.now(UTC),
        time_limit_s=time_limit_s,
        seed=seed,
        workers=workers,
        previous=_published(runtime),
        frozen_hours=frozen_hours,
        on_progress=on_progress,
    )
    return _store(runtime, schedule, "solve")


def reschedule(
    runtime: Runtime,
    event: str,
    *,
    time_limit_s: float = 10.0,
    seed: int = 1,
    workers: int = 2,
    now: datetime | None = None,
    on_progress: Progress | None = None,
) -> dict[str, Any]:
    """Repair the published schedule (else the newest draft) after `event`.

    Raises:
        InputError: when there is no schedule yet, or the event string is malformed.
    """
    with runtime.uow() as uow:
        found = uow.schedules.latest("published") or uow.schedules.latest()
        orders = uow.orders.list(OPEN_STATUSES)
    if found is None:
        raise InputError("there is no schedule to repair yet: run `obeya schedule solve` first")
    schedule = reschedule_plan(
        runtime.plant(),
        orders,
        now or datetime.now(UTC),
        from_record(json.loads(found[2])),
        event,
        time_limit_s=time_limit_s,
        seed=seed,
        workers=workers,
        on_progress=on_progress,
    )
    return _store(runtime, schedule, "reschedule")


def publish_schedule(runtime: Runtime, schedule_id: str) -> dict[str, Any]:
    """Publish a schedule; the one published before is superseded."""
    with runtime.uow() as uow:
        uow.schedules.publish(schedule_id)
        uow.commit()
        status, body = uow.schedules.get(schedule_id)
    return {**json.loads(body), "state": status}


def get_schedule(runtime: Runtime, schedule_id: str | None = None) -> dict[str, Any] | None:
    """A stored schedule by id, or the published one (else the newest draft)."""
    with runtime.uow() as uow:
        if schedule_id is not None:
            status, body = uow.schedules.get(schedule_id)
            return {**json.loads(body), "state": status}
        found = uow.schedules.latest("published") or uow.schedules.latest()
    return None if found is None else {**json.loads(found[2]), "state": found[1]}


def current_schedule(runtime: Runtime) -> dict[str, Any] | None:
    """The published schedule, else the newest draft, else None."""
    return get_schedule(runtime)


def gantt_html(runtime: Runtime, schedule_id: str | None = None) -> str:
    """The self-contained HTML Gantt of a schedule (default: the current one).

    Raises:
        InputError: when there is no schedule yet.
    """
    record = get_schedule(runtime, schedule_id)
    if record is None:
        raise InputError("there is no schedule yet: run `obeya schedule solve` first")
    from obeya.reports.gantt import render_gantt_html

    return render_gantt_html(from_record(record), runtime.plant().site.name)
