"""Property tests: random small plants and orders always give schedules the checker accepts.

Some orders are long (300-700 pieces of 10-120 s): longer than a shift, so their skilled
steps are handed over at shift change and the checker sees crews.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obeya.domain.calendars import Break, Calendar, Closure, Shift
from obeya.domain.equipment import Area, Line, Machine, Site
from obeya.domain.plant import Plant
from obeya.domain.products import Changeover, Product, RoutingStep
from obeya.domain.schedules import Schedule, SolveStatus
from obeya.domain.work_orders import WorkOrder
from obeya.domain.workers import Worker
from obeya.scheduling.plant import lns, reschedule, solve_plan, validate_plan
from obeya.scheduling.plant.build import problem_from_plant
from obeya.scheduling.plant.calendar_time import WorkingTime
from obeya.scheduling.plant.heuristic import dispatch
from obeya.scheduling.plant.solution import to_schedule
from obeya.scheduling.plant.validate import validate

from .conftest import MONDAY_6

SETTINGS = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
MACHINES = ("M1", "M2", "M3", "M4")


@st.composite
def plants_and_orders(draw: st.DrawFn) -> tuple[Plant, list[WorkOrder]]:
    early = Shift(
        "early",
        time(6),
        time(14),
        (0, 1, 2, 3, 4),
        (Break(time(10), draw(st.sampled_from([0, 20, 45]))),),
    )
    night = Shift("night", time(22), time(6), (0, 1, 2, 3, 6))
    closures: tuple[Closure, ...] = ()
    if draw(st.booleans()):
        start = MONDAY_6 + timedelta(hours=draw(st.integers(0, 30)))
        closures = (Closure(start, start + timedelta(hours=draw(st.integers(1, 20))), "shutdown"),)
    restricted = draw(st.sampled_from([(), ("early",), ("night",)]))
    lines = (
        Line("LA", "A", "X", tuple(Machine(m, m, "LA") for m in MACHINES[:2])),
        Line("LB", "B", "X", tuple(Machine(m, m, "LB") for m in MACHINES[2:]), restricted),
    )
    products = tuple(draw(_product(number)) for number in range(draw(st.integers(1, 3))))
    workers = tuple(
        Worker(
            f"W{number}",
            f"W{number}",
            tuple(draw(st.sets(st.sampled_from(["a", "b"]), max_size=2))),
            tuple(draw(st.sets(st.sampled_from(["early", "night"]), max_size=2))),
        )
        for number in range(draw(st.integers(0, 3)))
    )
    long_order: list[WorkOrder] = []
    if draw(st.booleans()):
        products, workers, long_order = _hand_over_case(draw, products, workers)
    plant = Plant(
        Site("s", "S", "Europe/Berlin"),
        Calendar((early, night), closures),
        (Area("X", "X", lines),),
        products=products,
        workers=workers,
        changeovers=(Changeover("f1", "f2", draw(st.integers(0, 40))), Changeover("f2", "f1", 15)),
    )
    orders = [
        WorkOrder(
            f"WO-{number}",
            draw(st.sampled_from([product.id for product in products] + ["P-none"])),
            draw(st.one_of(st.integers(1, 60), st.integers(300, 700))),
            MONDAY_6 + timedelta(hours=draw(st.integers(0, 60))),
            release_at=draw(st.one_of(st.none(), st.just(MONDAY_6 + timedelta(hours=3)))),
            priority=draw(st.integers(0, 3)),
        )
        for number in range(draw(st.integers(1, 7)))
    ]
    return plant, [*orders, *long_order]


def _hand_over_case(
    draw: st.DrawFn, products: tuple[Product, ...], workers: tuple[Worker, ...]
) -> tuple[tuple[Product, ...], tuple[Worker, ...], list[WorkOrder]]:
    """A step of 500-700 working minutes with skill `c` on the always-open line LA, and
    only an early and a night worker with that skill: longer than either shift, so it is
    always handed over (night 22:00-06:00 and early 06:00-10:00 are one stretch of 12 h
    for a step that cannot pause)."""
    step = RoutingStep(10, {"M1": 60.0, "M2": 60.0}, 0.0, "c", draw(st.booleans()))
    crew = (Worker("WE", "WE", ("c",), ("early",)), Worker("WN", "WN", ("c",), ("night",)))
    order = WorkOrder(
        "WO-long",
        "P-long",
        draw(st.integers(500, 700)),
        MONDAY_6 + timedelta(hours=draw(st.integers(10, 60))),
        priority=draw(st.integers(0, 3)),
    )
    return (*products, Product("P-long", "long", "f1", (step,))), (*workers, *crew), [order]


@st.composite
def _product(draw: st.DrawFn, number: int) -> Product:
    steps = []
    for position in range(draw(st.integers(1, 3))):
        machines = draw(st.sets(st.sampled_from(MACHINES), min_size=1, max_size=3))
        steps.append(
            RoutingStep(
                10 * (position + 1),
                {m: float(draw(st.integers(10, 120))) for m in sorted(machines)},
                float(draw(st.integers(0, 20))),
                draw(st.sampled_from([None, None, "a", "b"])),
                draw(st.booleans()),
            )
        )
    return Product(f"P{number}", "p", draw(st.sampled_from(["f1", "f2", None])), tuple(steps))


@SETTINGS
@given(plants_and_orders())
def test_dispatched_schedules_always_pass_the_checker(case: tuple[Plant, list[WorkOrder]]) -> None:
    plant, orders = case
    problem = problem_from_plant(plant, orders, MONDAY_6)
    schedule = to_schedule(problem, dispatch(problem), SolveStatus.FEASIBLE)
    assert validate(problem, schedule) == []
    _every_order_is_accounted_for(schedule, orders)


@SETTINGS
@given(plants_and_orders())
def test_solver_schedules_always_pass_the_checker(
    case: tuple[Plant, list[WorkOrder]],
) -> None:
    plant, orders = case
    schedule = solve_plan(plant, orders, MONDAY_6, time_limit_s=1, seed=2, max_rounds=1)
    assert validate_plan(plant, orders, MONDAY_6, schedule) == []
    _every_order_is_accounted_for(schedule, orders)


@SETTINGS
@given(plants_and_orders())
def test_lns_neighbourhood_schedules_always_pass_the_checker(
    case: tuple[Plant, list[WorkOrder]],
) -> None:
    plant, orders = case
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lns, "WHOLE_LIMIT", 2)
        schedule = solve_plan(plant, orders, MONDAY_6, time_limit_s=2, seed=5, max_rounds=3)
    assert validate_plan(plant, orders, MONDAY_6, schedule) == []


def _every_order_is_accounted_for(schedule: Schedule, orders: list[WorkOrder]) -> None:
    placed = {op.order_id for op in schedule.operations}
    missing = {item.order_id for item in schedule.unscheduled}
    assert placed | missing == {order.id for order in orders}
    assert not placed & missing


@settings(max_examples=200, derandomize=True)
@given(
    st.lists(st.tuples(st.integers(0, 500), st.integers(1, 60)), max_size=8),
    st.integers(0, 600),
    st.integers(1, 120),
)
def test_a_pausable_operation_gets_exactly_its_working_minutes(
    pieces: list[tuple[int, int]], start: int, duration: int
) -> None:
    working = WorkingTime(tuple((begin, begin + length) for begin, length in pieces))
    span = working.finish(start, duration)
    if span is None:
        assert working.working_between(start, 10**6) < duration
        return
    assert span[0] >= start
    assert working.working_between(*span) == duration
    assert working.covers(span[0], span[0] + 1) and working.covers(span[1] - 1, span[1])
    fitted = working.fit(start, duration)
    if fitted is not None:
        assert working.inside_one_stretch(*fitted) and fitted[1] - fitted[0] == duration


@st.composite
def disruption_strings(draw: st.DrawFn, orders: list[WorkOrder]) -> str:
    at = MONDAY_6 + timedelta(minutes=draw(st.integers(0, 600)))
    stamp = at.strftime("%Y-%m-%dT%H:%M:%SZ")
    order = draw(st.sampled_from(orders)).id
    machine = draw(st.sampled_from(MACHINES))
    return draw(
        st.sampled_from(
            [
                f"machine-down:{machine}@{stamp}+{draw(st.integers(1, 9))}h",
                f"machine-down:{machine}@{stamp}",
                f"rush-order:{order}",
                f"material-late:{order}@{stamp}",
                f"operation-long:{order}/10+{draw(st.integers(1, 90))}m",
            ]
        )
    )


@SETTINGS
@given(plants_and_orders(), st.data())
def test_rescheduled_plans_always_pass_the_checker(
    case: tuple[Plant, list[WorkOrder]], data: st.DataObject
) -> None:
    plant, orders = case
    base = solve_plan(plant, orders, MONDAY_6, time_limit_s=1, seed=2, max_rounds=1)
    event = data.draw(disruption_strings(orders))
    now = MONDAY_6 + timedelta(minutes=data.draw(st.integers(0, 300)))
    frozen = float(data.draw(st.sampled_from([0, 2])))
    restart = data.draw(st.booleans())
    new = reschedule(
        plant,
        orders,
        now,
        base,
        event,
        time_limit_s=1,
        seed=3,
        max_rounds=1,
        frozen_hours=frozen,
        restart_interrupted=restart,
    )
    errors = validate_plan(
        plant, orders, now, new, previous=base, frozen_hours=frozen, restart_interrupted=restart
    )
    assert errors == []
    _every_order_is_accounted_for(new, orders)
