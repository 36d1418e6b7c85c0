"""Disruption event strings (CONTRACTS.md section 8) parse, print back, and reject errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from obeya.domain.errors import InputError
from obeya.domain.schedules import (
    MachineDown,
    MachineUp,
    MaterialLate,
    OperationLong,
    RushOrder,
    WorkerAbsent,
    format_disruption,
    parse_disruption,
)

EIGHT = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "machine-down:L1-CNC2@2026-11-24T08:00:00+01:00+4h",
            MachineDown("L1-CNC2", EIGHT, EIGHT + timedelta(hours=4)),
        ),
        ("machine-down:L1-CNC2@2026-11-24T07:00:00Z", MachineDown("L1-CNC2", EIGHT, None)),
        (
            "machine-down:M1@2026-11-24T07:00:00Z+90m",
            MachineDown("M1", EIGHT, EIGHT + timedelta(minutes=90)),
        ),
        ("machine-up:L1-CNC2@2026-11-24T07:00:00Z", MachineUp("L1-CNC2", EIGHT)),
        (
            "worker-absent:W001@2026-11-24T07:00:00Z+1h30m",
            WorkerAbsent("W001", EIGHT, EIGHT + timedelta(minutes=90)),
        ),
        ("rush-order:WO-7", RushOrder("WO-7")),
        ("material-late:WO-7@2026-11-24T08:00:00+01:00", MaterialLate("WO-7", EIGHT)),
        ("operation-long:WO-7/20+30m", OperationLong("WO-7", 20, timedelta(minutes=30))),
    ],
)
def test_each_event_kind_parses_and_prints_back(text: str, expected: object) -> None:
    parsed = parse_disruption(text)
    assert parsed == expected
    assert parse_disruption(format_disruption(parsed)) == parsed


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("machine-down", "expected KIND:DETAILS"),
        ("machine-sideways:M1@2026-11-24T07:00:00Z", "unknown kind 'machine-sideways'"),
        ("machine-down:M1", "expected MACHINE@TIME"),
        ("machine-down:M 1@2026-11-24T07:00:00Z", "MACHINE 'M 1' is not a valid identifier"),
        ("machine-down:M1@2026-11-24T07:00:00", "start"),
        ("machine-down:M1@tomorrow+4h", "start 'tomorrow'"),
        ("machine-down:M1@2026-11-24T07:00:00Z+4x", "start"),
        ("worker-absent:W1@2026-11-24T07:00:00Z", "WORKER@START+DURATION"),
        ("material-late:WO-1", "expected ORDER@TIME"),
        ("operation-long:WO-1+30m", "expected ORDER/STEP+DURATION"),
        ("operation-long:WO-1/x+30m", "STEP 'x' is not a step number"),
        ("operation-long:WO-1/20+soon", "duration 'soon'"),
        ("rush-order:", "expected KIND:DETAILS"),
    ],
)
def test_a_bad_event_string_is_an_input_error_naming_the_part(text: str, part: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_disruption(text)
    assert part in str(caught.value)
    assert repr(text.strip()) in str(caught.value)
