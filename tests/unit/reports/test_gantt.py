"""The HTML Gantt: one bar per operation in each view, late orders marked, text escaped."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from obeya.domain.schedules import (
    CrewPiece,
    LateOrder,
    Schedule,
    ScheduledOperation,
    Unscheduled,
)
from obeya.reports.gantt import render_gantt_html

START = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def operation(order: str, step: int, machine: str, hours: float) -> ScheduledOperation:
    start = START + timedelta(hours=hours)
    return ScheduledOperation(order, step, machine, start, start + timedelta(minutes=45), "W001")


def small_schedule() -> Schedule:
    return Schedule(
        "S-1",
        START,
        (
            operation("WO-1", 10, "L1-SAW", 0),
            operation("WO-1", 20, "L1-CNC1", 1),
            operation("WO-<b>", 10, "L1-SAW", 1),
        ),
        late_orders=(
            LateOrder("WO-1", START, START + timedelta(hours=2), 105, ("machine L1-CNC1 down",)),
        ),
        unscheduled=(Unscheduled("WO-9", "no eligible machine for step 20"),),
    )


def test_each_view_has_one_bar_per_operation() -> None:
    html = render_gantt_html(small_schedule(), "Demo Works")
    assert html.count('<rect class="bar') == 2 * 3
    assert html.count("<title>") == 1 + 2 * 3
    assert "By machine" in html and "By order" in html


def test_late_orders_are_marked_by_colour_and_by_text() -> None:
    html = render_gantt_html(small_schedule(), "Demo Works")
    assert html.count('class="bar late"') == 2 * 2
    assert "WO-1 late" in html
    assert "WO-1 (late)" in html and "machine L1-CNC1 down" in html
    assert "(LATE ORDER)" in html


def test_all_text_is_escaped_and_nothing_is_fetched_from_the_network() -> None:
    html = render_gantt_html(small_schedule(), "<script>alert(1)</script>")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "WO-&lt;b&gt;" in html and "WO-<b>" not in html
    assert not re.search(r"(src|href)=\"https?:", html)
    assert "no eligible machine for step 20" in html


def test_an_empty_schedule_still_renders() -> None:
    html = render_gantt_html(Schedule("S-0", START, ()), "Demo")
    assert "<rect" not in html and "None." in html


def test_a_solved_plant_schedule_renders_a_bar_per_operation_in_each_view() -> None:
    from tests.unit.scheduling.plant.conftest import MONDAY_6, make_plant

    from obeya.domain.products import Product, RoutingStep
    from obeya.domain.work_orders import WorkOrder
    from obeya.scheduling.plant import solve_plan

    turned = Product("P-6", "Turned", None, (RoutingStep(10, {"L1-CNC1": 60}, 0),))
    plant = make_plant(products=(turned,))
    orders = [WorkOrder(f"WO-{n}", "P-6", 60, MONDAY_6 + timedelta(hours=1)) for n in range(3)]
    schedule = solve_plan(plant, orders, MONDAY_6, time_limit_s=1, max_rounds=1)
    html = render_gantt_html(schedule, plant.site.name)
    assert html.count('<rect class="bar') == 2 * len(schedule.operations) == 6
    late = {item.order_id for item in schedule.late_orders}
    assert late and html.count('class="bar late"') == 2 * len(late)


def test_a_hand_over_shows_who_works_when() -> None:
    start = START + timedelta(hours=1)
    crew = (
        CrewPiece("W001", start, START + timedelta(hours=8)),
        CrewPiece("W002", START + timedelta(hours=8), START + timedelta(hours=10.5)),
    )
    handed = replace(operation("WO-1", 20, "L1-CNC1", 1), end_at=crew[-1].end_at, crew=crew)
    html = render_gantt_html(Schedule("S-2", START, (handed,)), "Demo")
    assert "hand-over W001 07:00-14:00, W002 14:00-16:30" in html
    assert "worker W001" not in html
