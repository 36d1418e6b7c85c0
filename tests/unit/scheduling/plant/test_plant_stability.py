"""Rescheduling keeps the plan stable: untouched operations stay, disturbances cost."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from obeya.domain.schedules import Schedule
from obeya.domain.work_orders import WorkOrder
from obeya.scheduling.plant import reschedule, validate_plan
from obeya.scheduling.plant.build import BuildOptions, problem_from_plant
from obeya.scheduling.plant.heuristic import Placed
from obeya.scheduling.plant.problem import KEEP_MIN, ObjectiveWeights, Placement, Problem
from obeya.scheduling.plant.push import pull_late_orders
from obeya.scheduling.plant.repair import keep_and_insert_anchored
from obeya.scheduling.plant.score import score
from obeya.scheduling.plant.solve import parse_all

from .conftest import MONDAY_6, make_orders, make_plant
from .test_plant_reschedule import LATER, solve, stamp

PLANT = make_plant()
ORDERS = make_orders(10, due_hours=10.0)


@pytest.fixture(scope="module")
def base() -> Schedule:
    """A first plan of ten orders, some late, on the two-line plant."""
    return solve(PLANT, ORDERS)


def down_event(base: Schedule, hours: int = 4, offset_h: float = 0.0) -> str:
    """A breakdown of the machine of the first operation starting after LATER."""
    busy = next(op for op in base.operations if op.start_at >= LATER)
    return f"machine-down:{busy.machine_id}@{stamp(LATER + timedelta(hours=offset_h))}+{hours}h"


def anchored_problem(base: Schedule, event: str, weights: ObjectiveWeights) -> Problem:
    options = BuildOptions(base, weights=weights)
    problem = problem_from_plant(PLANT, ORDERS, LATER, parse_all([event]), options)
    _, untouched = keep_and_insert_anchored(problem)
    return replace(problem, anchored=untouched)


def test_moving_an_untouched_operation_more_than_15_minutes_counts_as_one_disturbance(
    base: Schedule,
) -> None:
    problem = anchored_problem(base, down_event(base), ObjectiveWeights())
    kept, _ = keep_and_insert_anchored(problem)
    index = min(problem.anchored)
    old = kept.placements[index]
    near = {**kept.placements, index: replace(old, start=old.start + KEEP_MIN)}
    far = {**kept.placements, index: replace(old, start=old.start + KEEP_MIN + 1)}
    elsewhere = {**kept.placements, index: Placement("elsewhere", old.start, old.end)}
    assert score(problem, kept.placements).disturbed_count == 0
    assert score(problem, near).disturbed_count == 0
    assert score(problem, far).disturbed_count == 1
    assert score(problem, elsewhere).disturbed_count == 1
    difference = score(problem, far).combined - score(problem, near).combined
    assert difference == problem.weights.disturbance + problem.weights.start_move


def test_a_negative_disturbance_weight_is_rejected_naming_the_weight() -> None:
    with pytest.raises(ValueError, match="disturbance"):
        ObjectiveWeights(disturbance=-1)


def test_keep_and_insert_keeps_every_untouched_operation_on_its_machine_within_15_minutes(
    base: Schedule,
) -> None:
    problem = anchored_problem(base, down_event(base), ObjectiveWeights())
    kept, untouched = keep_and_insert_anchored(problem)
    assert untouched
    for index in untouched:
        operation = problem.operations[index]
        old = problem.previous[(operation.order_id, operation.step)]
        new = kept.placements[index]
        assert new.machine_id == old.machine_id
        assert abs(new.start - old.start) <= KEEP_MIN


def test_operations_on_the_broken_machine_inside_the_down_window_are_never_untouched(
    base: Schedule,
) -> None:
    event = down_event(base)
    problem = anchored_problem(base, event, ObjectiveWeights())
    broken = event.split(":")[1].split("@")[0]
    down = problem.machines[broken].down
    for index in problem.anchored:
        operation = problem.operations[index]
        old = problem.previous[(operation.order_id, operation.step)]
        if old.machine_id == broken:
            assert all(old.end <= start or old.start >= end for start, end in down)


def test_pulling_late_orders_forward_never_worsens_the_combined_objective(
    base: Schedule,
) -> None:
    problem = anchored_problem(base, down_event(base, hours=8), ObjectiveWeights(disturbance=50))
    kept, _ = keep_and_insert_anchored(problem)
    pulled, figures = pull_late_orders(problem, kept, deadline=time.monotonic() + 30)
    assert figures.combined <= score(problem, kept.placements).combined
    assert figures == score(problem, pulled.placements)
    assert not pulled.failed.keys() - kept.failed.keys()


def test_a_huge_disturbance_weight_keeps_every_untouched_operation_after_improvement(
    base: Schedule,
) -> None:
    event = down_event(base)
    weights = ObjectiveWeights(disturbance=10**7)
    problem = anchored_problem(base, event, weights)
    new = reschedule(
        PLANT, ORDERS, LATER, base, event, time_limit_s=5, seed=1, max_rounds=2, weights=weights
    )
    assert validate_plan(PLANT, ORDERS, LATER, new, previous=base) == []
    for index in problem.anchored:
        operation = problem.operations[index]
        old = base.operation(operation.order_id, operation.step)
        after = new.operation(operation.order_id, operation.step)
        assert old is not None and after is not None
        assert after.machine_id == old.machine_id
        assert abs((after.start_at - old.start_at).total_seconds()) <= KEEP_MIN * 60


def test_rescheduling_is_repeatable_for_a_seed_and_max_rounds(base: Schedule) -> None:
    event = down_event(base, hours=8)

    def run() -> list[tuple[str, int, str, str]]:
        new = reschedule(PLANT, ORDERS, LATER, base, event, time_limit_s=20, seed=3, max_rounds=2)
        return [(op.order_id, op.step, op.machine_id, str(op.start_at)) for op in new.operations]

    assert run() == run()


@settings(max_examples=8, deadline=None)
@given(hours=st.integers(1, 12), offset_h=st.sampled_from([0.0, 1.5, 3.0]))
def test_any_breakdown_is_repaired_feasibly_and_keeps_the_untouched_operations_in_keep_mode(
    base: Schedule, hours: int, offset_h: float
) -> None:
    event = down_event(base, hours, offset_h)
    new = reschedule(PLANT, ORDERS, LATER, base, event, time_limit_s=0, seed=1)
    assert validate_plan(PLANT, ORDERS, LATER, new, previous=base) == []
    problem = anchored_problem(base, event, ObjectiveWeights())
    kept, untouched = keep_and_insert_anchored(problem)
    for index in untouched:
        assert kept.placements[index].machine_id == problem.previous_machine(
            problem.operations[index]
        )


def test_a_late_disturbed_order_is_pulled_forward_when_that_costs_less_than_its_lateness() -> None:
    orders = [
        WorkOrder(
            f"WO-{n}",
            "P-100",
            10 + 3 * n,
            MONDAY_6 + timedelta(hours=6 + 2 * n),
            priority=1 + n % 3,
        )
        for n in range(10)
    ]
    base = solve(PLANT, orders)
    event = f"machine-down:L1-CNC1@{stamp(LATER)}+6h"
    options = BuildOptions(base, weights=ObjectiveWeights(disturbance=100))
    problem = problem_from_plant(PLANT, orders, LATER, parse_all([event]), options)
    kept, untouched = keep_and_insert_anchored(problem)
    problem = replace(problem, anchored=untouched)
    before = score(problem, kept.placements)
    _, after = pull_late_orders(problem, kept, deadline=time.monotonic() + 30, max_moves=200)
    assert before.weighted_tardiness_min > 0
    assert after.weighted_tardiness_min < before.weighted_tardiness_min
    assert after.combined < before.combined


def test_an_untouched_operation_pushed_away_is_put_back_by_the_restore_pass(
    base: Schedule,
) -> None:
    problem = anchored_problem(base, down_event(base), ObjectiveWeights())
    kept, _ = keep_and_insert_anchored(problem)
    last_on_machine: dict[str, int] = {}
    for index, placement in sorted(kept.placements.items(), key=lambda item: item[1].start):
        last_on_machine[placement.machine_id] = index
    has_successor = {op.predecessor for op in problem.operations if op.predecessor is not None}
    index = next(
        i
        for i in sorted(last_on_machine.values())
        if i in problem.anchored and i not in has_successor
    )
    old = kept.placements[index]
    later = problem.machines[old.machine_id].working.finish(old.end + 120, 0)
    assert later is not None
    duration = problem.operations[index].durations[old.machine_id]
    pausable = problem.operations[index].pausable
    span = problem.machines[old.machine_id].working.place(later[0], duration, pausable)
    assert span is not None
    pushed = Placed({**kept.placements, index: replace(old, start=span[0], end=span[1])}, {})
    assert score(problem, pushed.placements).disturbed_count == 1
    restored, figures = pull_late_orders(problem, pushed, deadline=time.monotonic() + 30)
    assert figures.disturbed_count == 0
    assert restored.placements[index].machine_id == old.machine_id
    assert abs(restored.placements[index].start - old.start) <= KEEP_MIN
