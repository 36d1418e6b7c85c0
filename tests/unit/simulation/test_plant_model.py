"""The plant simulator: contract events, in time order, inside shifts, reproducible."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from itertools import islice

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from obeya.domain.calendars import planned_time, subtract
from obeya.domain.events import (
    CountRecorded,
    MachineState,
    OrderAction,
    OrderMarked,
    ShopFloorEvent,
    StateChanged,
)
from obeya.domain.plant import Plant
from obeya.domain.work_orders import WorkOrder
from obeya.simulation.event_json import event_to_json
from obeya.simulation.plant_model import live_events, simulate_plant

from .plants import small_plant

MONDAY = datetime(2026, 11, 23, 5, tzinfo=UTC)  # 06:00 in Berlin, the early shift starts


@pytest.fixture(scope="module")
def plant() -> Plant:
    return small_plant()


@pytest.fixture(scope="module")
def two_weeks(plant: Plant) -> list[ShopFloorEvent]:
    return list(simulate_plant(plant, MONDAY, MONDAY + timedelta(days=14), seed=1))


def test_every_event_is_valid_contract_json_that_ingestion_parses_back(
    two_weeks: list[ShopFloorEvent],
) -> None:
    payload = pytest.importorskip("obeya.ingest.payload")
    later = datetime(2030, 1, 1, tzinfo=UTC)
    for event in two_weeks:
        assert payload.parse_event(event_to_json(event), now=later) == event


def test_events_come_in_time_order_with_increasing_ids_made_of_their_second(
    two_weeks: list[ShopFloorEvent],
) -> None:
    times = [event.at for event in two_weeks]
    assert times == sorted(times)
    numbers: dict[str, list[int]] = defaultdict(list)
    for event in two_weeks:
        match = re.fullmatch(r"sim-(.+)-(\d+)", event.event_id)
        assert match is not None and match.group(1) == event.machine_id
        number = int(match.group(2))
        assert number // 1000 == int(event.at.timestamp())
        numbers[event.machine_id].append(number)
    assert all(found == sorted(set(found)) for found in numbers.values())


def test_a_history_and_the_live_stream_after_it_share_no_event_id(plant: Plant) -> None:
    """The demo writes history up to now, then feeds live events from now (same seed)."""
    now = MONDAY + timedelta(days=1, hours=3, minutes=7, seconds=12, microseconds=400)
    history = list(simulate_plant(plant, MONDAY, now, seed=1))
    live = list(islice(live_events(plant, now, seed=1), 3000))
    assert history and live
    assert all(event.at < now for event in history)
    assert all(event.at >= now for event in live)
    assert not {e.event_id for e in history} & {e.event_id for e in live}


def test_overlapping_windows_tell_the_same_story_on_their_overlap(plant: Plant) -> None:
    """The demo may write history again a day later: the overlap must not change."""
    later = MONDAY + timedelta(days=3, hours=5, minutes=3)
    end = MONDAY + timedelta(days=9)
    long_run = [e for e in simulate_plant(plant, MONDAY, end, seed=7) if e.at >= later]
    short_run = list(simulate_plant(plant, later, end, seed=7))
    repeated = [e for e in short_run if e.event_id.endswith("999")]
    assert repeated and all(e.at == later for e in repeated)  # the state in effect at the start
    assert [e for e in short_run if e not in repeated] == long_run


def test_a_rerun_of_the_same_window_repeats_the_same_ids(plant: Plant) -> None:
    end = MONDAY + timedelta(hours=20)
    first = [e.event_id for e in simulate_plant(plant, MONDAY, end, seed=4)]
    assert first == [e.event_id for e in simulate_plant(plant, MONDAY, end, seed=4)]
    assert len(set(first)) == len(first)


def test_states_change_one_at_a_time_and_counts_are_never_negative(
    two_weeks: list[ShopFloorEvent],
) -> None:
    last: dict[str, tuple[MachineState, str | None]] = {}
    for event in two_weeks:
        if isinstance(event, StateChanged):
            assert last.get(event.machine_id) != (event.state, event.reason)
            last[event.machine_id] = (event.state, event.reason)
        elif isinstance(event, CountRecorded):
            assert min(event.good_count, event.scrap_count, event.rework_count) >= 0
            assert event.good_count + event.scrap_count + event.rework_count > 0


def _working_time(plant: Plant, machine_id: str, end: datetime) -> list[tuple[datetime, datetime]]:
    line = plant.line_of(machine_id)
    planned = planned_time(plant.calendar, plant.site.timezone, MONDAY, end, line.shift_ids)
    return subtract(planned.operation, planned.breaks)


def _inside(moment: datetime, intervals: list[tuple[datetime, datetime]]) -> bool:
    return any(start <= moment < end for start, end in intervals)


def test_machines_produce_and_stop_only_inside_their_shifts_outside_breaks(
    plant: Plant, two_weeks: list[ShopFloorEvent]
) -> None:
    end = MONDAY + timedelta(days=14)
    working = {machine.id: _working_time(plant, machine.id, end) for machine in plant.machines}
    for event in two_weeks:
        if isinstance(event, StateChanged) and event.state == MachineState.PLANNED_STOP:
            assert not _inside(event.at, working[event.machine_id]) or event.at == MONDAY
        else:
            assert _inside(event.at, working[event.machine_id]), event


def test_the_early_shift_only_line_is_planned_stopped_at_night(
    two_weeks: list[ShopFloorEvent],
) -> None:
    night = [e for e in two_weeks if e.machine_id == "L2-ASM" and e.at.hour in (23, 0, 1, 2)]
    assert night == []
    cnc = [e for e in two_weeks if e.machine_id == "L1-CNC1" and e.at.hour in (23, 0, 1, 2)]
    assert cnc  # the two-shift line works nights


def test_breakdowns_use_the_reason_tree_and_some_are_left_unexplained(
    two_weeks: list[ShopFloorEvent],
) -> None:
    down = [e for e in two_weeks if isinstance(e, StateChanged) and e.state == MachineState.DOWN]
    reasons = {event.reason for event in down}
    assert {"spindle", "tool-breakage", "jam", None} <= reasons
    assert reasons <= {"spindle", "tool-breakage", "jam", None}


def test_a_product_change_starts_with_a_changeover_setup(two_weeks: list[ShopFloorEvent]) -> None:
    product: dict[str, str | None] = {}
    state: dict[str, StateChanged] = {}
    changes = 0
    for event in two_weeks:
        if isinstance(event, StateChanged):
            state[event.machine_id] = event
        elif isinstance(event, CountRecorded):
            before = product.get(event.machine_id)
            if before is not None and before != event.product_id:
                changes += 1
                assert state[event.machine_id].state == MachineState.RUNNING
            product[event.machine_id] = event.product_id
    setups = [e for e in two_weeks if isinstance(e, StateChanged) and e.state == MachineState.SETUP]
    assert changes > 0 and len(setups) >= changes
    assert {event.reason for event in setups} == {"changeover"}


def test_counts_follow_the_ideal_cycle_time_at_a_realistic_speed(
    plant: Plant, two_weeks: list[ShopFloorEvent]
) -> None:
    """Ideal time of the counted units / running time is the effectiveness: 0.75-0.97."""
    running: dict[str, float] = defaultdict(float)
    ideal: dict[str, float] = defaultdict(float)
    since: dict[str, datetime] = {}
    for event in two_weeks:
        if isinstance(event, StateChanged):
            if event.machine_id in since:
                running[event.machine_id] += (
                    event.at - since.pop(event.machine_id)
                ).total_seconds()
            if event.state == MachineState.RUNNING:
                since[event.machine_id] = event.at
        elif isinstance(event, CountRecorded) and event.product_id is not None:
            step = next(
                s for s in plant.product(event.product_id).routing if event.machine_id in s.cycle_s
            )
            units = event.good_count + event.scrap_count + event.rework_count
            ideal[event.machine_id] += units * step.cycle_s[event.machine_id]
    for machine_id, seconds in running.items():
        assert 0.75 < ideal[machine_id] / seconds < 0.97, machine_id


def test_orders_start_and_stop_on_their_machines_and_make_their_quantity(plant: Plant) -> None:
    orders = [
        WorkOrder(
            f"WO-{i}", ("P-100", "P-200", "G-1")[i % 3], 30 + 7 * i, MONDAY + timedelta(days=i)
        )
        for i in range(6)
    ]
    events = list(simulate_plant(plant, MONDAY, MONDAY + timedelta(days=10), seed=3, orders=orders))
    made: dict[tuple[str, str], int] = defaultdict(int)
    running_order: dict[str, str] = {}
    for event in events:
        if isinstance(event, OrderMarked):
            if event.action == OrderAction.START:
                assert event.machine_id not in running_order
                running_order[event.machine_id] = event.order_id
            else:
                assert running_order.pop(event.machine_id) == event.order_id
        elif isinstance(event, CountRecorded):
            order_id = running_order[event.machine_id]
            made[(order_id, event.machine_id)] += (
                event.good_count + event.scrap_count + event.rework_count
            )
    quantity = {order.id: order.quantity for order in orders}
    assert made and all(total == quantity[order_id] for (order_id, _), total in made.items())
    idle = [e for e in events if isinstance(e, StateChanged) and e.reason == "no-order"]
    assert idle  # machines with no order left wait, with the reason no-order


def test_the_same_seed_repeats_the_story_and_another_seed_changes_it(plant: Plant) -> None:
    end = MONDAY + timedelta(days=2)
    first = list(simulate_plant(plant, MONDAY, end, seed=5))
    assert first == list(simulate_plant(plant, MONDAY, end, seed=5))
    assert first != list(simulate_plant(plant, MONDAY, end, seed=6))


def test_live_events_continue_exactly_like_a_finite_simulation(
    plant: Plant, two_weeks: list[ShopFloorEvent]
) -> None:
    assert list(islice(live_events(plant, MONDAY, seed=1), 2000)) == two_weeks[:2000]


def test_live_events_run_past_a_year_without_end(plant: Plant) -> None:
    stream = live_events(plant, MONDAY, seed=2)
    *_, last = islice(stream, 200_000)
    assert last.at > MONDAY + timedelta(days=100)


@settings(max_examples=10, deadline=None)
@given(
    seed=st.integers(0, 2**31),
    offset_h=st.integers(0, 24 * 7),
    length_h=st.integers(1, 60),
)
def test_any_window_gives_ordered_non_negative_events_inside_it(
    seed: int, offset_h: int, length_h: int
) -> None:
    plant = small_plant()
    start = MONDAY + timedelta(hours=offset_h, minutes=17)
    end = start + timedelta(hours=length_h)
    events = list(simulate_plant(plant, start, end, seed=seed))
    assert all(start <= event.at < end for event in events)
    assert [e.at for e in events] == sorted(e.at for e in events)
    counts = [e for e in events if isinstance(e, CountRecorded)]
    assert all(min(e.good_count, e.scrap_count, e.rework_count) >= 0 for e in counts)
