"""Working-time arithmetic in integer minutes from the scheduling origin (`now`).

A `WorkingTime` is a sorted list of disjoint working stretches `[start, end)` in minutes.
It answers how many working minutes lie in a span, where an operation of a given
working length starts and ends (pausing over gaps or fitting one stretch), and whether
a span lies inside working time.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from obeya.domain.calendars import merge

Span = tuple[int, int]


def to_minute(moment: datetime, origin: datetime) -> int:
    """Whole minutes from `origin` to `moment`, rounded down."""
    return int((moment - origin).total_seconds() // 60)


def to_minute_up(moment: datetime, origin: datetime) -> int:
    """Whole minutes from `origin` to `moment`, rounded up."""
    return -int(-(moment - origin).total_seconds() // 60)


def to_datetime(minute: int, origin: datetime) -> datetime:
    """The instant `minute` minutes after `origin`."""
    return origin + timedelta(minutes=minute)


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sort and merge overlapping or touching spans; drop empty ones."""
    return merge(spans)


def subtract_spans(spans: Sequence[Span], holes: Iterable[Span]) -> list[Span]:
    """The parts of `spans` not covered by any hole (one sweep over both, sorted)."""
    cut = merge_spans(holes)
    result: list[Span] = []
    position = 0
    for start, end in merge_spans(spans):
        while position < len(cut) and cut[position][1] <= start:
            position += 1
        cursor = start
        index = position
        while index < len(cut) and cut[index][0] < end:
            hole_start, hole_end = cut[index]
            if hole_start > cursor:
                result.append((cursor, hole_start))
            cursor = max(cursor, hole_end)
            index += 1
        if cursor < end:
            result.append((cursor, end))
    return result


@dataclass(frozen=True)
class WorkingTime:
    """Disjoint sorted working stretches in minutes, with prefix sums for fast queries."""

    stretches: tuple[Span, ...]
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _before: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        merged = tuple(merge_spans(self.stretches))
        before: list[int] = []
        total = 0
        for start, end in merged:
            before.append(total)
            total += end - start
        object.__setattr__(self, "stretches", merged)
        object.__setattr__(self, "_starts", tuple(start for start, _ in merged))
        object.__setattr__(self, "_before", tuple(before))

    @property
    def total_min(self) -> int:
        """All working minutes of the calendar."""
        if not self.stretches:
            return 0
        start, end = self.stretches[-1]
        return self._before[-1] + end - start

    def cumulative(self, minute: int) -> int:
        """Working minutes in `[-inf, minute)`."""
        index = bisect_right(self._starts, minute) - 1
        if index < 0:
            return 0
        start, end = self.stretches[index]
        return self._before[index] + min(minute, end) - start

    def working_between(self, start: int, end: int) -> int:
        """Working minutes inside `[start, end)`."""
        return max(0, self.cumulative(end) - self.cumulative(start))

    def next_working(self, minute: int) -> int | None:
        """The first working minute at or after `minute`; None past the last stretch."""
        index = bisect_right(self._starts, minute) - 1
        if index >= 0 and minute < self.stretches[index][1]:
            return minute
        if index + 1 < len(self.stretches):
            return self.stretches[index + 1][0]
        return None

    def minute_at(self, working: int) -> int | None:
        """The end of the `working`-th working minute (working >= 1); None past the end."""
        if working <= 0 or working > self.total_min:
            return None
        index = bisect_right(self._before, working - 1) - 1
        return self.stretches[index][0] + working - self._before[index]

    def finish(self, start: int, duration_min: int) -> Span | None:
        """Start at the first working minute >= `start`, pause over gaps; (start, end)."""
        first = self.next_working(start)
        if first is None:
            return None
        end = self.minute_at(self.cumulative(first) + duration_min)
        return None if end is None else (first, end)

    def fit(self, start: int, duration_min: int) -> Span | None:
        """The earliest span of `duration_min` inside one stretch, starting >= `start`."""
        index = max(0, bisect_right(self._starts, start) - 1)
        for stretch_start, stretch_end in self.stretches[index:]:
            begin = max(start, stretch_start)
            if stretch_end - begin >= duration_min:
                return (begin, begin + duration_min)
        return None

    def place(self, start: int, duration_min: int, pausable: bool) -> Span | None:
        """Where an operation of `duration_min` working minutes runs, from `start` on."""
        if pausable:
            return self.finish(start, duration_min)
        return self.fit(start, duration_min)

    def inside_one_stretch(self, start: int, end: int) -> bool:
        """True when `[start, end)` lies in a single working stretch."""
        index = bisect_right(self._starts, start) - 1
        return index >= 0 and end <= self.stretches[index][1]

    def covers(self, start: int, end: int) -> bool:
        """True when every minute of `[start, end)` is working time (stretches are merged,
        so that is one stretch holding the whole span)."""
        if end <= start:
            return end == start
        index = bisect_right(self._starts, start) - 1
        return index >= 0 and end <= self.stretches[index][1]

    def stretch_end(self, minute: int) -> int:
        """The end of the stretch holding `minute`; `minute` itself outside working time."""
        index = bisect_right(self._starts, minute) - 1
        if index < 0 or minute >= self.stretches[index][1]:
            return minute
        return self.stretches[index][1]

    def pieces(self, start: int, end: int) -> list[Span]:
        """The working parts of `[start, end)`."""
        index = max(0, bisect_right(self._starts, start) - 1)
        found: list[Span] = []
        for stretch_start, stretch_end in self.stretches[index:]:
            if stretch_start >= end:
                break
            low, high = max(start, stretch_start), min(end, stretch_end)
            if low < high:
                found.append((low, high))
        return found

    def gaps(self, start: int, end: int) -> list[Span]:
        """The non-working parts of `[start, end)`."""
        return subtract_spans([(start, end)], self.pieces(start, end)) if start < end else []

    def next_stretch_start(self, minute: int) -> int | None:
        """The first stretch start strictly after `minute`."""
        index = bisect_right(self._starts, minute)
        return self._starts[index] if index < len(self._starts) else None

    def without(self, holes: Iterable[Span]) -> WorkingTime:
        """This working time with the holes removed."""
        return WorkingTime(tuple(subtract_spans(self.stretches, holes)))
