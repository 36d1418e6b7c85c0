"""Slots: cut at shift bounds and local midnights; summed, they give the answer exactly."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kpi_builders import EARLY, NIGHT, at, make_plant

from obeya.domain.calendars import Closure, Shift
from obeya.domain.errors import InputError
from obeya.domain.events import CountRecorded, MachineState, OrderAction, OrderMarked, StateChanged
from obeya.domain.plant import Plant
from obeya.kpi.oee import machine_series, oee_answer_from_series
from obeya.kpi.slot_answer import oee_answer_from_slots
from obeya.kpi.slots import SlotPlan, missing_spans, slot_matrix, slot_plan, stored_matrix

CLOSURE = Closure(at(9, 40), at(10, 50), "meeting")
PLANT = make_plant((EARLY, NIGHT), machine_ids=("M1", "M2"), closures=(CLOSURE,))
START = at(0)
REASONS = [None, "tool-breakage", "micro-stop", "changeover", "starved", "preventive-maintenance"]


def _answer_from_slots(
    plant: Plant, events: list[object], window: tuple[datetime, datetime], by: str
) -> dict[str, object]:
    """Every slot computed from the whole series, then summed (no storage involved)."""
    series = machine_series(plant, events, {"WO-1": "P-100"})
    categories = {reason.code: reason.category for reason in plant.reasons}
    plans: dict[tuple[str, ...], SlotPlan] = {}
    matrices = {}
    for machine in plant.machines:
        shift_ids = plant.line(machine.line_id).shift_ids
        plan = plans.setdefault(shift_ids, slot_plan(plant, shift_ids, *window))
        span = (0, len(plan.slots))
        matrices[machine.id] = slot_matrix(plant, plan, series.get(machine.id), categories, span)
    return oee_answer_from_slots(plant, "site", window, by, plans, matrices)


@st.composite
def event_streams(draw: st.DrawFn) -> list[object]:
    """States, counts and order marks of M1 and M2 over two days (and the hour before)."""
    events: list[object] = []
    for number in range(draw(st.integers(0, 40))):
        machine = draw(st.sampled_from(["M1", "M2"]))
        moment = START + timedelta(seconds=draw(st.integers(-3600, 2 * 86_400)))
        kind = draw(st.sampled_from(["state", "state", "count", "order"]))
        if kind == "state":
            state = draw(st.sampled_from(list(MachineState)))
            reason = draw(st.sampled_from(REASONS))
            events.append(StateChanged(f"e{number:03d}", moment, machine, state, reason))
        elif kind == "count":
            product = draw(st.sampled_from([None, "P-100", "P-200"]))
            good, scrap = draw(st.integers(0, 20)), draw(st.integers(0, 3))
            events.append(CountRecorded(f"e{number:03d}", moment, machine, good, scrap, 0, product))
        else:
            action = draw(st.sampled_from(list(OrderAction)))
            events.append(OrderMarked(f"e{number:03d}", moment, machine, "WO-1", action))
    return events


def test_slots_are_cut_at_every_shift_bound_and_local_midnight() -> None:
    plan = slot_plan(PLANT, (), START, START + timedelta(days=1))
    bounds = [(slot.start_at.hour, slot.end_at.hour) for slot in plan.slots]
    # Berlin is UTC+1 in November: early 05-13 UTC, night 21-05 UTC, midnight 23 UTC.
    assert bounds == [(0, 5), (5, 13), (13, 21), (21, 23), (23, 0)]
    assert [slot.shift_key for slot in plan.slots] == [
        "2026-11-22/night",
        "2026-11-23/early",
        None,
        "2026-11-23/night",
        "2026-11-23/night",
    ]
    assert [slot.day_key for slot in plan.slots][-2:] == ["2026-11-23", "2026-11-24"]
    assert [slot.aligned for slot in plan.slots] == [False, True, True, True, False]


def test_a_window_inside_one_slot_is_one_unaligned_slot() -> None:
    plan = slot_plan(PLANT, (), at(6), at(7))
    assert [(slot.start_at, slot.end_at, slot.aligned) for slot in plan.slots] == [
        (at(6), at(7), False)
    ]


def test_an_empty_window_has_no_slot() -> None:
    assert slot_plan(PLANT, (), at(6), at(6)).slots == ()


def test_overlapping_shifts_are_reported_so_the_caller_computes_without_slots() -> None:
    late = Shift("late", time(12), time(20), (0, 1, 2, 3, 4))
    plant = make_plant((EARLY, late))
    assert slot_plan(plant, (), START, START + timedelta(days=1)).overlapping
    assert not slot_plan(PLANT, (), START, START + timedelta(days=1)).overlapping


def test_missing_spans_are_the_runs_of_unknown_slots() -> None:
    assert missing_spans([True, False, False, True, False]) == [(1, 3), (4, 5)]
    assert missing_spans([]) == []
    assert missing_spans([True, True]) == []


def test_a_grouping_outside_the_contract_is_refused_naming_it() -> None:
    with pytest.raises(InputError, match="week"):
        oee_answer_from_slots(PLANT, "site", (START, at(6)), "week", {}, {})


@settings(max_examples=60, deadline=None)
@given(
    event_streams(),
    st.integers(-7200, 86_400),
    st.integers(60, 2 * 86_400),
    st.sampled_from(["none", "machine", "shift", "day"]),
)
def test_summed_slots_give_exactly_the_answer_from_events(
    events: list[object], offset_s: int, length_s: int, by: str
) -> None:
    """Aligned or not, any window and grouping: the same numbers, to the microsecond."""
    window = (START + timedelta(seconds=offset_s), START + timedelta(seconds=offset_s + length_s))
    series = machine_series(PLANT, events, {"WO-1": "P-100"})
    expected = oee_answer_from_series(PLANT, "site", *window, by, series)
    assert _answer_from_slots(PLANT, events, window, by) == expected


@settings(max_examples=30, deadline=None)
@given(event_streams(), st.integers(1, 6))
def test_slots_computed_in_two_runs_equal_slots_computed_in_one(
    events: list[object], cut: int
) -> None:
    """The split-window property, for runs of slots (what the ledger table relies on)."""
    plan = slot_plan(PLANT, (), START, START + timedelta(days=2))
    series = machine_series(PLANT, events, {"WO-1": "P-100"}).get("M1")
    categories = {reason.code: reason.category for reason in PLANT.reasons}
    whole = slot_matrix(PLANT, plan, series, categories, (0, len(plan.slots)))
    parts = [
        slot_matrix(PLANT, plan, series, categories, (0, cut)),
        slot_matrix(PLANT, plan, series, categories, (cut, len(plan.slots))),
    ]
    assert np.array_equal(np.concatenate(parts), whole)


def test_the_day_berlin_leaves_summer_time_sums_to_25_hours_of_slots() -> None:
    sunday = datetime(2026, 10, 24, 22, tzinfo=UTC)  # local midnight, UTC+2
    plan = slot_plan(PLANT, (), sunday, sunday + timedelta(days=2))
    day = [slot for slot in plan.slots if slot.day_key == "2026-10-25"]
    assert sum(slot.end_us - slot.start_us for slot in day) == 25 * 3600 * 1_000_000
    events: list[object] = [StateChanged("s1", sunday, "M1", MachineState.RUNNING)]
    window = (sunday, sunday + timedelta(days=2))
    series = machine_series(PLANT, events, {})
    expected = oee_answer_from_series(PLANT, "site", *window, "day", series)
    assert _answer_from_slots(PLANT, events, window, "day") == expected


def test_stored_rows_fill_only_aligned_slots_with_the_same_bounds() -> None:
    plan = slot_plan(PLANT, (), START, START + timedelta(days=1))
    first, second, third = plan.slots[0], plan.slots[1], plan.slots[2]
    stored = [
        (first.start_us, first.end_us, *range(17)),  # unaligned: cut by the window
        (second.start_us, second.end_us, *range(1, 18)),
        (third.start_us, third.end_us + 1, *range(2, 19)),  # other bounds: another plan
    ]
    matrix, found = stored_matrix(plan, stored)
    assert found.tolist() == [False, True, False, False, False]
    assert matrix[1].tolist() == list(range(1, 18))
    assert not matrix[[0, 2, 3, 4]].any()
