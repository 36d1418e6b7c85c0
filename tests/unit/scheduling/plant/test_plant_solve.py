"""Solving plant schedules: feasibility, calendars, changeovers, skills, lateness, JSON."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from obeya.domain.calendars import Closure
from obeya.domain.plant import Plant
from obeya.domain.products import Product, RoutingStep
from obeya.domain.schedules import Schedule
from obeya.domain.work_orders import OrderStatus, WorkOrder
from obeya.scheduling.plant import schedule_answer, solve_plan, validate_plan

from .conftest import MONDAY_6, make_orders, make_plant, two_shift_calendar

BERLIN = ZoneInfo("Europe/Berlin")


def solve(plant: Plant, orders: list[WorkOrder], now: datetime = MONDAY_6) -> Schedule:
    schedule = solve_plan(plant, orders, now, time_limit_s=2, seed=3, max_rounds=3)
    assert validate_plan(plant, orders, now, schedule) == []
    return schedule


def test_a_two_line_plant_gets_a_feasible_schedule_with_every_step(two_line_plant: Plant) -> None:
    orders = make_orders(6)
    schedule = solve(two_line_plant, orders)
    assert schedule.unscheduled == ()
    assert {(op.order_id, op.step) for op in schedule.operations} == {
        (order.id, step) for order in orders for step in (10, 20)
    }
    assert str(schedule.solve_status) in {"optimal", "feasible"}


def test_steps_of_an_order_run_in_routing_sequence(two_line_plant: Plant) -> None:
    schedule = solve(two_line_plant, make_orders(6))
    for order_id in {op.order_id for op in schedule.operations}:
        first, second = schedule.operation(order_id, 10), schedule.operation(order_id, 20)
        assert first is not None and second is not None
        assert first.end_at <= second.start_at


def test_a_step_that_cannot_pause_never_runs_through_a_break(two_line_plant: Plant) -> None:
    schedule = solve(two_line_plant, make_orders(8))
    for op in schedule.operations:
        if op.product_id == "P-200" and op.step == 20:
            start, end = op.start_at.astimezone(BERLIN), op.end_at.astimezone(BERLIN)
            for clock, minutes in ((9, 15), (12, 30)):
                pause = start.replace(hour=clock, minute=0)
                assert not (start < pause + timedelta(minutes=minutes) and pause < end)


def test_a_pausable_step_stretches_over_the_break(now: datetime) -> None:
    """One saw step of 150 working minutes from 07:00 local crosses the 09:00 break."""
    saw_only = Product("P-9", "Bar", None, (RoutingStep(10, {"L1-SAW": 60}, 0),))
    plant = make_plant(products=(saw_only,))
    order = WorkOrder("WO-1", "P-9", 150, now + timedelta(days=2))
    schedule = solve(plant, [order])
    op = schedule.operations[0]
    assert op.end_at - op.start_at == timedelta(minutes=165)


def test_no_operation_runs_inside_a_closure(now: datetime) -> None:
    closed_from = now + timedelta(hours=1)
    closure = Closure(closed_from, closed_from + timedelta(hours=10), "stocktaking")
    plant = make_plant(calendar=two_shift_calendar((closure,)))
    schedule = solve(plant, make_orders(4))
    for op in schedule.operations:
        assert (
            op.end_at <= closure.start_at
            or op.start_at >= closure.end_at
            or (op.product_id == "P-100" and op.step == 10)
        )


def test_a_changeover_separates_families_on_a_shared_machine(now: datetime) -> None:
    """Both products need L1-CNC2 only; switching families costs 30 or 20 minutes."""
    shaft = Product("P-1", "Shaft", "shafts", (RoutingStep(10, {"L1-CNC2": 60}, 0),))
    flange = Product("P-2", "Flange", "flanges", (RoutingStep(10, {"L1-CNC2": 60}, 0),))
    plant = make_plant(products=(shaft, flange))
    orders = [
        WorkOrder("WO-1", "P-1", 30, now + timedelta(days=3)),
        WorkOrder("WO-2", "P-2", 30, now + timedelta(days=3)),
    ]
    schedule = solve(plant, orders)
    first, second = sorted(schedule.operations, key=lambda op: op.start_at)
    assert second.start_at - first.end_at >= timedelta(minutes=20)
    assert second.changeover_min in (20.0, 30.0)
    assert schedule.objective.changeover_min == int(second.changeover_min)


def test_a_step_whose_skill_nobody_on_shift_has_is_unscheduled_with_the_reason(
    now: datetime,
) -> None:
    grinding = Product("P-3", "Ground", None, (RoutingStep(10, {"L2-MILL": 30}, 0, "grind"),))
    worker_on_late = (make_plant().worker("W002"),)
    plant = make_plant(products=(grinding,), workers=worker_on_late)
    order = WorkOrder("WO-1", "P-3", 5, now + timedelta(days=1))
    schedule = solve(plant, [order])
    assert [(u.order_id, u.reason) for u in schedule.unscheduled] == [
        ("WO-1", "no worker with skill 'grind' for step 10")
    ]
    lathe = Product("P-4", "Turned", None, (RoutingStep(10, {"L2-MILL": 30}, 0, "lathe"),))
    plant = make_plant(products=(lathe,), workers=worker_on_late)
    order = WorkOrder("WO-2", "P-4", 5, now + timedelta(days=1))
    schedule = solve(plant, [order])
    assert [u.reason for u in schedule.unscheduled] == [
        "no worker with skill 'lathe' on shift for step 10"
    ]


def test_orders_the_plant_cannot_make_are_unscheduled_never_dropped(
    two_line_plant: Plant, now: datetime
) -> None:
    ghost = Product("P-5", "Ghost", None, (RoutingStep(10, {"NOWHERE": 5}, 0),))
    plant = make_plant(products=(*two_line_plant.products, ghost))
    orders = [
        WorkOrder("WO-1", "P-404", 5, now + timedelta(days=1)),
        WorkOrder("WO-2", "P-5", 5, now + timedelta(days=1)),
        WorkOrder("WO-3", "P-100", 5, now + timedelta(days=1)),
        WorkOrder("WO-4", "P-100", 5, now, status=OrderStatus.COMPLETED),
    ]
    schedule = solve(plant, orders)
    assert {(u.order_id, u.reason) for u in schedule.unscheduled} == {
        ("WO-1", "unknown product 'P-404'"),
        ("WO-2", "no eligible machine for step 10"),
    }
    assert {op.order_id for op in schedule.operations} == {"WO-3"}


def test_work_starts_after_the_release_and_the_material_dates(
    two_line_plant: Plant, now: datetime
) -> None:
    release = now + timedelta(hours=3)
    material = now + timedelta(hours=5, minutes=7)
    orders = [
        WorkOrder("WO-1", "P-100", 10, now + timedelta(days=2), release_at=release),
        WorkOrder("WO-2", "P-100", 10, now + timedelta(days=2), material_available_at=material),
    ]
    schedule = solve(two_line_plant, orders)
    first = schedule.operation("WO-1", 10)
    second = schedule.operation("WO-2", 10)
    assert first is not None and first.start_at >= release
    assert second is not None and second.start_at >= material


def test_a_late_order_is_weighted_by_priority_and_explained(now: datetime) -> None:
    """Two orders fight for the only lathe; the material of one comes late."""
    turned = Product("P-6", "Turned", None, (RoutingStep(10, {"L1-CNC1": 60}, 0),))
    plant = make_plant(products=(turned,))
    material = now + timedelta(hours=2)
    orders = [
        WorkOrder("WO-A", "P-6", 130, now + timedelta(hours=2), priority=3),
        WorkOrder("WO-B", "P-6", 60, now + timedelta(hours=1), material_available_at=material),
    ]
    schedule = solve(plant, orders)
    late = {item.order_id: item for item in schedule.late_orders}
    assert set(late) == {"WO-A", "WO-B"}
    assert late["WO-B"].late_min > 60
    assert any("material available only at" in c or "busy with" in c for c in late["WO-B"].causes)
    total = sum(item.late_min * (3 if item.order_id == "WO-A" else 1) for item in late.values())
    assert schedule.objective.weighted_tardiness_min == total


def test_the_json_answer_has_exactly_the_contract_keys(two_line_plant: Plant) -> None:
    schedule = solve(two_line_plant, make_orders(3, due_hours=0.25))
    answer = schedule_answer(schedule)
    assert list(answer) == [
        "schedule_id",
        "status",
        "objective",
        "operations",
        "late_orders",
        "unscheduled",
    ]
    assert set(answer["objective"]) == {"weighted_tardiness_min", "makespan_min", "changeover_min"}
    assert set(answer["operations"][0]) == {"order", "step", "machine", "worker", "start", "end"}
    assert answer["operations"][0]["start"].endswith("Z")
    assert set(answer["late_orders"][0]) == {"order", "due", "end", "late_min", "causes"}


def test_the_same_seed_gives_the_same_schedule(two_line_plant: Plant) -> None:
    orders = make_orders(8)
    first = solve_plan(two_line_plant, orders, MONDAY_6, time_limit_s=5, seed=7, max_rounds=2)
    second = solve_plan(two_line_plant, orders, MONDAY_6, time_limit_s=5, seed=7, max_rounds=2)
    assert schedule_answer(first) == schedule_answer(second)


def test_progress_is_reported_with_incumbent_and_bound(two_line_plant: Plant) -> None:
    seen: list[tuple[float, float]] = []
    solve_plan(
        two_line_plant,
        make_orders(4),
        MONDAY_6,
        time_limit_s=2,
        max_rounds=1,
        on_progress=lambda incumbent, bound: seen.append((incumbent, bound)),
    )
    assert seen and all(incumbent >= bound for incumbent, bound in seen)
