"""The shift calendar: weekly shifts with breaks, closures, and the planned time they make.

Shift times are local to the site's IANA time zone; every instant obeya computes is
UTC. A shift belongs to the local date it starts on and may cross midnight (end <=
start). On the days daylight saving time changes, a shift lasts as long as the wall
clock says: a 22:00-06:00 night shift is 7 h long when clocks go forward and 9 h when
they go back. A local start time that does not exist (inside the spring-forward gap)
is taken with the offset before the change.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class Break:
    """A break inside a shift: local start time and length in minutes."""

    start: time
    minutes: int


@dataclass(frozen=True)
class Shift:
    """A weekly shift: local start and end, weekdays it starts on (0 = Monday), breaks."""

    id: str
    start: time
    end: time
    weekdays: tuple[int, ...]
    breaks: tuple[Break, ...] = ()

    @property
    def crosses_midnight(self) -> bool:
        """True when the shift ends on the day after it starts."""
        return self.end <= self.start


@dataclass(frozen=True)
class Closure:
    """A period with no operation planned (holiday, shutdown), in UTC."""

    start_at: datetime
    end_at: datetime
    reason: str = ""


@dataclass(frozen=True)
class ShiftInstance:
    """One occurrence of a shift: its local date and its UTC start, end and breaks."""

    shift_id: str
    local_date: date
    start_at: datetime
    end_at: datetime
    breaks: tuple[Interval, ...]

    @property
    def key(self) -> str:
        """`YYYY-MM-DD/shift-id`: the key of `--by shift` rows."""
        return f"{self.local_date.isoformat()}/{self.shift_id}"


@dataclass(frozen=True)
class Calendar:
    """The weekly shift pattern of a site and its closures."""

    shifts: tuple[Shift, ...]
    closures: tuple[Closure, ...] = ()

    def shift(self, shift_id: str) -> Shift:
        """The shift with this id; raises KeyError when there is none."""
        for shift in self.shifts:
            if shift.id == shift_id:
                return shift
        raise KeyError(shift_id)


def _local(day: date, clock: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, clock, tzinfo=zone).astimezone(ZoneInfo("UTC"))


def _instance(shift: Shift, day: date, zone: ZoneInfo) -> ShiftInstance:
    start_at = _local(day, shift.start, zone)
    end_day = day + timedelta(days=1) if shift.crosses_midnight else day
    end_at = _local(end_day, shift.end, zone)
    breaks: list[Interval] = []
    for pause in shift.breaks:
        pause_day = day if pause.start >= shift.start else day + timedelta(days=1)
        pause_start = _local(pause_day, pause.start, zone)
        pause_end = min(pause_start + timedelta(minutes=pause.minutes), end_at)
        if start_at <= pause_start < end_at:
            breaks.append((pause_start, pause_end))
    return ShiftInstance(shift.id, day, start_at, end_at, tuple(sorted(breaks)))


def shift_instances(
    calendar: Calendar,
    timezone: str,
    start_at: datetime,
    end_at: datetime,
    shift_ids: Iterable[str] = (),
) -> list[ShiftInstance]:
    """Every shift occurrence that overlaps `[start_at, end_at)`, sorted by start.

    `shift_ids` limits the result to those shifts (empty: all). Instances are whole
    (not clipped to the window); closures are not removed here (see `planned_time`).
    """
    zone = ZoneInfo(timezone)
    wanted = set(shift_ids)
    first_day = start_at.astimezone(zone).date() - timedelta(days=1)
    last_day = end_at.astimezone(zone).date()
    found: list[ShiftInstance] = []
    day = first_day
    while day <= last_day:
        for shift in calendar.shifts:
            if wanted and shift.id not in wanted:
                continue
            if day.weekday() not in shift.weekdays:
                continue
            instance = _instance(shift, day, zone)
            if instance.start_at < end_at and instance.end_at > start_at:
                found.append(instance)
        day += timedelta(days=1)
    found.sort(key=lambda item: (item.start_at, item.shift_id))
    return found


def subtract(intervals: Iterable[Interval], holes: Iterable[Interval]) -> list[Interval]:
    """The parts of `intervals` not covered by any of `holes` (both sorted or not)."""
    cut = sorted(holes)
    result: list[Interval] = []
    for start, end in sorted(intervals):
        pieces = [(start, end)]
        for hole_start, hole_end in cut:
            if hole_end <= start or hole_start >= end:
                continue
            next_pieces: list[Interval] = []
            for piece_start, piece_end in pieces:
                if hole_end <= piece_start or hole_start >= piece_end:
                    next_pieces.append((piece_start, piece_end))
                    continue
                if piece_start < hole_start:
                    next_pieces.append((piece_start, hole_start))
                if hole_end < piece_end:
                    next_pieces.append((hole_end, piece_end))
            pieces = next_pieces
        result.extend(pieces)
    return result


class _Ordered(Protocol):
    def __lt__(self, other: Any, /) -> bool: ...

    def __le__(self, other: Any, /) -> bool: ...


OrderedT = TypeVar("OrderedT", bound=_Ordered)


def merge(intervals: Iterable[tuple[OrderedT, OrderedT]]) -> list[tuple[OrderedT, OrderedT]]:
    """Sort and merge overlapping or touching intervals (datetimes or integer minutes);
    empty ones are dropped."""
    merged: list[tuple[OrderedT, OrderedT]] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def clip(intervals: Iterable[Interval], start_at: datetime, end_at: datetime) -> list[Interval]:
    """The parts of `intervals` inside `[start_at, end_at)`."""
    clipped = ((max(start, start_at), min(end, end_at)) for start, end in intervals)
    return [(start, end) for start, end in clipped if start < end]


@dataclass(frozen=True)
class PlannedTime:
    """Planned operation time (POT) and the breaks inside it, as merged UTC intervals."""

    operation: tuple[Interval, ...]
    breaks: tuple[Interval, ...]


def planned_time(
    calendar: Calendar,
    timezone: str,
    start_at: datetime,
    end_at: datetime,
    shift_ids: Iterable[str] = (),
) -> PlannedTime:
    """POT inside `[start_at, end_at)`: shift time minus closures; and the breaks in it."""
    instances = shift_instances(calendar, timezone, start_at, end_at, shift_ids)
    closed = [(closure.start_at, closure.end_at) for closure in calendar.closures]
    shifts = merge((item.start_at, item.end_at) for item in instances)
    operation = clip(subtract(shifts, closed), start_at, end_at)
    pauses = merge(pause for item in instances for pause in item.breaks)
    breaks = clip(subtract(pauses, closed), start_at, end_at)
    return PlannedTime(tuple(operation), tuple(breaks))


def iter_local_days(timezone: str, start_at: datetime, end_at: datetime) -> Iterator[Interval]:
    """The local calendar days overlapping `[start_at, end_at)` as UTC intervals."""
    zone = ZoneInfo(timezone)
    day = start_at.astimezone(zone).date()
    while True:
        day_start = _local(day, time(0), zone)
        day_end = _local(day + timedelta(days=1), time(0), zone)
        if day_start >= end_at:
            return
        yield (day_start, day_end)
        day += timedelta(days=1)
