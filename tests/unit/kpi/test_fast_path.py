"""The column fast path agrees with the event path; `now` and late reasons."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest
from kpi_builders import EARLY, Events, at, make_plant, worked_shift_events

from obeya.domain.errors import InputError
from obeya.kpi.bottleneck import bottleneck_answer
from obeya.kpi.columns import STATE_CODE, StateColumns, state_columns_from_rows, to_us
from obeya.kpi.oee import MachineSeries, machine_series, oee_answer, oee_answer_from_series
from obeya.kpi.report import losses_answer

PLANT = make_plant((EARLY,))
HOUR = 3600.0


def test_columns_built_without_event_objects_give_the_same_answer() -> None:
    """Storage may hand parallel arrays (sorted by time, reasons as codes)."""
    make = Events()
    events = [
        make.state(at(5), "running"),
        make.state(at(7), "down", "tool-breakage"),
        make.state(at(8), "idle"),
    ]
    columns = StateColumns(
        np.array([to_us(at(5)), to_us(at(7)), to_us(at(8))], dtype=np.int64),
        np.array([STATE_CODE[e.state] for e in events], dtype=np.int8),
        np.array([-1, 0, -1], dtype=np.int32),
        ("tool-breakage",),
    )
    fast = oee_answer_from_series(
        PLANT, "machine:M1", at(5), at(13), "shift", {"M1": MachineSeries(columns)}
    )
    assert fast == oee_answer(PLANT, "machine:M1", at(5), at(13), "shift", events, {})


def test_the_worked_shift_gives_the_same_answer_through_prepared_series() -> None:
    """machine_series + oee_answer_from_series is what oee_answer does."""
    events = worked_shift_events()
    series = machine_series(PLANT, events, {"WO-1": "P-100"})
    fast = oee_answer_from_series(PLANT, "site", at(5), at(14), "machine", series)
    assert fast == oee_answer(PLANT, "site", at(5), at(14), "machine", events, {"WO-1": "P-100"})


def test_with_now_the_ledger_stops_at_now_and_the_future_is_not_unknown_time() -> None:
    """Running since 05:00, now = 07:00 inside a 05:00-13:00 window: POT 2 h, APT 2 h."""
    make = Events()
    answer = oee_answer(
        PLANT, "machine:M1", at(5), at(13), "none", [make.state(at(5), "running")], {}, now=at(7)
    )
    total = answer["total"]
    assert isinstance(total, dict)
    assert (total["pot_s"], total["apt_s"], total["unknown_s"]) == (2 * HOUR, 2 * HOUR, 0.0)
    assert answer["to"] == "2026-11-23T13:00:00Z"


def test_a_late_reason_assignment_moves_the_stop_to_its_category_element() -> None:
    """A `down` 06:00-07:00 is ADET; assigning `changeover` later makes it AUST."""
    make = Events()
    events = [
        make.state(at(5), "running"),
        make.state(at(6), "down"),
        make.state(at(7), "running"),
    ]
    before = oee_answer(PLANT, "machine:M1", at(5), at(13), "none", events, {})["total"]
    after = oee_answer(
        PLANT, "machine:M1", at(5), at(13), "none",
        [*events, make.assign(at(9), at(6), "changeover")], {},
    )["total"]  # fmt: skip
    assert isinstance(before, dict) and isinstance(after, dict)
    assert (before["adet_s"], before["aust_s"]) == (HOUR, 0.0)
    assert (after["adet_s"], after["aust_s"]) == (0.0, HOUR)


def test_a_naive_now_is_refused_naming_now() -> None:
    """`now` must carry an offset like every instant."""
    with pytest.raises(InputError, match="now"):
        oee_answer(PLANT, "site", at(5), at(13), "none", [], {}, now=datetime(2026, 11, 23, 7))


def test_now_before_the_window_gives_an_empty_answer_not_an_error() -> None:
    """Nothing has happened yet: POT 0, ratios null, no bottleneck, no losses."""
    make = Events()
    events = [make.state(at(5), "down")]
    oee = oee_answer(PLANT, "site", at(5), at(13), "none", events, {}, now=at(4))
    assert oee["total"]["pot_s"] == 0.0  # type: ignore[index]
    losses = losses_answer(PLANT, "site", at(5), at(13), events, {}, now=at(4))
    assert losses["unexplained_stops"] == []
    bottleneck = bottleneck_answer(PLANT, "L1", at(5), at(13), events, now=at(4))
    assert bottleneck["bottleneck"] is None
    assert bottleneck["to"] == "2026-11-23T13:00:00Z"


def test_raw_rows_from_storage_give_the_same_columns_as_event_objects() -> None:
    """Rows `(at_us, id, state, reason)` shuffled and repeated, with a reassigned reason."""
    make = Events()
    events = [
        make.state(at(5), "running"),
        make.state(at(7), "down"),
        make.state(at(8), "idle", "starved"),
    ]
    late = make.assign(at(9), at(7), "tool-breakage")
    rows = [(to_us(e.at), e.event_id, str(e.state), e.reason) for e in events]
    columns = state_columns_from_rows([*rows[::-1], rows[0]], {to_us(at(7)): "tool-breakage"})
    fast = oee_answer_from_series(
        PLANT, "site", at(5), at(13), "none", {"M1": MachineSeries(columns)}
    )
    assert fast == oee_answer(PLANT, "site", at(5), at(13), "none", [*events, late], {})
    assert fast["total"]["adet_s"] == HOUR  # type: ignore[index]


def test_a_raw_row_with_an_unknown_state_is_refused_naming_it() -> None:
    """Storage validated the event; a bad state in a row is a programming error."""
    with pytest.raises(ValueError, match="paused"):
        state_columns_from_rows([(0, "x", "paused", None)])
