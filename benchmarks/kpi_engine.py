"""Benchmark: OEE by shift over 1 million state events (20 machines, 90 days).

Prints the median time of the KPI engine's fast path (columns in, OEE answer by shift
out) beside two baselines measured in the same run on the same data:
- a bare Python loop that only sums interval durations by state (no calendar, no
  classes, no rows): the least any pure-Python pass over the events must cost;
- numpy `bincount` of durations by state: the floor of a vectorised pass.
It also times the object path (domain events -> columns -> answer) on a smaller slice.

Run: `python benchmarks/kpi_engine.py [--events N] [--repeat R]`.
"""

from __future__ import annotations

import argparse
import statistics
import time as clock
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

import numpy as np

from obeya.domain.calendars import Break, Calendar, Shift
from obeya.domain.equipment import Area, Line, Machine, Site
from obeya.domain.events import MachineState, StateChanged
from obeya.domain.plant import Plant
from obeya.domain.reasons import Reason, ReasonCategory
from obeya.kpi.columns import STATES, StateColumns, from_us, to_us
from obeya.kpi.oee import MachineSeries, oee_answer, oee_answer_from_series

MACHINE_COUNT = 20
DAYS = 90
START_AT = datetime(2026, 8, 3, tzinfo=UTC)
END_AT = START_AT + timedelta(days=DAYS)
REASONS = ("tool-breakage", "changeover", "starved", "preventive-maintenance")


def make_plant() -> Plant:
    """Two lines of ten machines, three 8 h shifts on weekdays with breaks."""
    weekdays = (0, 1, 2, 3, 4)
    shifts = (
        Shift("early", time(6), time(14), weekdays, (Break(time(9), 15), Break(time(12), 30))),
        Shift("late", time(14), time(22), weekdays, (Break(time(18), 30),)),
        Shift("night", time(22), time(6), weekdays, (Break(time(2), 30),)),
    )
    lines = tuple(
        Line(
            f"L{line}",
            f"Line {line}",
            "A1",
            tuple(Machine(f"L{line}-M{n:02d}", f"M{n}", f"L{line}") for n in range(10)),
        )
        for line in (1, 2)
    )
    reasons = (
        Reason("tool-breakage", ReasonCategory.UNPLANNED),
        Reason("changeover", ReasonCategory.SETUP),
        Reason("starved", ReasonCategory.IDLE),
        Reason("preventive-maintenance", ReasonCategory.PLANNED),
    )
    site = Site("bench", "Bench", "Europe/Berlin")
    return Plant(site, Calendar(shifts), (Area("A1", "Area", lines),), reasons)


def make_series(plant: Plant, event_count: int, seed: int) -> dict[str, MachineSeries]:
    """Seeded random state columns: `event_count` events spread over the machines."""
    generator = np.random.default_rng(seed)
    per_machine = event_count // MACHINE_COUNT
    span_us = to_us(END_AT) - to_us(START_AT)
    series: dict[str, MachineSeries] = {}
    for machine in plant.machines:
        starts = np.sort(generator.integers(0, span_us, per_machine)) + to_us(START_AT)
        states = generator.integers(0, len(STATES), per_machine).astype(np.int8)
        reasons = generator.integers(-1, len(REASONS), per_machine).astype(np.int32)
        columns = StateColumns(starts.astype(np.int64), states, reasons, REASONS)
        series[machine.id] = MachineSeries(columns, None)
    return series


def bare_loop(series: dict[str, MachineSeries]) -> list[int]:
    """Baseline: sum interval durations by state with a plain Python loop."""
    totals = [0] * len(STATES)
    for item in series.values():
        assert item.states is not None
        starts = item.states.start_us.tolist()
        states = item.states.state_code.tolist()
        for index in range(len(starts) - 1):
            totals[states[index]] += starts[index + 1] - starts[index]
    return totals


def numpy_floor(series: dict[str, MachineSeries]) -> np.ndarray:
    """Baseline: the same sums with numpy (one vectorised pass per machine)."""
    totals = np.zeros(len(STATES), dtype=np.int64)
    for item in series.values():
        assert item.states is not None
        durations = np.diff(item.states.start_us)
        totals += np.bincount(
            item.states.state_code[:-1], weights=durations, minlength=len(STATES)
        ).astype(np.int64)
    return totals


def objects_of(series: dict[str, MachineSeries], event_count: int) -> list[object]:
    """Domain event objects for the first `event_count` events (object path)."""
    events: list[object] = []
    per_machine = event_count // MACHINE_COUNT
    for machine_id, item in series.items():
        assert item.states is not None
        for index in range(per_machine):
            code = int(item.states.reason_code[index])
            events.append(
                StateChanged(
                    f"{machine_id}-{index}",
                    from_us(int(item.states.start_us[index])),
                    machine_id,
                    MachineState(STATES[int(item.states.state_code[index])]),
                    REASONS[code] if code >= 0 else None,
                )
            )
    return events


def median_s(action: Callable[[], object], repeat: int) -> float:
    """The median wall time of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        began = clock.perf_counter()
        action()
        times.append(clock.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--object-events", type=int, default=100_000)
    options = parser.parse_args()
    plant = make_plant()
    series = make_series(plant, options.events, seed=20_261_127)
    engine = median_s(
        lambda: oee_answer_from_series(plant, "site", START_AT, END_AT, "shift", series),
        options.repeat,
    )
    loop = median_s(lambda: bare_loop(series), options.repeat)
    floor = median_s(lambda: numpy_floor(series), options.repeat)
    events = objects_of(series, options.object_events)
    small_end = END_AT
    objects = median_s(
        lambda: oee_answer(plant, "site", START_AT, small_end, "shift", events, {}), 3
    )
    answer = oee_answer_from_series(plant, "site", START_AT, END_AT, "shift", series)
    rows = answer["rows"]
    assert isinstance(rows, list)
    ratio_loop, ratio_numpy = engine / loop, engine / floor
    print(f"{options.events:,} state events, {MACHINE_COUNT} machines, {DAYS} days")
    print(f"{len(rows)} shift rows; medians of {options.repeat} runs")
    print(f"engine, OEE by shift (columns in)   {engine:8.3f} s")
    print(f"baseline, bare Python loop by state {loop:8.3f} s  engine/loop  {ratio_loop:6.2f}")
    print(f"baseline, numpy bincount by state   {floor:8.3f} s  engine/numpy {ratio_numpy:6.2f}")
    print(f"object path, {options.object_events:,} StateChanged events: {objects:8.3f} s")


if __name__ == "__main__":
    main()
