"""Validation of shop-floor event payloads (CONTRACTS.md section 2)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from obeya.domain.errors import InputError
from obeya.domain.events import (
    CountRecorded,
    MachineState,
    MeasurementRecorded,
    OrderAction,
    OrderMarked,
    StateChanged,
    StopReasonAssigned,
)
from obeya.ingest.payload import MAX_BATCH_EVENTS, decode_batch, parse_event

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def event(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "cnc1-000125",
        "ts": "2026-11-24T07:40:00Z",
        "machine": "L1-CNC1",
        "kind": "count",
        "good": 12,
    }
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


def parse(obj: object, **options: object) -> object:
    return parse_event(obj, source="test", now=NOW, **options)  # type: ignore[arg-type]


def test_the_contract_examples_become_domain_events() -> None:
    running = parse(event(id="a", kind="state", state="running", good=None))
    down = parse(event(id="b", kind="state", state="down", reason="tool-breakage", good=None))
    count = parse(event(scrap=1, rework=0, product="P-100"))
    order = parse(event(id="d", kind="order", order="WO-4711", action="start", good=None))
    assert running == StateChanged(
        "a", datetime(2026, 11, 24, 7, 40, tzinfo=UTC), "L1-CNC1", MachineState.RUNNING
    )
    assert isinstance(down, StateChanged) and down.reason == "tool-breakage"
    assert isinstance(count, CountRecorded)
    assert (count.good_count, count.scrap_count, count.rework_count) == (12, 1, 0)
    assert count.product_id == "P-100"
    assert isinstance(order, OrderMarked) and order.action is OrderAction.START


def test_a_timestamp_with_an_offset_is_stored_in_utc() -> None:
    result = parse(event(ts="2026-11-24T08:40:00+01:00"))
    assert isinstance(result, CountRecorded)
    assert result.at == datetime(2026, 11, 24, 7, 40, tzinfo=UTC)


def test_a_negative_count_names_the_event_and_the_field() -> None:
    with pytest.raises(
        InputError, match=r"event 'cnc1-000125': good must be an integer >= 0, got -3"
    ):
        parse(event(good=-3))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"good": True}, "good must be an integer >= 0, got True"),
        ({"good": 1.5}, "good must be an integer >= 0"),
        ({"good": None}, "good is required"),
        ({"scrap": "2"}, "scrap must be an integer >= 0"),
        ({"rework": -1}, "rework must be an integer >= 0"),
        ({"ts": "2026-11-24T07:40:00"}, "has no UTC offset"),
        ({"ts": "yesterday"}, "is not an RFC 3339 timestamp"),
        ({"ts": "2026-11-24T14:00:00Z"}, "ts '2026-11-24T14:00:00Z' lies more than 1:00:00 in"),
        ({"machine": "L1 CNC1"}, "machine must be 1-64 characters"),
        ({"machine": None}, "machine is required"),
        ({"kind": "temperature"}, "kind must be one of state, count, order, reason, measurement"),
        ({"product": "P 100"}, "product must be 1-64 characters"),
        ({"kind": "state", "state": "sleeping"}, "state must be one of running, idle, down"),
        (
            {"kind": "order", "order": "WO-1", "action": "pause"},
            "action must be one of start, stop",
        ),
        ({"kind": "order", "action": "start"}, "order is required"),
        ({"kind": "reason", "reason": "spindle"}, "stop_ts is required"),
        ({"kind": "reason", "stop_ts": "2026-11-24T07:00:00Z"}, "reason is required"),
        ({"kind": "measurement", "characteristic": "d1", "value": "7"}, "value must be a number"),
        ({"kind": "measurement", "value": 7.0}, "characteristic is required"),
        ({"kind": "measurement", "characteristic": "d1", "value": float("inf")}, "finite number"),
    ],
)
def test_an_invalid_field_is_rejected_with_its_name(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError, match="event 'cnc1-000125': ") as caught:
        parse(event(**changes))
    assert message in str(caught.value)


@pytest.mark.parametrize("bad_id", ["", "   ", 17, None, "x" * 129])
def test_an_event_without_a_usable_id_is_rejected(bad_id: object) -> None:
    with pytest.raises(InputError, match="event id must be a non-empty string"):
        parse(event(id=bad_id) if bad_id is not None else {**event(), "id": None})


def test_an_id_of_128_characters_is_accepted() -> None:
    assert parse(event(id="x" * 128)).event_id == "x" * 128  # type: ignore[attr-defined]


def test_a_machine_not_in_the_plant_is_rejected_when_the_plant_is_known() -> None:
    with pytest.raises(InputError, match="machine 'L1-CNC9' is not a machine of the plant"):
        parse(event(machine="L1-CNC9"), known_machines={"L1-CNC1"})
    assert parse(event(), known_machines={"L1-CNC1"})


def test_a_timestamp_slightly_in_the_future_is_accepted() -> None:
    result = parse(event(ts="2026-11-24T12:59:00Z"))
    assert isinstance(result, CountRecorded)
    with pytest.raises(InputError, match="in the future"):
        parse(event(ts="2026-11-24T12:59:00Z"), max_future=timedelta(minutes=30))


def test_a_supervisor_reason_assignment_names_the_stop_it_explains() -> None:
    result = parse(
        event(
            kind="reason",
            stop_ts="2026-11-24T07:12:09Z",
            reason="spindle",
            comment="bearing noise",
            good=None,
        )
    )
    assert result == StopReasonAssigned(
        "cnc1-000125",
        datetime(2026, 11, 24, 7, 40, tzinfo=UTC),
        "L1-CNC1",
        datetime(2026, 11, 24, 7, 12, 9, tzinfo=UTC),
        "spindle",
        "bearing noise",
    )


def test_a_measurement_keeps_its_subgroup_and_order() -> None:
    result = parse(
        event(
            kind="measurement",
            characteristic="bore-d",
            value=74.01,
            subgroup="12",
            order="WO-1",
            good=None,
        )
    )
    assert isinstance(result, MeasurementRecorded)
    assert (result.value, result.subgroup, result.order_id) == (74.01, "12", "WO-1")


def test_unknown_keys_are_kept_in_extra() -> None:
    result = parse(event(operator="W001", temperature_c=21.5))
    assert isinstance(result, CountRecorded)
    assert result.extra == {"operator": "W001", "temperature_c": 21.5}


def test_a_batch_keeps_good_events_and_rejects_bad_ones_with_their_id() -> None:
    raw = json.dumps([event(id="ok"), event(id="bad", good=-1), "not an object"])
    events, rejected = decode_batch(raw, "mqtt:obeya/x", now=NOW)
    assert [item.event_id for item in events] == ["ok"]
    assert [item.event_id for item in rejected] == ["bad", None]
    assert "good must be an integer >= 0, got -1" in rejected[0].reason
    assert "must be a JSON object" in rejected[1].reason
    assert all(item.source == "mqtt:obeya/x" for item in rejected)


def test_malformed_json_becomes_one_reject_holding_the_raw_text() -> None:
    events, rejected = decode_batch(b'{"id": "a", "ts": ', "api", now=NOW)
    assert events == []
    assert len(rejected) == 1
    assert rejected[0].raw == '{"id": "a", "ts": '
    assert rejected[0].reason.startswith("malformed JSON")


def test_a_batch_of_more_than_ten_thousand_events_is_rejected_whole() -> None:
    raw = json.dumps([event(id=f"e{n}") for n in range(MAX_BATCH_EVENTS + 1)])
    events, rejected = decode_batch(raw, "api", now=NOW)
    assert events == []
    assert "exceeds the limit of 10000" in rejected[0].reason


def test_a_payload_over_sixteen_mebibytes_is_rejected_whole() -> None:
    raw = b"[" + b" " * (16 * 1024 * 1024) + b"]"
    events, rejected = decode_batch(raw, "api", now=NOW)
    assert events == []
    assert "exceeds the limit of 16777216 bytes" in rejected[0].reason
    assert len(rejected[0].raw) < 5000


def test_defaults_fill_only_missing_keys() -> None:
    raw = json.dumps([event(id="a", machine=None), event(id="b", machine="L1-SAW")])
    events, _ = decode_batch(raw, "mqtt", now=NOW, defaults={"machine": "L1-CNC1"})
    assert [item.machine_id for item in events] == ["L1-CNC1", "L1-SAW"]


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.sampled_from(["id", "ts", "kind", "good", "x"]), inner, max_size=5)
        ),
        max_leaves=10,
    )
)
def test_any_json_value_is_either_an_event_or_a_reject_never_a_crash(value: object) -> None:
    events, rejected = decode_batch(json.dumps(value), "fuzz", now=NOW)
    items = value if isinstance(value, list) else [value]
    assert len(events) + len(rejected) == len(items)


@settings(max_examples=100, deadline=None)
@given(good=st.integers(min_value=0, max_value=10**9), scrap=st.integers(0, 10**6))
def test_any_non_negative_counts_round_trip(good: int, scrap: int) -> None:
    result = parse(event(good=good, scrap=scrap))
    assert isinstance(result, CountRecorded)
    assert (result.good_count, result.scrap_count) == (good, scrap)
