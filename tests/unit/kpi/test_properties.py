"""Invariants of the ledger, checked on random event streams (hypothesis)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from kpi_builders import EARLY, NIGHT, at, make_plant

from obeya.domain.events import (
    CountRecorded,
    MachineState,
    OrderAction,
    OrderMarked,
    StateChanged,
    StopReasonAssigned,
)
from obeya.kpi.oee import oee_answer

PLANT = make_plant((EARLY, NIGHT), machine_ids=("M1", "M2"))
DAY_S = 86_400
START = at(0)
END = START + timedelta(seconds=DAY_S)
REASONS = [None, "tool-breakage", "micro-stop", "changeover", "starved", "preventive-maintenance"]
SUMMED = [
    "pot_s", "pdot_s", "pbt_s", "apt_s", "aust_s", "adet_s", "adot_s", "unknown_s",
    "outside_pot_s", "outside_pot_running_s", "pq", "gq", "sq", "rq", "outside_pot_pq",
    "pri_pq_s", "unknown_pri_pq",
]  # fmt: skip


@st.composite
def event_streams(draw: st.DrawFn) -> list[object]:
    """States, counts, order marks and reason assignments of M1 and M2 over one day."""
    events: list[object] = []
    for number in range(draw(st.integers(0, 40))):
        machine = draw(st.sampled_from(["M1", "M2"]))
        moment = START + timedelta(seconds=draw(st.integers(-3600, DAY_S)))
        kind = draw(st.sampled_from(["state", "state", "count", "order", "assign"]))
        event_id = f"e{number:03d}"
        if kind == "state":
            state = draw(st.sampled_from(list(MachineState)))
            events.append(
                StateChanged(event_id, moment, machine, state, draw(st.sampled_from(REASONS)))
            )
        elif kind == "count":
            good, scrap, rework = (draw(st.integers(0, 20)) for _ in range(3))
            product = draw(st.sampled_from([None, "P-100", "P-200"]))
            events.append(CountRecorded(event_id, moment, machine, good, scrap, rework, product))
        elif kind == "order":
            action = draw(st.sampled_from(list(OrderAction)))
            events.append(OrderMarked(event_id, moment, machine, "WO-1", action))
        else:
            stop_at = draw(st.sampled_from([e.at for e in events] or [moment]))  # type: ignore[attr-defined]
            reason = draw(st.sampled_from(REASONS[1:]))
            events.append(StopReasonAssigned(event_id, moment, machine, stop_at, reason))
    return events


def totals(events: list[object], start_at: datetime, end_at: datetime) -> dict[str, object]:
    """The site's total row over the window."""
    answer = oee_answer(PLANT, "site", start_at, end_at, "none", events, {"WO-1": "P-100"})
    total = answer["total"]
    assert isinstance(total, dict)
    return total


@settings(max_examples=60, deadline=None)
@given(event_streams())
def test_the_ledger_always_sums_to_planned_busy_time(events: list[object]) -> None:
    """APT + AUST + ADET + ADOT + unknown = PBT = POT − PDOT; POT + outside = window."""
    row = totals(events, START, END)
    parts = sum(row[name] for name in ("apt_s", "aust_s", "adet_s", "adot_s", "unknown_s"))  # type: ignore[misc]
    assert parts == row["pbt_s"] == row["pot_s"] - row["pdot_s"]  # type: ignore[operator]
    assert row["pot_s"] + row["outside_pot_s"] == 2 * DAY_S  # type: ignore[operator]


@settings(max_examples=60, deadline=None)
@given(event_streams(), st.integers(1, DAY_S - 1))
def test_splitting_a_window_in_two_adds_up_to_the_whole(events: list[object], cut_s: int) -> None:
    """Every time element and quantity of the halves adds up to the whole, exactly."""
    middle = START + timedelta(seconds=cut_s)
    whole = totals(events, START, END)
    first, second = totals(events, START, middle), totals(events, middle, END)
    for name in SUMMED:
        assert first[name] + second[name] == whole[name], name  # type: ignore[operator]


@settings(max_examples=40, deadline=None)
@given(event_streams(), st.integers(0, 2**32 - 1))
def test_shuffling_and_duplicating_events_changes_nothing(events: list[object], seed: int) -> None:
    """Any order, and every event passed twice (same ids), give the same answer."""
    expected = oee_answer(PLANT, "line:L1", START, END, "shift", events, {"WO-1": "P-100"})
    shuffled = events * 2
    random.Random(seed).shuffle(shuffled)
    assert (
        oee_answer(PLANT, "line:L1", START, END, "shift", shuffled, {"WO-1": "P-100"}) == expected
    )
