"""The ISO 22400 time ledger: a worked shift by hand, and the contract's rules one by one."""

from __future__ import annotations

from datetime import datetime

import pytest
from kpi_builders import EARLY, Events, at, make_plant, worked_shift_events

from obeya.domain.plant import Plant
from obeya.kpi.oee import oee_answer

HOUR = 3600.0
MINUTE = 60.0


def total_row(
    plant: Plant, events: list[object], start_at: datetime, end_at: datetime
) -> dict[str, object]:
    """The `total` row of a machine-scope OEE answer over the window."""
    answer = oee_answer(plant, "machine:M1", start_at, end_at, "none", events, {"WO-1": "P-100"})
    row = answer["total"]
    assert isinstance(row, dict)
    return row


def test_a_worked_shift_gives_every_ledger_element_computed_by_hand(
    early_shift_plant: Plant,
) -> None:
    """APT 2 h + 2 h + 30 min + 20 min; ADET 1 h + 10 min; AUST 30 min; ADOT 20 min;
    PDOT 30 min break + 15 min planned_stop + 15 min planned reason; unknown 10 min."""
    row = total_row(early_shift_plant, worked_shift_events(), at(5), at(14))
    assert row["pot_s"] == 8 * HOUR
    assert row["apt_s"] == 4 * HOUR + 50 * MINUTE
    assert row["adet_s"] == 70 * MINUTE
    assert row["aust_s"] == 30 * MINUTE
    assert row["adot_s"] == 20 * MINUTE
    assert row["pdot_s"] == 60 * MINUTE
    assert row["unknown_s"] == 10 * MINUTE
    assert row["pbt_s"] == 7 * HOUR
    assert row["outside_pot_s"] == 1 * HOUR
    assert row["outside_pot_running_s"] == 30 * MINUTE
    assert (row["pq"], row["gq"], row["sq"], row["rq"]) == (161, 155, 4, 2)
    assert row["outside_pot_pq"] == 10
    assert row["unknown_pri_pq"] == 5
    assert row["pri_pq_s"] == (106 + 50) * 60.0


def test_a_worked_shift_gives_availability_effectiveness_quality_and_oee(
    early_shift_plant: Plant,
) -> None:
    """A = 17400/25200, E = 9360/17400, Q = 155/161, OEE = A·E·Q = 9360·155/(25200·161)."""
    row = total_row(early_shift_plant, worked_shift_events(), at(5), at(14))
    assert row["availability"] == pytest.approx(17400 / 25200)
    assert row["effectiveness"] == pytest.approx(9360 / 17400)
    assert row["quality"] == pytest.approx(155 / 161)
    assert row["oee"] == pytest.approx(9360 * 155 / (25200 * 161))
    assert row["flags"] == ["unknown_pri"]


def one_state_row(state: str, reason: str | None, start_hour: int = 6) -> dict[str, object]:
    """The 05:00-13:00 shift where M1 holds `state` from `start_hour` to the shift end."""
    make = Events()
    events: list[object] = [make.state(at(start_hour), state, reason)]
    return total_row(make_plant((EARLY,)), events, at(5), at(13))


@pytest.mark.parametrize(
    ("state", "reason", "element"),
    [
        ("running", "preventive-maintenance", "apt_s"),  # rule 1: reason on running ignored
        ("idle", "tool-breakage", "adet_s"),  # rule 3: unplanned category
        ("idle", "micro-stop", "adet_s"),  # rule 3: minor_stop category
        ("down", "changeover", "aust_s"),  # rule 3: setup category
        ("down", "starved", "adot_s"),  # rule 3: idle category
        ("setup", "not-in-the-plant", "aust_s"),  # unknown code: the state decides
        ("down", None, "adet_s"),  # rule 4
        ("setup", None, "aust_s"),
        ("idle", None, "adot_s"),
        ("offline", None, "unknown_s"),
    ],
)
def test_outside_breaks_the_contract_order_decides_the_element(
    state: str, reason: str | None, element: str
) -> None:
    """06:00-13:00 UTC minus the 45 min of breaks = 6 h 15 min in the element."""
    row = one_state_row(state, reason)
    expected = 6 * HOUR + 15 * MINUTE
    if element == "apt_s":
        expected += 45 * MINUTE  # running through both breaks stays APT
    unknown_before_first_event = 1 * HOUR
    if element == "unknown_s":
        expected += unknown_before_first_event
    assert row[element] == expected
    if element != "unknown_s":
        assert row["unknown_s"] == unknown_before_first_event


def test_a_planned_reason_on_a_down_state_is_planned_downtime() -> None:
    """Rule 3: category `planned` -> PDOT: 7 h of down + the 05:00-06:00 unknown hour."""
    row = one_state_row("down", "preventive-maintenance")
    assert row["pdot_s"] == 7 * HOUR
    assert row["adet_s"] == 0
    assert row["unknown_s"] == 1 * HOUR


@pytest.mark.parametrize("state", ["idle", "down", "setup", "offline", "planned_stop"])
def test_every_state_but_running_is_planned_downtime_during_a_break(state: str) -> None:
    """Rule 2: a break in progress -> PDOT (45 min of breaks in the shift)."""
    row = one_state_row(state, None)
    expected = 45 * MINUTE if state != "planned_stop" else 7 * HOUR
    assert row["pdot_s"] == expected


def test_running_through_a_break_counts_as_production_time() -> None:
    """Rule 1 beats rule 2: 7 h of running include both breaks; PDOT is 0."""
    row = one_state_row("running", None)
    assert row["apt_s"] == 7 * HOUR
    assert row["pdot_s"] == 0


def test_before_the_first_state_event_time_is_unknown_not_lost() -> None:
    """05:00-06:00 has no state: unknown; the ledger still sums to PBT."""
    row = one_state_row("running", None)
    assert row["unknown_s"] == 1 * HOUR
    parts = ("apt_s", "aust_s", "adet_s", "adot_s", "unknown_s")
    assert sum(float(row[name]) for name in parts) == row["pbt_s"]  # type: ignore[arg-type]


def test_the_state_before_the_window_comes_from_the_latest_earlier_event() -> None:
    """A `down` event at 04:00 (before the window) makes the whole shift down."""
    row = one_state_row("down", None, start_hour=4)
    assert row["adet_s"] == 7 * HOUR + 15 * MINUTE
    assert row["unknown_s"] == 0


def test_ratios_are_null_on_zero_denominators() -> None:
    """No POT (a Saturday): every ratio null; POT > 0 with nothing known: A = 0, others null."""
    saturday = at(0).replace(day=28)
    make = Events()
    empty = total_row(make_plant((EARLY,)), [], saturday, saturday.replace(hour=23))
    assert [empty[name] for name in ("availability", "effectiveness", "quality", "oee")] == [
        None
    ] * 4
    unknown = total_row(make_plant((EARLY,)), [make.state(at(5), "offline")], at(5), at(13))
    assert unknown["availability"] == 0
    assert unknown["effectiveness"] is None
    assert unknown["quality"] is None
    assert unknown["oee"] is None


def test_effectiveness_above_one_is_reported_unclamped_and_flagged() -> None:
    """1 h running, 100 units at 60 s ideal = 6000 s ideal: E = 6000/3600 = 1.67."""
    make = Events()
    events: list[object] = [
        make.state(at(5), "running"),
        make.state(at(6), "idle"),
        make.count(at(5, 30), 100, product="P-100"),
    ]
    row = total_row(make_plant((EARLY,)), events, at(5), at(13))
    assert row["effectiveness"] == pytest.approx(6000 / 3600)
    assert "effectiveness_above_1" in row["flags"]  # type: ignore[operator]


def test_a_count_exactly_at_the_shift_end_is_outside_planned_time() -> None:
    """POT is half-open: a count at 13:00 UTC (14:00 local) is outside POT."""
    make = Events()
    events: list[object] = [make.count(at(13), 7, product="P-100")]
    row = total_row(make_plant((EARLY,)), events, at(5), at(14))
    assert (row["pq"], row["outside_pot_pq"]) == (0, 7)


def test_a_count_without_product_and_without_running_order_has_unknown_pri() -> None:
    """The order stopped at 06:00, so the 06:30 count has no product: flagged, not in Σ."""
    make = Events()
    events: list[object] = [
        make.order(at(5), "WO-1"),
        make.order(at(6), "WO-1", "stop"),
        make.count(at(6, 30), 3),
    ]
    row = total_row(make_plant((EARLY,)), events, at(5), at(13))
    assert (row["pq"], row["unknown_pri_pq"], row["pri_pq_s"]) == (3, 3, 0)
    assert row["flags"] == ["unknown_pri"]
