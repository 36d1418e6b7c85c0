"""MTConnect SHDR replay: execution mapping, availability, part counter deltas."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from obeya.domain.errors import InputError
from obeya.domain.events import CountRecorded, MachineState, StateChanged
from obeya.ingest.mtconnect_devices import classify_key, parse_devices
from obeya.ingest.shdr import machine_mapping, read_shdr
from obeya.ingest.signals import PartCounter, Signal


def states(lines: list[str], **options: object) -> list[tuple[str, MachineState]]:
    replay = read_shdr(lines, "M1", **options)  # type: ignore[arg-type]
    return [
        (event.at.strftime("%H:%M:%S"), event.state)
        for event in replay.events
        if isinstance(event, StateChanged)
    ]


def goods(lines: list[str]) -> list[int]:
    replay = read_shdr(lines, "M1")
    return [event.good_count for event in replay.events if isinstance(event, CountRecorded)]


def test_execution_values_map_to_states_and_repeats_emit_nothing() -> None:
    lines = [
        "2022-08-08T10:00:00Z|execution|READY",
        "2022-08-08T10:00:05Z|execution|ACTIVE",
        "2022-08-08T10:00:06Z|execution|ACTIVE",
        "2022-08-08T10:01:00Z|execution|FEED_HOLD",
        "2022-08-08T10:02:00Z|execution|PROGRAM_COMPLETED",
        "2022-08-08T10:02:01Z|execution|READY",
    ]
    assert states(lines) == [
        ("10:00:00", MachineState.IDLE),
        ("10:00:05", MachineState.RUNNING),
        ("10:01:00", MachineState.DOWN),
        ("10:02:00", MachineState.IDLE),
    ]


def test_unavailable_is_offline_and_available_restores_the_last_execution_state() -> None:
    lines = [
        "2022-08-08T10:00:00Z|avail|AVAILABLE|execution|ACTIVE",
        "2022-08-08T10:05:00Z|avail|UNAVAILABLE",
        "2022-08-08T10:06:00Z|something|else|avail|AVAILABLE",
    ]
    assert states(lines) == [
        ("10:00:00", MachineState.RUNNING),
        ("10:05:00", MachineState.OFFLINE),
        ("10:06:00", MachineState.RUNNING),
    ]


def test_a_per_machine_mapping_overrides_the_default() -> None:
    connector = {"mtconnect": {"execution": {"FEED_HOLD": "idle"}}}
    lines = ["2022-08-08T10:00:00Z|execution|FEED_HOLD"]
    assert states(lines, mapping=machine_mapping(connector)) == [("10:00:00", MachineState.IDLE)]


def test_a_mapping_to_an_unknown_state_names_the_key() -> None:
    with pytest.raises(InputError, match=r"execution.FEED_HOLD: 'paused' is not one of"):
        read_shdr([], "M1", {"execution": {"FEED_HOLD": "paused"}})


def test_part_count_deltas_become_counts_and_a_reset_counts_from_zero() -> None:
    lines = [
        "2022-08-08T10:00:00Z|PartCountAct|7",
        "2022-08-08T10:01:00Z|PartCountAct|8",
        "2022-08-08T10:02:00Z|PartCountAct|10",
        "2022-08-08T10:03:00Z|PartCountAct|UNAVAILABLE",
        "2022-08-08T10:04:00Z|PartCountAct|2",
        "2022-08-08T10:05:00Z|PartCountAct|0",
        "2022-08-08T10:06:00Z|PartCountAct|1",
    ]
    assert goods(lines) == [1, 2, 2, 1]


def test_timestamps_without_an_offset_are_utc_in_shdr() -> None:
    replay = read_shdr(["2017-10-29T03:11:19.577099|execution|ACTIVE"], "M1")
    assert replay.events[0].at == datetime(2017, 10, 29, 3, 11, 19, 577099, tzinfo=UTC)


def test_a_line_with_an_unreadable_timestamp_is_rejected_with_its_line_number() -> None:
    replay = read_shdr(
        ["2022-08-08T10:00:00Z|execution|ACTIVE", "garbage|execution|READY"], "M1", source="rec.txt"
    )
    assert len(replay.events) == 1
    assert replay.rejected[0].source == "rec.txt:2"
    assert "is not an ISO 8601 timestamp" in replay.rejected[0].reason


def test_assets_commands_and_multiline_bodies_are_skipped_and_counted() -> None:
    lines = [
        "* shdrVersion: 2",
        "2022-08-08T10:00:00Z|@ASSET@|a1|CuttingTool|--multiline--ABCD",
        "<CuttingTool>execution|ACTIVE</CuttingTool>",
        "--multiline--ABCD",
        "2022-08-08T10:00:01Z|@REMOVE_ASSET@|a1",
        "2022-08-08T10:00:02Z|execution|READY",
    ]
    replay = read_shdr(lines, "M1")
    assert [event.at.second for event in replay.events] == [2]
    assert sum(replay.skipped.values()) == 5
    assert replay.rejected == []


def test_a_condition_spans_six_fields_and_does_not_shift_the_pairs() -> None:
    lines = ["2022-08-08T10:00:00Z|system|FAULT|123|2|HIGH|execution|execution|ACTIVE"]
    assert states(lines) == [("10:00:00", MachineState.RUNNING)]


def test_a_timestamp_going_back_more_than_a_minute_starts_a_new_run() -> None:
    lines = [
        "2022-08-08T10:00:00Z|PartCountAct|5",
        "2022-08-08T10:10:00Z|PartCountAct|6",
        "2022-08-08T09:00:00Z|PartCountAct|9",
        "2022-08-08T09:10:00Z|PartCountAct|10",
    ]
    replay = read_shdr(lines, "M1")
    assert replay.runs == 2
    assert [event.good_count for event in replay.events] == [1, 1]  # type: ignore[union-attr]


def test_replaying_the_same_lines_gives_the_same_event_ids() -> None:
    lines = ["2022-08-08T10:00:00Z|execution|ACTIVE", "2022-08-08T10:00:01Z|execution|READY"]
    first = [event.event_id for event in read_shdr(lines, "M1").events]
    second = [event.event_id for event in read_shdr(lines, "M1").events]
    assert first == second and len(set(first)) == 2
    assert all(event_id.startswith("M1-shdr-") and len(event_id) <= 128 for event_id in first)


def test_the_device_model_names_the_data_items() -> None:
    xml = """<MTConnectDevices xmlns="urn:mtconnect.org:MTConnectDevices:2.0"><Devices>
      <Device id="d" name="OKUMA"><DataItems>
        <DataItem type="EXECUTION" name="pexecution" category="EVENT" id="Lpexecution"/>
        <DataItem type="PART_COUNT" name="ppartcount" category="EVENT" id="Lppartcount"/>
        <DataItem type="SYSTEM" name="system" category="CONDITION" id="Lsystem"/>
      </DataItems></Device></Devices></MTConnectDevices>"""
    devices = parse_devices(xml)
    assert classify_key("pexecution", devices) is Signal.EXECUTION
    assert classify_key("Lppartcount", devices) is Signal.PART_COUNT
    assert classify_key("avail", devices) is None
    lines = ["2022-08-08T10:00:00Z|system|UNAVAILABLE|||||pexecution|ACTIVE"]
    assert states(lines, devices=devices) == [("10:00:00", MachineState.RUNNING)]


@pytest.mark.parametrize(
    ("key", "signal"),
    [
        ("pexecution", Signal.EXECUTION),
        ("PartCountAct", Signal.PART_COUNT),
        ("part_count", Signal.PART_COUNT),
        ("avail", Signal.AVAILABILITY),
        ("Xabs", None),
    ],
)
def test_without_a_device_model_key_names_decide(key: str, signal: Signal | None) -> None:
    assert classify_key(key, None) is signal


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=50))
def test_counter_deltas_are_never_negative_and_add_up_between_resets(values: list[int]) -> None:
    counter = PartCounter()
    deltas = [counter.delta(value) for value in values]
    assert all(delta >= 0 for delta in deltas)
    expected = sum(
        (now - before if now >= before else now) for before, now in itertools.pairwise(values)
    )
    assert sum(deltas) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=5), max_size=30))
def test_a_monotonic_counter_counts_its_total_increase(steps: list[int]) -> None:
    counter = PartCounter()
    values = [100]
    for step in steps:
        values.append(values[-1] + step)
    assert sum(counter.delta(value) for value in values) == values[-1] - values[0]


def test_an_unknown_execution_value_leaves_the_state_as_it_was() -> None:
    lines = [
        "2022-08-08T10:00:00Z|execution|ACTIVE",
        "2022-08-08T10:01:00Z|execution|DANCING",
        "2022-08-08T10:02:00Z|execution|UNAVAILABLE",
    ]
    assert states(lines) == [("10:00:00", MachineState.RUNNING), ("10:02:00", MachineState.OFFLINE)]


def test_an_execution_value_while_unavailable_is_taken_as_the_newer_truth() -> None:
    lines = ["2017-10-28T05:05:34|avail|UNAVAILABLE", "2017-10-29T03:11:19|execution|ACTIVE"]
    assert states(lines) == [("05:05:34", MachineState.OFFLINE), ("03:11:19", MachineState.RUNNING)]


def test_a_timestamp_with_a_duration_suffix_keeps_only_the_timestamp() -> None:
    replay = read_shdr(["2022-08-08T10:00:00.5Z@100.0|execution|ACTIVE"], "M1")
    assert replay.events[0].at == datetime(2022, 8, 8, 10, 0, 0, 500000, tzinfo=UTC)


def test_a_mapping_that_is_not_a_mapping_names_the_signal() -> None:
    with pytest.raises(InputError, match="connector mapping execution: must map values"):
        read_shdr([], "M1", {"execution": "idle"})
    with pytest.raises(InputError, match="connector mapping mtconnect: must be a mapping"):
        machine_mapping({"mtconnect": ["x"]})
    assert machine_mapping({}) is None and machine_mapping({"opcua": {}}) is None


def test_a_lowercase_override_key_matches_the_uppercase_value() -> None:
    lines = ["2022-08-08T10:00:00Z|execution|WAIT"]
    assert states(lines, mapping={"execution": {"wait": "setup"}}) == [
        ("10:00:00", MachineState.SETUP)
    ]
