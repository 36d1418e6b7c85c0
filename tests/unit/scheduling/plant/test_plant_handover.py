"""Hand-over at shift change: long operations are staffed by a crew, and checked piece by piece."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from obeya.cli.schedule import _summary
from obeya.domain.plant import Plant
from obeya.domain.products import Product, RoutingStep
from obeya.domain.schedules import CrewPiece, Schedule, ScheduledOperation
from obeya.domain.work_orders import WorkOrder
from obeya.domain.workers import Worker
from obeya.reports.gantt import render_gantt_html
from obeya.scheduling.plant import schedule_answer, solve_plan, validate_plan
from obeya.scheduling.plant.build import problem_from_plant
from obeya.scheduling.plant.heuristic import dispatch
from obeya.services.schedule_records import dumps, from_record, to_record

from .conftest import MONDAY_6, make_plant

LATHE_WORKERS = (
    Worker("W001", "A", ("lathe",), ("early",)),
    Worker("W002", "B", ("lathe",), ("late",)),
    Worker("W003", "C", ("saw",), ("early",)),
)


def at(hours: float) -> datetime:
    """MONDAY_6 (06:00 UTC, 07:00 Berlin) plus hours."""
    return MONDAY_6 + timedelta(hours=hours)


def lathe_plant(workers: tuple[Worker, ...] = LATHE_WORKERS) -> Plant:
    """One pausable lathe step of 1 min per piece on L1-CNC1 or L1-CNC2."""
    shaft = Product(
        "P-LONG",
        "Long shaft",
        "shafts",
        (RoutingStep(10, {"L1-CNC1": 60, "L1-CNC2": 60}, 0, "lathe"),),
    )
    return make_plant(products=(shaft,), workers=workers)


TWELVE_HOURS = [WorkOrder("WO-L", "P-LONG", 720, at(48))]


def solved(plant: Plant, orders: list[WorkOrder]) -> Schedule:
    return solve_plan(plant, orders, MONDAY_6, time_limit_s=2, seed=1, max_rounds=1)


def test_a_twelve_hour_step_is_handed_over_at_the_shift_boundary() -> None:
    """Early 07:00-14:00 Berlin (375 working minutes after breaks), late from 14:00."""
    plant = lathe_plant()
    schedule = solved(plant, TWELVE_HOURS)
    assert schedule.unscheduled == ()
    (operation,) = schedule.operations
    assert (operation.start_at, operation.end_at) == (at(0), at(12.75))
    assert operation.worker_id == "W001"
    assert operation.crew == (
        CrewPiece("W001", at(0), at(7)),
        CrewPiece("W002", at(7), at(12.75)),
    )
    assert validate_plan(plant, TWELVE_HOURS, MONDAY_6, schedule) == []


def test_dispatching_hands_over_the_same_way() -> None:
    problem = problem_from_plant(lathe_plant(), TWELVE_HOURS, MONDAY_6)
    (placement,) = dispatch(problem).placements.values()
    assert placement.crew == (("W001", 0, 420), ("W002", 420, 765))


def test_a_step_that_fits_in_one_shift_keeps_one_worker() -> None:
    orders = [WorkOrder("WO-S", "P-LONG", 120, at(48))]
    (operation,) = solved(lathe_plant(), orders).operations
    assert operation.worker_id == "W001" and operation.crew == ()


def test_with_one_qualified_worker_on_one_shift_the_order_cannot_be_scheduled() -> None:
    plant = lathe_plant(LATHE_WORKERS[:1])
    schedule = solved(plant, TWELVE_HOURS)
    assert schedule.operations == ()
    (item,) = schedule.unscheduled
    assert item.order_id == "WO-L"
    assert "'lathe'" in item.reason and "720" in item.reason
    assert "no worker with skill 'lathe' on shift" not in item.reason


def handed_over(*pieces: tuple[str, float, float]) -> ScheduledOperation:
    crew = tuple(CrewPiece(worker, at(start), at(end)) for worker, start, end in pieces)
    return ScheduledOperation(
        "WO-L", 10, "L1-CNC1", at(0), at(12.75), crew[0].worker_id, "P-LONG", crew=crew
    )


def errors_of(*operations: ScheduledOperation, orders: list[WorkOrder] = TWELVE_HOURS) -> list[str]:
    return validate_plan(lathe_plant(), orders, MONDAY_6, Schedule("S-t", MONDAY_6, operations))


def test_the_hand_made_hand_over_is_feasible() -> None:
    assert errors_of(handed_over(("W001", 0, 7), ("W002", 7, 12.75))) == []


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        (handed_over(("W001", 0, 7), ("W002", 7.5, 12.75)), "without a gap"),
        (handed_over(("W001", 0, 7), ("W002", 6.5, 12.75)), "without a gap"),
        (handed_over(("W001", 0, 7), ("W002", 7, 12)), "without a gap"),
        (handed_over(("W003", 0, 7), ("W002", 7, 12.75)), "worker W003 lacks lathe"),
        (handed_over(("W001", 0, 8), ("W002", 8, 12.75)), "worker W001 is not on shift"),
        (handed_over(("W002", 0, 7), ("W001", 7, 12.75)), "worker W002 is not on shift"),
        (handed_over(("W001", 0, 7), ("W009", 7, 12.75)), "needs a worker with skill lathe"),
        (
            replace(handed_over(("W001", 0, 7), ("W002", 7, 12.75)), worker_id="W002"),
            "does not start the crew",
        ),
    ],
)
def test_the_checker_names_each_crew_violation(operation: ScheduledOperation, message: str) -> None:
    errors = errors_of(operation)
    assert any(message in error for error in errors), errors


def test_a_crew_member_booked_elsewhere_during_his_piece_is_double_booked() -> None:
    orders = [*TWELVE_HOURS, WorkOrder("WO-S", "P-LONG", 60, at(48))]
    other = ScheduledOperation("WO-S", 10, "L1-CNC2", at(8), at(9), "W002", "P-LONG")
    errors = errors_of(handed_over(("W001", 0, 7), ("W002", 7, 12.75)), other, orders=orders)
    assert any("worker W002" in error and "at the same time" in error for error in errors)
    before = replace(other, start_at=at(-1), end_at=at(0))
    assert not any("at the same time" in e for e in errors_of(before, orders=orders))


def test_a_stored_schedule_round_trips_its_crew() -> None:
    schedule = solved(lathe_plant(), TWELVE_HOURS)
    record = json.loads(dumps(to_record(schedule)))
    assert record["operations"][0]["crew"] == [
        {"worker_id": "W001", "start": "2026-11-23T06:00:00Z", "end": "2026-11-23T13:00:00Z"},
        {"worker_id": "W002", "start": "2026-11-23T13:00:00Z", "end": "2026-11-23T18:45:00Z"},
    ]
    assert from_record(record).operations == schedule.operations


def test_an_old_record_without_a_crew_still_loads() -> None:
    schedule = solved(lathe_plant(), [WorkOrder("WO-S", "P-LONG", 120, at(48))])
    record = json.loads(dumps(to_record(schedule)))
    assert "crew" not in record["operations"][0]
    assert from_record(record).operations == schedule.operations


def test_the_answer_the_gantt_and_show_name_the_hand_over(
    capsys: pytest.CaptureFixture[str],
) -> None:
    schedule = solved(lathe_plant(), TWELVE_HOURS)
    html = render_gantt_html(schedule, "Demo")
    assert "hand-over W001 06:00-13:00, W002 13:00-18:45" in html
    _summary({**schedule_answer(schedule), "state": "draft"})
    machine = schedule.operations[0].machine_id
    expected = f"hand-over WO-L/10 on {machine}: W001 06:00-13:00, W002 13:00-18:45 (UTC)"
    assert expected in capsys.readouterr().out
