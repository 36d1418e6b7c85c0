"""The active period bottleneck method on hand-made timelines."""

from __future__ import annotations

from datetime import timedelta

import pytest
from kpi_builders import EARLY, Events, at, make_plant

from obeya.domain.errors import InputError, NotFoundError
from obeya.kpi.bottleneck import bottleneck_answer

START = at(0)
END = at(0) + timedelta(minutes=100)
PLANT = make_plant((EARLY,), machine_ids=("M1", "M2", "M3"))


def minute(value: int) -> object:
    """The instant `value` minutes after the window start."""
    return START + timedelta(minutes=value)


def three_machine_events() -> list[object]:
    """M1 active 0-40 and 60-100; M2 active 10-70 (running then down); M3 20-30, 75-90."""
    m1, m2, m3 = Events("M1"), Events("M2"), Events("M3")
    return [
        m1.state(minute(0), "running"),
        m1.state(minute(40), "idle"),
        m1.state(minute(60), "running"),
        m2.state(minute(0), "idle"),
        m2.state(minute(10), "running"),
        m2.state(minute(30), "down"),
        m2.state(minute(70), "idle"),
        m3.state(minute(0), "idle"),
        m3.state(minute(20), "setup"),
        m3.state(minute(30), "idle"),
        m3.state(minute(75), "running"),
        m3.state(minute(90), "idle"),
    ]


def test_sole_and_shifting_shares_match_the_hand_computed_figure() -> None:
    """Roser, Nakano, Tanaka (2002), "Shifting bottleneck detection", Proc. Winter
    Simulation Conference, figure-style example computed by hand:
    longest active period per instant: M1 (0-40) until 10, M2 (10-70, 60 min) until 70,
    then M1 (60-100). Overlaps 10-40 and 60-70 are shifting; the rest of each period is
    sole: M1 sole 10 + 30 = 40 min, shifting 30 + 10 = 40; M2 sole 20, shifting 40."""
    answer = bottleneck_answer(PLANT, "L1", START, END, three_machine_events())
    rows = {row["machine"]: row for row in answer["machines"]}  # type: ignore[attr-defined]
    assert (rows["M1"]["sole_s"], rows["M1"]["shifting_s"]) == (2400.0, 2400.0)
    assert (rows["M2"]["sole_s"], rows["M2"]["shifting_s"]) == (1200.0, 2400.0)
    assert (rows["M3"]["sole_s"], rows["M3"]["shifting_s"]) == (0.0, 0.0)
    assert rows["M1"]["sole_share"] == pytest.approx(0.4)
    assert rows["M2"]["shifting_share"] == pytest.approx(0.4)
    assert [rows[m]["active_share"] for m in ("M1", "M2", "M3")] == pytest.approx([0.8, 0.6, 0.25])
    assert answer["bottleneck"] == "M1"
    assert answer["method"] == "active-period"


def test_the_periods_list_the_chain_in_time_order() -> None:
    """Sole M1 0-10, shifting M1/M2 10-40, sole M2 40-60, shifting M2/M1 60-70, sole M1."""
    answer = bottleneck_answer(PLANT, "L1", START, END, three_machine_events())
    pieces = [
        (piece["kind"], tuple(piece["machines"]), piece["duration_s"])
        for piece in answer["periods"]  # type: ignore[attr-defined]
    ]
    assert pieces == [
        ("sole", ("M1",), 600.0),
        ("shifting", ("M1", "M2"), 1800.0),
        ("sole", ("M2",), 1200.0),
        ("shifting", ("M2", "M1"), 600.0),
        ("sole", ("M1",), 1800.0),
    ]


def test_an_active_period_cut_by_the_window_end_counts_with_its_part_inside() -> None:
    """M1 runs from minute 50 on (past the end: 50 min inside); M2 runs 0-90 (90 min).
    M2 is the longest until 90, M1 after: shifting 50-90 (40 min), M2 sole 50, M1 sole
    10. Were M1's period not clipped it would be the longest from minute 50 on."""
    m1, m2 = Events("M1"), Events("M2")
    events = [
        m1.state(minute(0), "idle"),
        m1.state(minute(50), "running"),
        m2.state(minute(0), "running"),
        m2.state(minute(90), "idle"),
    ]
    answer = bottleneck_answer(PLANT, "L1", START, END, events)
    rows = {row["machine"]: row for row in answer["machines"]}  # type: ignore[attr-defined]
    assert (rows["M2"]["sole_s"], rows["M2"]["shifting_s"]) == (3000.0, 2400.0)
    assert (rows["M1"]["sole_s"], rows["M1"]["shifting_s"]) == (600.0, 2400.0)
    assert answer["bottleneck"] == "M2"


def test_a_line_with_no_active_machine_has_no_bottleneck() -> None:
    """Only idle states: every share 0 and the bottleneck is null."""
    events = [Events("M1").state(minute(0), "idle")]
    answer = bottleneck_answer(PLANT, "L1", START, END, events)
    assert answer["bottleneck"] is None
    assert answer["periods"] == []


def test_an_unknown_line_or_an_empty_window_is_refused_with_a_clear_error() -> None:
    """The error names the line, or the `to` bound."""
    with pytest.raises(NotFoundError, match="L9"):
        bottleneck_answer(PLANT, "L9", START, END, [])
    with pytest.raises(InputError, match="to"):
        bottleneck_answer(PLANT, "L1", END, START, [])
