"""The event ledger on SQLite and PostgreSQL: idempotent appends, dead letters, reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obeya.domain.events import (
    CountRecorded,
    MachineState,
    MeasurementRecorded,
    OrderAction,
    OrderMarked,
    RejectedEvent,
    StateChanged,
    StopReasonAssigned,
)
from obeya.storage import DatabaseEventSink, UnitOfWork, migrate, open_engine
from obeya.storage.clock import to_us

T0 = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


def _state(number: int, minutes: int, state: MachineState, machine: str = "M1") -> StateChanged:
    return StateChanged(f"e{number}", T0 + timedelta(minutes=minutes), machine, state)


@pytest.fixture
def engine(database_url: str):  # type: ignore[no-untyped-def]
    engine = open_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


def test_migrating_twice_changes_nothing(engine) -> None:  # type: ignore[no-untyped-def]
    migrate(engine)
    with UnitOfWork(engine) as uow:
        assert uow.events.count() == 0


def test_a_duplicate_event_id_is_acknowledged_and_changes_nothing(engine) -> None:  # type: ignore[no-untyped-def]
    sink = DatabaseEventSink(engine)
    first = sink.append([_state(1, 0, MachineState.RUNNING), _state(2, 5, MachineState.DOWN)])
    again = sink.append([_state(1, 0, MachineState.IDLE), _state(3, 9, MachineState.RUNNING)])
    assert (first.accepted, first.duplicates) == (2, 0)
    assert (again.accepted, again.duplicates) == (1, 1)
    with UnitOfWork(engine) as uow:
        stored = uow.events.for_machines(["M1"], to_us(T0), to_us(T0 + timedelta(hours=1)))
    states = {event.event_id: event for event in stored}
    assert isinstance(states["e1"], StateChanged)
    assert states["e1"].state is MachineState.RUNNING, "the first version of e1 must stay"


def test_the_same_id_twice_in_one_batch_counts_once(engine) -> None:  # type: ignore[no-untyped-def]
    result = DatabaseEventSink(engine).append(
        [_state(1, 0, MachineState.RUNNING), _state(1, 0, MachineState.RUNNING)]
    )
    assert (result.accepted, result.duplicates) == (1, 1)


def test_every_event_kind_reads_back_as_it_was_written(engine) -> None:  # type: ignore[no-untyped-def]
    written = [
        StateChanged("s", T0, "M1", MachineState.DOWN, "tool-breakage", {"shift": "early"}),
        CountRecorded("c", T0 + timedelta(minutes=1), "M1", 12, 1, 2, "P-100"),
        OrderMarked("o", T0 + timedelta(minutes=2), "M1", "WO-1", OrderAction.START),
        StopReasonAssigned("r", T0 + timedelta(minutes=3), "M1", T0, "spindle", "bearing"),
        MeasurementRecorded("m", T0 + timedelta(minutes=4), "M1", "diameter", 74.002, "7", "WO-1"),
    ]
    DatabaseEventSink(engine).append(written)
    with UnitOfWork(engine) as uow:
        read = uow.events.for_machines(["M1"], to_us(T0), to_us(T0 + timedelta(hours=1)))
    assert sorted(read, key=lambda event: event.event_id) == sorted(
        written, key=lambda event: event.event_id
    )


def test_rejected_inputs_are_kept_with_their_raw_payload(engine) -> None:  # type: ignore[no-untyped-def]
    result = DatabaseEventSink(engine).append(
        [], [RejectedEvent("{oops", "malformed JSON", "file.jsonl:3")]
    )
    assert result.rejected == 1
    assert result.errors == ("file.jsonl:3: malformed JSON",)
    with UnitOfWork(engine) as uow:
        kept = uow.events.rejected()
    assert [(row["raw"], row["source"]) for row in kept] == [("{oops", "file.jsonl:3")]


def test_a_window_read_includes_the_state_in_force_at_its_start(engine) -> None:  # type: ignore[no-untyped-def]
    DatabaseEventSink(engine).append(
        [
            _state(1, 0, MachineState.RUNNING),
            _state(2, 30, MachineState.DOWN),
            _state(3, 90, MachineState.RUNNING),
            _state(4, 10, MachineState.IDLE, machine="M2"),
        ]
    )
    start = T0 + timedelta(minutes=60)
    with UnitOfWork(engine) as uow:
        read = uow.events.for_machines(["M1"], to_us(start), to_us(start + timedelta(hours=1)))
    assert sorted(event.event_id for event in read) == ["e2", "e3"]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=30))
def test_appending_any_batch_twice_stores_each_id_once(database_url: str, ids: list[int]) -> None:
    engine = open_engine(database_url)
    migrate(engine)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM events")
        batch = [_state(number, number, MachineState.RUNNING) for number in ids]
        sink = DatabaseEventSink(engine)
        first = sink.append(batch)
        second = sink.append(batch)
        assert first.accepted == len(set(ids))
        assert second.accepted == 0 and second.duplicates == len(ids)
        with UnitOfWork(engine) as uow:
            assert uow.events.count() == len(set(ids))
    finally:
        engine.dispose()
