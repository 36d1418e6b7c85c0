"""The demo plant: sizes, consistency, and the open orders that load it to about 70 %.

The machines could take more, but 30 workers on three shifts staff about ten machines at a
time: at 70 % machine load the demo schedule has some late orders, not a backlog.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from obeya.domain.errors import InputError
from obeya.domain.reasons import ReasonCategory
from obeya.domain.work_orders import OrderStatus
from obeya.plantfile import (
    check_plant,
    demo_plant,
    demo_plant_text,
    demo_work_orders,
    export_plant,
    load_plant,
    machine_load,
)
from obeya.plantfile.demo import available_s, order_work_s

from .examples import VALID_PLANT

MONDAY = datetime(2026, 11, 23, 5, 0, tzinfo=UTC)  # 06:00 in Berlin


def test_the_demo_plant_file_loads_without_errors_or_warnings() -> None:
    check = check_plant(demo_plant_text(), "demo_plant.yaml")
    assert (check.errors, check.warnings) == ((), ())


def test_the_demo_plant_has_the_promised_size() -> None:
    plant = demo_plant()
    assert plant.site.timezone == "Europe/Berlin"
    assert [line.id for line in plant.lines] == ["L1", "L2", "L3"]
    assert len(plant.machines) == 15
    assert len(plant.products) == 10
    assert len({product.family for product in plant.products}) == 4
    assert [shift.id for shift in plant.calendar.shifts] == ["early", "late", "night"]
    assert len(plant.workers) == 30
    assert all(line.oee_target is not None for line in plant.lines)
    assert any("Christmas" in closure.reason for closure in plant.calendar.closures)


def test_every_demo_machine_has_a_class() -> None:
    classes = {machine.machine_class for machine in demo_plant().machines}
    assert None not in classes
    assert {"saw", "lathe", "mill", "grinder", "wash", "press", "assembly", "test"} <= classes


def test_demo_routings_have_two_to_five_steps_and_alternatives_with_their_own_times() -> None:
    plant = demo_plant()
    assert all(2 <= len(product.routing) <= 5 for product in plant.products)
    alternatives = [step for p in plant.products for step in p.routing if len(step.cycle_s) > 1]
    assert len(alternatives) >= 10
    assert all(len(set(step.cycle_s.values())) > 1 for step in alternatives)
    assert all(product.bom for product in plant.products)


def test_the_demo_reason_tree_covers_every_category() -> None:
    plant = demo_plant()
    assert {reason.category for reason in plant.reasons} == set(ReasonCategory)
    assert {r.code for r in plant.reasons if r.parent == "breakdown"} == {
        "spindle",
        "tool-breakage",
        "hydraulics",
        "electrical",
    }
    assert plant.reason("jam").category is ReasonCategory.MINOR_STOP
    assert plant.reason("no-operator").category is ReasonCategory.IDLE
    assert plant.reason("cleaning").category is ReasonCategory.PLANNED


def test_every_demo_step_has_a_qualified_worker_on_every_shift_its_line_works() -> None:
    plant = demo_plant()
    all_shifts = tuple(shift.id for shift in plant.calendar.shifts)
    for product in plant.products:
        for step in product.routing:
            if step.skill is None:
                continue
            for machine_id in step.cycle_s:
                for shift_id in plant.line_of(machine_id).shift_ids or all_shifts:
                    assert any(
                        worker.is_qualified(step.skill) and shift_id in worker.shift_ids
                        for worker in plant.workers
                    ), (product.id, step.step, shift_id)


def test_the_demo_plant_round_trips_through_export() -> None:
    text = export_plant(demo_plant())
    assert load_plant(text) == demo_plant()
    assert export_plant(load_plant(text)) == text


def test_demo_orders_are_the_same_for_the_same_seed_and_differ_for_another() -> None:
    first = demo_work_orders(MONDAY, weeks=2, seed=7)
    assert first == demo_work_orders(MONDAY, weeks=2, seed=7)
    assert first != demo_work_orders(MONDAY, weeks=2, seed=8)


def test_demo_orders_are_open_numbered_and_due_inside_the_horizon() -> None:
    orders = demo_work_orders(MONDAY, weeks=3)
    end_at = MONDAY + timedelta(weeks=3)
    assert [order.id for order in orders] == [f"WO-{10001 + i}" for i in range(len(orders))]
    assert all(order.status is OrderStatus.PLANNED for order in orders)
    assert all(MONDAY < order.due_at <= end_at for order in orders)
    assert all(order.due_at > (order.release_at or MONDAY) for order in orders)
    assert 60 <= len(orders) / 3 <= 150, "small lots: every operation fits in one shift"
    assert Counter(order.priority > 1 for order in orders)[True] >= 5
    assert sum(order.material_available_at is not None for order in orders) >= 5
    assert len({order.product_id for order in orders}) == 10


@pytest.mark.parametrize("weeks", [1, 3, 5])
def test_demo_orders_load_the_busiest_machine_of_every_line_to_about_70_percent(
    weeks: int,
) -> None:
    plant = demo_plant()
    orders = demo_work_orders(MONDAY, weeks=weeks)
    load = machine_load(plant, orders, MONDAY, MONDAY + timedelta(weeks=weeks))
    assert 0.65 <= max(load.values()) <= 0.72
    for line in plant.lines:
        assert 0.60 <= max(load[machine.id] for machine in line.machines) <= 0.72, line.id


def test_non_pausable_demo_operations_fit_in_the_shortest_working_stretch() -> None:
    """The shortest stretch between breaks in the demo shifts is 2.5 h (01:30-04:00)."""
    plant = demo_plant()
    for order in demo_work_orders(MONDAY, weeks=3):
        for step in plant.product(order.product_id).routing:
            if not step.pausable:
                longest_s = order.quantity * max(step.cycle_s.values()) + step.setup_min * 60
                assert longest_s <= 2.5 * 3600, (order.id, step.step)


def test_demo_orders_need_an_aware_start_and_at_least_a_week() -> None:
    with pytest.raises(InputError, match="aware"):
        demo_work_orders(datetime(2026, 11, 23, 6, 0))
    with pytest.raises(InputError, match="weeks"):
        demo_work_orders(MONDAY, weeks=0)


def test_available_time_is_the_lines_shifts_minus_breaks() -> None:
    plant = load_plant(VALID_PLANT)  # L1 works the early shift only: 8 h - 45 min breaks
    monday = datetime(2026, 11, 22, 23, 0, tzinfo=UTC)  # Monday 00:00 in Berlin
    seconds = available_s(plant, monday, monday + timedelta(weeks=1))
    assert seconds["L1-SAW"] == pytest.approx(5 * (8 * 3600 - 45 * 60))


def test_order_work_shares_a_step_among_its_machines_by_their_speed() -> None:
    product = load_plant(VALID_PLANT).product("P-100")
    work = order_work_s(product, 100)
    assert work["L1-SAW"] == pytest.approx(100 * 12 + 10 * 60)
    shared_s = 100 / (1 / 95 + 1 / 110)
    assert work["L1-CNC1"] == pytest.approx(shared_s + 25 * 60 / 2)
    assert work["L1-CNC2"] == pytest.approx(work["L1-CNC1"])


def test_every_demo_operation_fits_in_one_shift_on_its_slowest_machine() -> None:
    """The scheduler staffs an operation with one worker from start to end (docs/scheduling.md)."""
    plant = demo_plant()
    for order in demo_work_orders(MONDAY, weeks=3):
        for step in plant.product(order.product_id).routing:
            longest_s = order.quantity * max(step.cycle_s.values()) + step.setup_min * 60
            assert longest_s <= 7 * 3600, (order.id, step.step)
