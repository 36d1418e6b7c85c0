"""The independent checker catches every class of violation on hand-made schedules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from obeya.domain.plant import Plant
from obeya.domain.products import Product, RoutingStep
from obeya.domain.schedules import Schedule, ScheduledOperation, Unscheduled
from obeya.domain.work_orders import WorkOrder
from obeya.domain.workers import Worker
from obeya.scheduling.plant import validate_plan

from .conftest import MONDAY_6, make_plant

Mutation = Callable[[list[ScheduledOperation]], list[ScheduledOperation]]


def at(hours: float) -> datetime:
    """MONDAY_6 (07:00 Berlin) plus hours."""
    return MONDAY_6 + timedelta(hours=hours)


def checker_plant() -> Plant:
    shaft = Product(
        "P-1",
        "Shaft",
        "shafts",
        (
            RoutingStep(10, {"L1-SAW": 60, "L2-SAW": 60}, 0),
            RoutingStep(20, {"L1-CNC1": 60, "L1-CNC2": 60}, 0, "lathe"),
        ),
    )
    flange = Product(
        "P-2", "Flange", "flanges", (RoutingStep(10, {"L1-CNC1": 60}, 0, None, False),)
    )
    workers = (
        Worker("W001", "A", ("lathe",), ("early",)),
        Worker("W002", "B", ("lathe",), ("late",)),
        Worker("W003", "C", ("saw",), ("early",)),
    )
    return make_plant(products=(shaft, flange), workers=workers)


ORDERS = [
    WorkOrder("WO-1", "P-1", 30, at(24)),
    WorkOrder("WO-2", "P-2", 30, at(24)),
    WorkOrder("WO-3", "P-2", 30, at(24), release_at=at(4)),
]


def op(
    order: str, step: int, machine: str, start: float, worker: str | None = None
) -> ScheduledOperation:
    return ScheduledOperation(order, step, machine, at(start), at(start + 0.5), worker)


def good_operations() -> list[ScheduledOperation]:
    """WO-1 saw then lathe; WO-2 after a 30 min changeover; WO-3 after its release."""
    return [
        op("WO-1", 10, "L1-SAW", 0),
        op("WO-1", 20, "L1-CNC1", 0.5, "W001"),
        op("WO-2", 10, "L1-CNC1", 1.5),
        op("WO-3", 10, "L1-CNC1", 4),
    ]


def schedule_of(operations: list[ScheduledOperation]) -> Schedule:
    return Schedule("S-test", MONDAY_6, tuple(operations))


def errors_of(operations: list[ScheduledOperation]) -> list[str]:
    return validate_plan(checker_plant(), ORDERS, MONDAY_6, schedule_of(operations))


def moved(order: str, step: int, **changes: object) -> Mutation:
    def mutate(operations: list[ScheduledOperation]) -> list[ScheduledOperation]:
        return [
            replace(item, **changes) if (item.order_id, item.step) == (order, step) else item  # type: ignore[arg-type]
            for item in operations
        ]

    return mutate


def test_the_hand_made_schedule_is_feasible() -> None:
    assert errors_of(good_operations()) == []


@pytest.mark.parametrize(
    ("mutation", "message"),
    [
        (moved("WO-2", 10, start_at=at(0.75), end_at=at(1.25)), "overlap"),
        (moved("WO-1", 10, machine_id="L1-CNC2"), "is not eligible"),
        (moved("WO-1", 20, start_at=at(0.25), end_at=at(0.75)), "starts before the previous step"),
        (moved("WO-1", 10, end_at=at(0.7)), "does not get exactly 30 working minutes"),
        (moved("WO-2", 10, start_at=at(1.85), end_at=at(2.35)), "runs into non-working time"),
        (moved("WO-1", 10, start_at=at(-0.5), end_at=at(0)), "before its release"),
        (moved("WO-3", 10, start_at=at(3), end_at=at(3.5)), "before its release"),
        (moved("WO-1", 20, worker_id="W003"), "lacks lathe"),
        (moved("WO-1", 20, worker_id="W002"), "is not on shift"),
        (moved("WO-1", 20, worker_id=None), "needs a worker with skill lathe"),
        (moved("WO-2", 10, start_at=at(1), end_at=at(1.5)), "no 30 min changeover"),
        (lambda ops: ops[:-1], "neither scheduled nor unscheduled"),
        (lambda ops: [*ops, ops[0]], "scheduled twice"),
        (lambda ops: [*ops, op("WO-9", 10, "L1-SAW", 5)], "not an operation of the problem"),
    ],
)
def test_the_checker_names_each_violation(mutation: Mutation, message: str) -> None:
    errors = errors_of(mutation(good_operations()))
    assert any(message in error for error in errors), errors


def test_a_pausable_step_may_not_start_inside_a_break() -> None:
    """The 09:00 local break is 08:00-08:15 UTC; 30 working minutes end at 08:45."""
    errors = errors_of(moved("WO-1", 10, start_at=at(2), end_at=at(2.75))(good_operations()))
    assert any("starts or ends in non-working time" in error for error in errors)
    fine = moved("WO-1", 10, start_at=at(1.75), end_at=at(2.5))(good_operations())
    fine = moved("WO-1", 20, start_at=at(2.5), end_at=at(3), machine_id="L1-CNC2")(fine)
    assert errors_of(fine) == []


def test_a_worker_on_two_operations_at_once_is_double_booked() -> None:
    orders = [*ORDERS, WorkOrder("WO-4", "P-1", 30, at(24))]
    operations = [
        *good_operations(),
        op("WO-4", 10, "L2-SAW", 0),
        op("WO-4", 20, "L1-CNC2", 0.5, "W001"),
    ]
    errors = validate_plan(checker_plant(), orders, MONDAY_6, schedule_of(operations))
    assert any("W001" in error and "at the same time" in error for error in errors)


def test_an_order_listed_as_unscheduled_may_be_missing() -> None:
    schedule = replace(
        schedule_of(good_operations()[:-1]), unscheduled=(Unscheduled("WO-3", "no room"),)
    )
    assert validate_plan(checker_plant(), ORDERS, MONDAY_6, schedule) == []
