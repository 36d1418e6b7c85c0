"""Shifts and breaks on a line: the line works only in scheduled time.

Outside shifts and breaks the whole line stops and resumes where it stopped, so a
deterministic line's output is its scheduled time over the process time.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.domain.errors import FileFormatError
from obeya.simulation.experiment import run_experiment
from obeya.simulation.line_calendar import WEEK_MIN
from obeya.simulation.line_file import parse_line_text

WARMUP = WEEK_MIN + 360  # statistics start on Monday 06:00 of the second week
HORIZON = WEEK_MIN + 0.5  # one week and half a minute: one boundary part is never cut
SCHEDULED = 7 * 480 + 0.5  # scheduled minutes of the early shift in that horizon


def _line(calendar: str = "", process: str = "{dist: constant, value: 1}", extra: str = "") -> str:
    return f"""obeya-line: 1
time_unit: min
horizon: {HORIZON}
warmup: {WARMUP}
replications: 2
{calendar}
{extra}
stations:
  - {{id: S1, process: {process}}}
  - {{id: S2, process: {process}}}
"""


EARLY = 'calendar: {shifts: [{start: "06:00", end: "14:00"}]}'
EARLY_WITH_BREAK = (
    'calendar: {shifts: [{start: "06:00", end: "14:00", breaks: [{start: "10:00", minutes: 30}]}]}'
)


def _throughput(text: str) -> float:
    mean = run_experiment(parse_line_text(text), workers=1).line["throughput"].mean
    assert mean is not None
    return mean


def test_a_line_working_8_of_24_hours_makes_exactly_a_third_of_the_output() -> None:
    full, early = _throughput(_line()), _throughput(_line(EARLY))
    assert full * HORIZON == pytest.approx(WEEK_MIN)  # one part a minute
    assert early / full == pytest.approx(1 / 3, abs=1e-12)


def test_a_30_minute_break_in_an_8_hour_shift_takes_a_sixteenth_of_the_capacity() -> None:
    """Saturated single station: output = scheduled time / process time."""
    one_station = "stations:\n  - {id: S1, process: {dist: constant, value: 1}}\n"
    early = _line(EARLY).split("stations:")[0] + one_station
    with_break = _line(EARLY_WITH_BREAK).split("stations:")[0] + one_station
    assert _throughput(with_break) / _throughput(early) == pytest.approx(1 - 1 / 16, abs=1e-12)


def test_calendar_figures_split_calendar_time_and_sum_to_one() -> None:
    text = _line(EARLY, "{dist: exponential, mean: 1}", "arrivals: {dist: exponential, mean: 2}")
    summary = run_experiment(parse_line_text(text), workers=1)
    share = summary.line["scheduled_share"].mean
    assert share == pytest.approx(SCHEDULED / HORIZON)
    for _, figures in summary.stations:
        names = ("utilization", "blocked", "starved", "down", "setup")
        scheduled = sum(figures[name].mean or 0.0 for name in names)
        calendar = sum(figures[f"calendar_{name}"].mean or 0.0 for name in names)
        assert scheduled == pytest.approx(1.0)
        assert calendar + (figures["off_shift"].mean or 0.0) == pytest.approx(1.0)
        assert figures["utilization"].mean == pytest.approx(0.5, abs=0.03)  # load on open time


def test_littles_law_holds_on_the_scheduled_clock() -> None:
    text = _line(EARLY, "{dist: exponential, mean: 1}", "arrivals: {dist: exponential, mean: 1.5}")
    summary = run_experiment(parse_line_text(text), workers=1)
    share = summary.line["scheduled_share"].mean or 0.0
    throughput_scheduled = (summary.line["throughput"].mean or 0.0) / share
    cycle_time = summary.line["cycle_time"].mean or 0.0
    assert summary.line["wip"].mean == pytest.approx(throughput_scheduled * cycle_time, rel=0.01)


def test_a_night_shift_crossing_sunday_midnight_counts_on_monday_morning() -> None:
    text = _line('calendar: {shifts: [{start: "22:00", end: "06:00", days: [sun]}]}')
    spec = parse_line_text(text)
    assert spec.calendar is not None
    assert spec.calendar.open == ((0.0, 360.0), (WEEK_MIN - 120.0, WEEK_MIN))


@pytest.mark.parametrize(
    ("calendar", "key"),
    [
        ('calendar: {shifts: [{start: "6h", end: "14:00"}]}', "calendar.shifts[0].start"),
        ('calendar: {shifts: [{start: "06:00", end: "14:00", days: [mon, xyz]}]}', "days"),
        ('calendar: {shifts: [{start: "06:00", end: "14:00", pause: 3}]}', "pause"),
        ("calendar: {shifts: []}", "calendar.shifts"),
        (
            'calendar: {shifts: [{start: "06:00", end: "14:00", breaks: [{start: "9:00"}]}]}',
            "breaks[0].minutes",
        ),
    ],
)
def test_bad_calendars_name_the_key_and_line(calendar: str, key: str) -> None:
    with pytest.raises(FileFormatError) as raised:
        parse_line_text(_line(calendar), "line.yaml")
    assert key in str(raised.value) and "line 6" in str(raised.value)


def test_a_calendar_needs_a_clock_time_unit() -> None:
    with pytest.raises(FileFormatError, match="time_unit s, min or h"):
        parse_line_text(_line(EARLY).replace("time_unit: min", "time_unit: parts"))


@given(
    start=st.integers(0, 23),
    length=st.integers(1, 23),
    days=st.sets(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), min_size=1),
    moment=st.floats(0, 5 * WEEK_MIN),
)
def test_scheduled_time_grows_no_faster_than_calendar_time(
    start: int, length: int, days: set[str], moment: float
) -> None:
    end = (start + length) % 24
    days_text = ", ".join(sorted(days))
    one_shift = f'{{start: "{start:02}:00", end: "{end:02}:00", days: [{days_text}]}}'
    calendar = f"calendar: {{shifts: [{one_shift}]}}"
    spec = parse_line_text(_line(calendar))
    assert spec.calendar is not None
    assert spec.calendar.open_per_period == pytest.approx(len(days) * length * 60)
    before = spec.calendar.scheduled_before(moment)
    later = spec.calendar.scheduled_before(moment + 100)
    assert 0 <= later - before <= 100 + 1e-6
