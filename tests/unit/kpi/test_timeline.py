"""Folding state events into intervals: order, reasons, duplicates, re-folding a range."""

from __future__ import annotations

import random
from datetime import datetime

import pytest
from kpi_builders import Events, at

from obeya.domain.errors import InputError
from obeya.domain.events import MachineState
from obeya.kpi.timeline import StateInterval, affected_range, fold_intervals


def simple_day() -> tuple[Events, list[object]]:
    """M1: running 06:00, down 07:00 (no reason), running 08:00."""
    make = Events()
    return make, [
        make.state(at(6), "running"),
        make.state(at(7), "down"),
        make.state(at(8), "running"),
    ]


def test_state_events_give_intervals_from_each_event_to_the_next() -> None:
    """The last interval stays open until the window end."""
    _, events = simple_day()
    intervals = fold_intervals(events, at(6), at(10))["M1"]
    assert intervals == [
        StateInterval("M1", at(6), at(7), MachineState.RUNNING, None),
        StateInterval("M1", at(7), at(8), MachineState.DOWN, None),
        StateInterval("M1", at(8), at(10), MachineState.RUNNING, None),
    ]


def test_now_closes_the_last_interval_before_the_window_end() -> None:
    """With now = 09:00 the open interval ends at 09:00, not at the window end."""
    _, events = simple_day()
    intervals = fold_intervals(events, at(6), at(12), now=at(9))["M1"]
    assert intervals[-1].end_at == at(9)


def test_the_latest_reason_assignment_wins_and_ties_go_to_the_larger_id() -> None:
    """Assignments at 09:00 (breakdown), 10:00 (changeover, id b) and 10:00 (starved,
    id a): the latest by time then id is `changeover`."""
    make, events = simple_day()
    events += [
        make.assign(at(9), at(7), "breakdown"),
        make.assign(at(10), at(7), "changeover", event_id="b"),
        make.assign(at(10), at(7), "starved", event_id="a"),
    ]
    intervals = fold_intervals(events, at(6), at(10))["M1"]
    assert intervals[1].reason == "changeover"


def test_an_assignment_for_another_instant_or_machine_changes_nothing() -> None:
    """stop_at must equal the state event's time, and the machine must match."""
    make, events = simple_day()
    other = Events("M2")
    events += [make.assign(at(9), at(7, 1), "breakdown"), other.assign(at(9), at(7), "x")]
    assert fold_intervals(events, at(6), at(10))["M1"][1].reason is None


def test_shuffled_and_duplicated_events_fold_to_the_same_intervals() -> None:
    """Seeded shuffles of the events, each passed twice, give the same intervals."""
    make, events = simple_day()
    events.append(make.assign(at(9), at(7), "breakdown"))
    expected = fold_intervals(events, at(6), at(10))
    generator = random.Random(7)
    for _ in range(5):
        shuffled = events * 2
        generator.shuffle(shuffled)
        assert fold_intervals(shuffled, at(6), at(10)) == expected


def test_two_states_at_the_same_instant_keep_the_later_id() -> None:
    """Events at the same time sort by id; the zero-length interval is dropped."""
    make = Events()
    events = [make.state(at(6), "idle"), make.state(at(6), "running")]
    intervals = fold_intervals(events, at(6), at(7))["M1"]
    assert [interval.state for interval in intervals] == [MachineState.RUNNING]


def test_re_folding_the_affected_range_matches_a_full_fold() -> None:
    """A late `setup` at 07:30 re-folds only 07:00-08:00; the rest stays as it was."""
    make, events = simple_day()
    before = fold_intervals(events, at(6), at(10))["M1"]
    late = make.state(at(7, 30), "setup")
    stored = sorted(event.at for event in events)  # type: ignore[attr-defined]
    start, end = affected_range(stored, late.at)
    assert (start, end) == (at(7), at(8))
    assert start is not None and end is not None
    patch = fold_intervals([*events, late], start, end)["M1"]
    untouched = [item for item in before if item.end_at <= start or item.start_at >= end]
    full = fold_intervals([*events, late], at(6), at(10))["M1"]
    assert sorted(untouched + patch, key=lambda item: item.start_at) == full


@pytest.mark.parametrize(
    ("start_at", "end_at", "message"),
    [
        (at(8), at(6), "to .* must be after from"),
        (datetime(2026, 11, 23, 6), at(8), "from .* has no UTC offset"),
    ],
)
def test_a_naive_or_empty_window_is_refused_naming_the_bound(
    start_at: datetime, end_at: datetime, message: str
) -> None:
    """InputError names `from` or `to`."""
    with pytest.raises(InputError, match=message):
        fold_intervals([], start_at, end_at)
