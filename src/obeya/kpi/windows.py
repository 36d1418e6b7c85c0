"""Planned windows for the rows of an OEE answer: the whole window, local days, shifts.

Each window carries its POT intervals (shift time minus closures) and the breaks inside
them, clipped to the window, in integer microseconds. A line with `shift_ids` plans only
those shifts. A `--by shift` row covers one shift instance's time inside the answer's
window and is keyed `YYYY-MM-DD/shift-id` (the local date the shift starts on); a
`--by day` row covers one local calendar day (23 h or 25 h on DST days), keyed by it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from obeya.domain.calendars import (
    Interval,
    clip,
    iter_local_days,
    merge,
    planned_time,
    shift_instances,
    subtract,
)
from obeya.domain.plant import Plant
from obeya.kpi.columns import to_us
from obeya.kpi.ledger import IntervalUs, PlannedWindow


def _us(intervals: Iterable[Interval]) -> tuple[IntervalUs, ...]:
    return tuple((to_us(start), to_us(end)) for start, end in intervals)


def whole_window(
    plant: Plant, shift_ids: Sequence[str], start_at: datetime, end_at: datetime, key: str
) -> PlannedWindow:
    """The planned window `[start_at, end_at)` of machines planned with `shift_ids`."""
    planned = planned_time(plant.calendar, plant.site.timezone, start_at, end_at, shift_ids)
    return PlannedWindow(
        key, to_us(start_at), to_us(end_at), _us(planned.operation), _us(planned.breaks)
    )


def day_windows(
    plant: Plant, shift_ids: Sequence[str], start_at: datetime, end_at: datetime
) -> list[PlannedWindow]:
    """One planned window per local day overlapping `[start_at, end_at)`, clipped to it."""
    zone = ZoneInfo(plant.site.timezone)
    windows: list[PlannedWindow] = []
    for day_start, day_end in iter_local_days(plant.site.timezone, start_at, end_at):
        begin, finish = max(day_start, start_at), min(day_end, end_at)
        if begin < finish:
            key = day_start.astimezone(zone).date().isoformat()
            windows.append(whole_window(plant, shift_ids, begin, finish, key))
    return windows


def shift_windows(
    plant: Plant, shift_ids: Sequence[str], start_at: datetime, end_at: datetime
) -> list[PlannedWindow]:
    """One planned window per shift instance overlapping `[start_at, end_at)`, clipped."""
    closed = [(closure.start_at, closure.end_at) for closure in plant.calendar.closures]
    windows: list[PlannedWindow] = []
    instances = shift_instances(plant.calendar, plant.site.timezone, start_at, end_at, shift_ids)
    for instance in instances:
        begin, finish = max(instance.start_at, start_at), min(instance.end_at, end_at)
        if begin >= finish:
            continue
        operation = clip(subtract([(instance.start_at, instance.end_at)], closed), begin, finish)
        breaks = clip(subtract(merge(instance.breaks), closed), begin, finish)
        windows.append(
            PlannedWindow(instance.key, to_us(begin), to_us(finish), _us(operation), _us(breaks))
        )
    return windows


def row_windows(
    plant: Plant, shift_ids: Sequence[str], start_at: datetime, end_at: datetime, by: str
) -> list[PlannedWindow]:
    """The row windows of `--by shift` or `--by day` (empty for `none` and `machine`)."""
    if by == "shift":
        return shift_windows(plant, shift_ids, start_at, end_at)
    if by == "day":
        return day_windows(plant, shift_ids, start_at, end_at)
    return []
