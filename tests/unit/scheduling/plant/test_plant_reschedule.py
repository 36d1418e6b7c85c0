"""Rescheduling after each kind of disruption: feasible, stable, explained."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from obeya.domain.errors import InputError
from obeya.domain.plant import Plant
from obeya.domain.products import Product, RoutingStep
from obeya.domain.schedules import Schedule
from obeya.domain.work_orders import WorkOrder
from obeya.scheduling.plant import reschedule, schedule_answer, solve_plan, validate_plan

from .conftest import MONDAY_6, make_orders, make_plant

LATER = MONDAY_6 + timedelta(hours=1)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def lathe_plant() -> Plant:
    """One product that only the lathe L1-CNC1 makes: 1 min per piece."""
    turned = Product("P-6", "Turned", None, (RoutingStep(10, {"L1-CNC1": 60}, 0),))
    return make_plant(products=(turned,))


def solve(plant: Plant, orders: list[WorkOrder]) -> Schedule:
    schedule = solve_plan(plant, orders, MONDAY_6, time_limit_s=2, seed=1, max_rounds=2)
    assert validate_plan(plant, orders, MONDAY_6, schedule) == []
    return schedule


def redo(
    plant: Plant,
    orders: list[WorkOrder],
    previous: Schedule,
    event: str,
    now: datetime = LATER,
    **options: float,
) -> Schedule:
    frozen = float(options.pop("frozen_hours", 0.0))
    schedule = reschedule(
        plant,
        orders,
        now,
        previous,
        event,
        time_limit_s=float(options.pop("time_limit_s", 2.0)),
        seed=1,
        max_rounds=2,
        frozen_hours=frozen,
    )
    assert validate_plan(plant, orders, now, schedule, previous=previous, frozen_hours=frozen) == []
    return schedule


def test_a_machine_down_moves_work_off_the_down_period_and_lists_the_changes() -> None:
    plant, orders = make_plant(), make_orders(8)
    base = solve(plant, orders)
    busy = next(op for op in base.operations if op.start_at >= LATER)
    down_end = LATER + timedelta(hours=4)
    new = redo(plant, orders, base, f"machine-down:{busy.machine_id}@{stamp(LATER)}+4h")
    for op in new.operations:
        if op.machine_id == busy.machine_id and not op.fixed:
            assert op.end_at <= LATER or op.start_at >= down_end
    assert new.changes
    assert any(change.from_machine == busy.machine_id for change in new.changes)
    assert "changes" in schedule_answer(new)
    assert new.previous_id == base.schedule_id


def test_machine_up_ends_a_down_period_of_unknown_length() -> None:
    plant = lathe_plant()
    orders = [WorkOrder(f"WO-{n}", "P-6", 30, MONDAY_6 + timedelta(days=2)) for n in range(3)]
    base = solve(plant, orders)
    down = redo(plant, orders, base, f"machine-down:L1-CNC1@{stamp(LATER)}")
    assert {item.order_id for item in down.unscheduled} >= {"WO-2"}
    up_at = LATER + timedelta(hours=2)
    back = redo(plant, orders, down, f"machine-up:L1-CNC1@{stamp(up_at)}")
    assert back.unscheduled == ()
    assert all(op.start_at >= up_at for op in back.operations if not op.fixed)
    assert len(back.disruptions) == 2


def test_an_absent_worker_gets_no_work_while_absent() -> None:
    plant, orders = make_plant(), make_orders(8)
    base = solve(plant, orders)
    new = redo(plant, orders, base, f"worker-absent:W001@{stamp(LATER)}+6h")
    for op in new.operations:
        if op.worker_id == "W001" and not op.fixed:
            assert op.end_at <= LATER or op.start_at >= LATER + timedelta(hours=6)


def test_a_rush_order_goes_first() -> None:
    plant = lathe_plant()
    due = MONDAY_6 + timedelta(hours=1)
    orders = [
        WorkOrder("WO-A", "P-6", 60, due, priority=2),
        WorkOrder("WO-B", "P-6", 60, due, priority=1),
    ]
    base = solve(plant, orders)
    assert base.operations[0].order_id == "WO-A"
    new = redo(plant, orders, base, "rush-order:WO-B", now=MONDAY_6)
    assert new.operations[0].order_id == "WO-B"


def test_late_material_delays_the_first_step_and_is_named_as_the_cause() -> None:
    plant = lathe_plant()
    orders = [WorkOrder("WO-1", "P-6", 30, MONDAY_6 + timedelta(hours=3))]
    base = solve(plant, orders)
    arrives = MONDAY_6 + timedelta(hours=5)
    new = redo(plant, orders, base, f"material-late:WO-1@{stamp(arrives)}", now=MONDAY_6)
    assert new.operations[0].start_at >= arrives
    assert any("material available only at" in c for c in new.late_orders[0].causes)
    assert [(c.order_id, c.step) for c in new.changes or ()] == [("WO-1", 10)]


def test_a_long_operation_takes_the_extra_minutes() -> None:
    plant = lathe_plant()
    orders = [WorkOrder("WO-1", "P-6", 30, MONDAY_6 + timedelta(days=1))]
    base = solve(plant, orders)
    new = redo(plant, orders, base, "operation-long:WO-1/10+45m", now=MONDAY_6)
    before, after = base.operations[0], new.operations[0]
    assert (after.end_at - after.start_at) - (before.end_at - before.start_at) >= timedelta(
        minutes=45
    )


def test_done_work_stays_and_a_broken_running_operation_resumes_on_its_machine() -> None:
    plant = lathe_plant()
    orders = [WorkOrder(f"WO-{n}", "P-6", 40, MONDAY_6 + timedelta(days=1)) for n in range(3)]
    base = solve(plant, orders)
    first, running = base.operations[0], base.operations[1]
    now = running.start_at + timedelta(minutes=10)
    new = redo(plant, orders, base, f"machine-down:L1-CNC1@{stamp(now)}+1h", now=now)
    assert replace(new.operations[0], fixed=False) == base.operations[0]
    assert new.operations[0].fixed
    resumed = new.operation(running.order_id, running.step)
    assert resumed is not None and resumed.machine_id == "L1-CNC1"
    assert resumed.start_at >= now + timedelta(hours=1)
    # 30 remaining working minutes from 08:50 local, pausing over the 09:00 break (15 min)
    assert resumed.end_at - resumed.start_at == timedelta(minutes=45)
    assert first.end_at <= now


def test_the_frozen_horizon_keeps_near_work_unless_its_machine_is_lost() -> None:
    plant, orders = make_plant(), make_orders(8)
    base = solve(plant, orders)
    new = redo(plant, orders, base, "rush-order:WO-7", frozen_hours=3)
    for op in base.operations:
        if op.start_at < LATER + timedelta(hours=3):
            assert new.operation(op.order_id, op.step) is not None
            kept = new.operation(op.order_id, op.step)
            assert kept is not None and (kept.start_at, kept.machine_id) == (
                op.start_at,
                op.machine_id,
            )


def test_the_quick_repair_alone_is_feasible() -> None:
    plant, orders = make_plant(), make_orders(10)
    base = solve(plant, orders)
    machine = base.operations[-1].machine_id
    new = redo(plant, orders, base, f"machine-down:{machine}@{stamp(LATER)}+2h", time_limit_s=0)
    assert new.operations


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ("machine-down:NOPE@2026-11-23T07:00:00Z+1h", "machine 'NOPE'"),
        ("worker-absent:NOPE@2026-11-23T07:00:00Z+1h", "worker 'NOPE'"),
        ("rush-order:WO-404", "order 'WO-404'"),
        ("machine-down:L1-CNC1@soon", "start 'soon'"),
    ],
)
def test_an_event_naming_something_unknown_is_an_input_error(event: str, message: str) -> None:
    plant, orders = make_plant(), make_orders(2)
    base = solve(plant, orders)
    with pytest.raises(InputError, match=message):
        reschedule(plant, orders, LATER, base, event, time_limit_s=1)


def test_a_breakdown_is_named_in_the_causes_of_the_orders_it_makes_late() -> None:
    plant = lathe_plant()
    due = MONDAY_6 + timedelta(hours=3)
    orders = [WorkOrder("WO-1", "P-6", 60, due), WorkOrder("WO-2", "P-6", 60, due)]
    base = solve(plant, orders)
    assert base.late_orders == ()
    new = redo(plant, orders, base, f"machine-down:L1-CNC1@{stamp(MONDAY_6)}+4h", now=MONDAY_6)
    assert {item.order_id for item in new.late_orders} == {"WO-1", "WO-2"}
    for item in new.late_orders:
        assert "machine L1-CNC1 down 2026-11-23 07:00-11:00" in item.causes
    second = max(new.late_orders, key=lambda item: item.end_at)
    assert any(cause.startswith("machine L1-CNC1 busy with") for cause in second.causes)
