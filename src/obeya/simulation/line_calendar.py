"""Shifts and breaks on a simulated line: the line's clock runs only in scheduled time.

A line file may carry the plant file's shift notation (docs/plant-file.md):

    calendar:
      shifts:
        - {start: "06:00", end: "14:00", days: [mon, tue, wed, thu, fri],
           breaks: [{start: "10:00", minutes: 30}]}

Simulated time 0 is Monday 00:00 and the pattern repeats every week; `time_unit` must
be `s`, `min` or `h`. Outside scheduled time (no shift, or a break) the whole line
stops: machines, arrivals, failures and repairs pause and resume where they stopped
(an operation in progress pauses). Because everything stops together, a replication
runs the unchanged engine on the scheduled clock (`warp`) and rates are converted back
to calendar time (`to_calendar`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from obeya.domain.calendars import WEEKDAYS, Break, Calendar, Shift, merge, shift_instances
from obeya.domain.calendars import clip as clip_intervals
from obeya.domain.calendars import subtract as subtract_intervals
from obeya.simulation.statistics import ReplicationFigures
from obeya.simulation.yaml_source import Located

if TYPE_CHECKING:
    from obeya.simulation.line_spec import LineSpec

MINUTES_PER_UNIT = {"s": 1 / 60, "min": 1.0, "h": 60.0}
WEEK_MIN = 7 * 24 * 60
_MONDAY = datetime(2024, 1, 1, tzinfo=UTC)  # a Monday: simulated time 0
RATE_FIGURES = ("throughput", "lost_arrivals", "scrap")
STATE_FIGURES = ("utilization", "blocked", "starved", "down", "setup")


@dataclass(frozen=True)
class LineCalendar:
    """Scheduled time of one period: sorted, disjoint `open` intervals in [0, period)."""

    period: float
    open: tuple[tuple[float, float], ...]

    @property
    def open_per_period(self) -> float:
        """Scheduled time in one period (time units)."""
        return sum(end - start for start, end in self.open)

    def scheduled_before(self, moment: float) -> float:
        """Scheduled time in [0, moment) (time units)."""
        periods, rest = divmod(moment, self.period)
        partial = sum(max(0.0, min(end, rest) - start) for start, end in self.open)
        return periods * self.open_per_period + partial

    def warp(self, spec: LineSpec) -> LineSpec:
        """`spec` on the scheduled clock: warm-up and horizon in scheduled time."""
        warmup = self.scheduled_before(spec.warmup)
        horizon = self.scheduled_before(spec.warmup + spec.horizon) - warmup
        return replace(spec, warmup=warmup, horizon=horizon, calendar=None)

    def scheduled_share(self, spec: LineSpec) -> float:
        """Scheduled time over calendar time in the horizon (0..1)."""
        return self.warp(spec).horizon / spec.horizon


def to_calendar(figures: ReplicationFigures, share: float) -> ReplicationFigures:
    """Figures of a warped run with rates per calendar time and calendar-time fractions.

    Rates (parts per time unit) are multiplied by `share`; WIP, cycle and queue times
    and state fractions stay on the scheduled clock; `scheduled_share`, and per station
    `calendar_*` fractions (state fraction x share) with `off_shift` (1 - share), are added.
    """
    line = {
        name: value * share if name in RATE_FIGURES else value
        for name, value in figures.line.items()
    }
    line["scheduled_share"] = share
    stations = []
    for station in figures.stations:
        converted = {
            name: value * share if name == "throughput" else value
            for name, value in station.items()
        }
        for name in (*STATE_FIGURES, "operator_wait"):
            if name in station:
                converted[f"calendar_{name}"] = station[name] * share
        converted["off_shift"] = 1.0 - share
        stations.append(converted)
    return ReplicationFigures(line, tuple(stations))


def weekly_calendar(shifts: list[Shift], time_unit: str) -> LineCalendar:
    """The weekly scheduled time of `shifts` (breaks removed), in `time_unit`.

    Raises:
        ValueError: when `time_unit` is not s, min or h, or no time is scheduled.
    """
    if time_unit not in MINUTES_PER_UNIT:
        raise ValueError("a calendar needs time_unit s, min or h")
    week_end = _MONDAY + timedelta(days=7)
    instances = shift_instances(Calendar(tuple(shifts)), "UTC", _MONDAY, week_end)
    pieces = subtract_intervals(
        [(item.start_at, item.end_at) for item in instances],
        [pause for item in instances for pause in item.breaks],
    )
    # a shift crossing Sunday midnight continues on Monday: fold it onto the week start
    folded = [(start - timedelta(days=7), end - timedelta(days=7)) for start, end in pieces]
    opened = merge(clip_intervals(pieces + folded, _MONDAY, week_end))
    unit = MINUTES_PER_UNIT[time_unit]
    intervals = tuple(
        ((start - _MONDAY).total_seconds() / 60 / unit, (end - _MONDAY).total_seconds() / 60 / unit)
        for start, end in opened
    )
    if not intervals:
        raise ValueError("the shifts schedule no time")
    return LineCalendar(WEEK_MIN / unit, intervals)


def shift(start: time, end: time, days: list[str], breaks: list[tuple[time, int]]) -> Shift:
    """A domain Shift from clock times, weekday names (mon..sun) and (start, minutes) breaks."""
    weekdays = tuple(sorted({WEEKDAYS.index(day) for day in days}))
    pauses = tuple(Break(pause_start, minutes) for pause_start, minutes in breaks)
    return Shift("shift", start, end, weekdays, pauses)


def parse_calendar(value: object, time_unit: str, at: Located) -> LineCalendar:
    """Parse the line file's `calendar: {shifts: [...]}` (the plant file's notation).

    Raises:
        FileFormatError: naming the key path (e.g. `calendar.shifts[0].start`) and line.
    """
    top = _mapping(value, "calendar", {"shifts"}, at)
    items = top.get("shifts")
    if not isinstance(items, list) or not items:
        raise at.error("calendar.shifts", "give a list of shifts like {start: '06:00', ...}")
    shifts = [_shift(item, f"calendar.shifts[{index}]", at) for index, item in enumerate(items)]
    try:
        return weekly_calendar(shifts, time_unit)
    except ValueError as error:
        raise at.error("calendar", str(error)) from None


def _shift(value: object, key: str, at: Located) -> Shift:
    item = _mapping(value, key, {"id", "start", "end", "days", "breaks"}, at)
    days = item.get("days", list(WEEKDAYS))
    if not isinstance(days, list) or not days or any(day not in WEEKDAYS for day in days):
        raise at.error(f"{key}.days", f"give weekdays from {', '.join(WEEKDAYS)}, got {days!r}")
    breaks = item.get("breaks", [])
    if not isinstance(breaks, list):
        raise at.error(f"{key}.breaks", "give a list like [{start: '10:00', minutes: 30}]")
    pauses = [_break(pause, f"{key}.breaks[{index}]", at) for index, pause in enumerate(breaks)]
    start, end = (
        _clock(item.get("start"), f"{key}.start", at),
        _clock(item.get("end"), f"{key}.end", at),
    )
    return shift(start, end, [str(day) for day in days], pauses)


def _break(value: object, key: str, at: Located) -> tuple[time, int]:
    pause = _mapping(value, key, {"start", "minutes"}, at)
    minutes = pause.get("minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
        raise at.error(f"{key}.minutes", f"must be an integer > 0, got {minutes!r}")
    return _clock(pause.get("start"), f"{key}.start", at), minutes


def _clock(value: object, key: str, at: Located) -> time:
    try:
        hours, minutes = str(value).split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise at.error(key, f'must be a clock time like "06:00", got {value!r}') from None


def _mapping(value: object, key: str, known: set[str], at: Located) -> dict[str, object]:
    if not isinstance(value, dict):
        raise at.error(key, f"must be a mapping, got {type(value).__name__}")
    for name in value:
        if name not in known:
            problem = f"unknown key {name!r}; known keys: {', '.join(sorted(known))}"
            raise at.error(f"{key}.{name}", problem)
    return {str(name): item for name, item in value.items()}
