"""The OEE answer's JSON shape and its rows by machine, shift and day (DST included)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from kpi_builders import EARLY, NIGHT, Events, at, make_plant

from obeya.domain.calendars import Closure
from obeya.domain.errors import InputError, NotFoundError
from obeya.kpi.oee import oee_answer

CONTRACT_FIELDS = [
    "key", "pot_s", "pdot_s", "pbt_s", "apt_s", "aust_s", "adet_s", "adot_s", "unknown_s",
    "outside_pot_s", "pq", "gq", "sq", "rq", "outside_pot_pq",
    "availability", "effectiveness", "quality", "oee",
]  # fmt: skip
HOUR = 3600.0


def rows_by_key(answer: dict[str, object]) -> dict[str, dict[str, object]]:
    """The answer's rows keyed by their key."""
    rows = answer["rows"]
    assert isinstance(rows, list)
    return {row["key"]: row for row in rows}


def test_the_answer_has_exactly_the_contract_shape_and_serialises_to_json() -> None:
    """scope/from/to/by/rows/total; every contract field in every row, in order."""
    make = Events()
    answer = oee_answer(
        make_plant((EARLY,)), "line:L1", at(5), at(13), "machine",
        [make.state(at(5), "running")], {},
    )  # fmt: skip
    assert list(answer)[:6] == ["scope", "from", "to", "by", "rows", "total"]
    assert (answer["scope"], answer["from"], answer["to"], answer["by"]) == (
        "line:L1", "2026-11-23T05:00:00Z", "2026-11-23T13:00:00Z", "machine",
    )  # fmt: skip
    for row in [*answer["rows"], answer["total"]]:  # type: ignore[misc]
        assert list(row)[: len(CONTRACT_FIELDS)] == CONTRACT_FIELDS
    assert json.loads(json.dumps(answer)) == answer


def test_a_line_sums_its_machines_ledgers_before_taking_ratios() -> None:
    """M1 runs the whole 8 h shift, breaks included (A = 1); M2 is down (ADET 7.25 h,
    breaks 0.75 h PDOT, A = 0): the line's A is 8 h / (8 h + 7.25 h), not the mean 0.5."""
    m1, m2 = Events("M1"), Events("M2")
    events = [m1.state(at(5), "running"), m2.state(at(5), "down")]
    plant = make_plant((EARLY,), machine_ids=("M1", "M2"))
    answer = oee_answer(plant, "line:L1", at(5), at(13), "machine", events, {})
    rows = rows_by_key(answer)
    assert (rows["M1"]["availability"], rows["M2"]["availability"]) == (1.0, 0.0)
    total = answer["total"]
    assert isinstance(total, dict)
    assert total["pot_s"] == 16 * HOUR
    assert total["availability"] == pytest.approx(8 / (8 + 7.25))


def test_by_shift_keys_a_night_shift_by_the_local_date_it_starts_on() -> None:
    """Monday's night shift 22:00-06:00 Berlin = 21:00-05:00 UTC: key 2026-11-23/night."""
    plant = make_plant((EARLY, NIGHT))
    make = Events()
    answer = oee_answer(
        plant, "machine:M1", at(0), at(24) + timedelta(hours=5), "shift",
        [make.state(at(0), "running")], {},
    )  # fmt: skip
    rows = rows_by_key(answer)
    assert list(rows) == ["2026-11-22/night", "2026-11-23/early", "2026-11-23/night"]
    assert rows["2026-11-23/night"]["pot_s"] == 8 * HOUR
    assert rows["2026-11-22/night"]["pot_s"] == 5 * HOUR  # clipped: 00:00-05:00 UTC
    assert rows["2026-11-23/early"]["apt_s"] == 8 * HOUR


def test_by_day_splits_a_night_shift_at_local_midnight() -> None:
    """Monday night 21:00-05:00 UTC: 2 h on Monday's local date, 6 h on Tuesday's."""
    plant = make_plant((NIGHT,))
    make = Events()
    answer = oee_answer(
        plant, "machine:M1", at(12), at(24) + timedelta(hours=12), "day",
        [make.state(at(0), "running")], {},
    )  # fmt: skip
    rows = rows_by_key(answer)
    assert rows["2026-11-23"]["pot_s"] == 2 * HOUR
    assert rows["2026-11-24"]["pot_s"] == 6 * HOUR  # the window ends Tuesday 12:00 UTC


def test_a_night_shift_across_the_autumn_dst_change_lasts_nine_hours() -> None:
    """Berlin 2026-10-25: clocks go back at 03:00. Saturday's night shift is 9 h; the
    local day 2026-10-25 is 25 h long (its POT 7 h + 2 h, outside POT 16 h)."""
    plant = make_plant((NIGHT,))
    make = Events()
    start = datetime(2026, 10, 24, 12, tzinfo=UTC)
    events = [make.state(start, "running")]
    end = start + timedelta(days=2)
    shifts = rows_by_key(oee_answer(plant, "machine:M1", start, end, "shift", events, {}))
    assert shifts["2026-10-24/night"]["pot_s"] == 9 * HOUR
    assert shifts["2026-10-25/night"]["pot_s"] == 8 * HOUR
    days = rows_by_key(oee_answer(plant, "machine:M1", start, end, "day", events, {}))
    assert days["2026-10-25"]["pot_s"] == 9 * HOUR
    assert days["2026-10-25"]["outside_pot_s"] == 16 * HOUR
    assert sum(float(row["pot_s"]) for row in days.values()) == 17 * HOUR  # type: ignore[arg-type]


def test_a_line_with_shift_ids_plans_only_those_shifts() -> None:
    """Line L1 works only `early`: the night shift adds no POT and no row."""
    plant = make_plant((EARLY, NIGHT), line_shift_ids=("early",))
    make = Events()
    answer = oee_answer(
        plant, "line:L1", at(0), at(24), "shift", [make.state(at(0), "running")], {}
    )
    assert list(rows_by_key(answer)) == ["2026-11-23/early"]
    total = answer["total"]
    assert isinstance(total, dict)
    assert total["pot_s"] == 8 * HOUR
    assert total["outside_pot_running_s"] == 16 * HOUR


def test_a_closure_removes_planned_time_and_its_breaks() -> None:
    """Closed 08:00-12:00 UTC: POT 4 h; only 12:00-13:00 is left of the breaks (none)."""
    closure = Closure(at(8), at(12), "shutdown")
    plant = make_plant((EARLY,), closures=(closure,))
    make = Events()
    answer = oee_answer(plant, "machine:M1", at(5), at(13), "none", [make.state(at(5), "idle")], {})
    total = answer["total"]
    assert isinstance(total, dict)
    assert (total["pot_s"], total["pdot_s"], total["adot_s"]) == (4 * HOUR, 0.0, 4 * HOUR)


def test_by_none_gives_one_row_keyed_by_the_scope() -> None:
    """The single row equals the total but for its key."""
    answer = oee_answer(make_plant((EARLY,)), "site", at(5), at(13), "none", [], {})
    rows = answer["rows"]
    assert isinstance(rows, list) and len(rows) == 1
    assert rows[0]["key"] == "site"
    assert {**rows[0], "key": "total"} == answer["total"]


def test_a_bad_grouping_or_scope_is_refused_with_a_clear_error() -> None:
    """`by` must be none|machine|shift|day; the scope must name something."""
    plant = make_plant((EARLY,))
    with pytest.raises(InputError, match="by 'week'"):
        oee_answer(plant, "site", at(5), at(13), "week", [], {})
    with pytest.raises(NotFoundError, match="L9"):
        oee_answer(plant, "line:L9", at(5), at(13), "none", [], {})
