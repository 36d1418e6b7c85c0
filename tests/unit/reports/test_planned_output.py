"""Planned output: scheduled unit-operations inside a window, pro rata of each operation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from obeya.services.floor import planned_quantity

START = datetime(2026, 11, 24, 5, tzinfo=UTC)


def schedule_of(operations: list[tuple[int, int, str]]) -> dict[str, object]:
    def stamp(minute: int) -> str:
        return (START + timedelta(minutes=minute)).strftime("%Y-%m-%dT%H:%M:%SZ")

    return {
        "operations": [
            {"order": "WO-1", "step": 10, "machine": machine, "start": stamp(a), "end": stamp(b)}
            for a, b, machine in operations
        ]
    }


def test_an_operation_half_inside_the_window_counts_half_its_quantity() -> None:
    schedule = schedule_of([(0, 60, "M1")])
    window_end = START + timedelta(minutes=30)
    assert planned_quantity(schedule, {"M1"}, {"WO-1": 20}, START, window_end) == 10


def test_operations_on_other_machines_do_not_count() -> None:
    schedule = schedule_of([(0, 60, "M2")])
    assert planned_quantity(schedule, {"M1"}, {"WO-1": 20}, START, START + timedelta(1)) == 0


operations = st.lists(
    st.tuples(st.integers(0, 600), st.integers(1, 300), st.sampled_from(["M1", "M2"])).map(
        lambda item: (item[0], item[0] + item[1], item[2])
    ),
    max_size=8,
)


@given(operations, st.integers(0, 900))
def test_splitting_the_window_in_two_and_adding_gives_the_whole(
    found: list[tuple[int, int, str]], cut: int
) -> None:
    schedule = schedule_of(found)
    middle, end = START + timedelta(minutes=cut), START + timedelta(minutes=900)
    args = (schedule, {"M1", "M2"}, {"WO-1": 7})
    whole = planned_quantity(*args, START, end)
    parts = planned_quantity(*args, START, middle) + planned_quantity(*args, middle, end)
    assert abs(whole - parts) < 1e-9
    assert abs(whole - 7 * len(found)) < 1e-9
