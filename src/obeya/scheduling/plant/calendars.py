"""Machine and worker calendars in minutes: shifts minus breaks, closures, downs, absences."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from obeya.domain.calendars import planned_time
from obeya.domain.errors import InputError
from obeya.domain.plant import Plant
from obeya.domain.schedules import Disruption, MachineDown, MachineUp, WorkerAbsent
from obeya.scheduling.plant.calendar_time import (
    Span,
    WorkingTime,
    subtract_spans,
    to_minute,
    to_minute_up,
)
from obeya.scheduling.plant.problem import MachineCalendar, WorkerCalendar

LOOKBACK = timedelta(days=1)


@dataclass(frozen=True)
class Window:
    """The scheduling window: origin (now, whole minute) and horizon end, in UTC.

    Calendars reach `LOOKBACK` before the origin (negative minutes), so a changeover
    after work that ended before now counts the working time already passed.
    """

    origin: datetime
    end_at: datetime

    @property
    def horizon(self) -> int:
        """The window's length in minutes."""
        return to_minute(self.end_at, self.origin)

    def span(self, start_at: datetime, end_at: datetime) -> Span:
        """A UTC interval as minutes, rounded outward."""
        return (to_minute(start_at, self.origin), to_minute_up(end_at, self.origin))


def down_periods(
    plant: Plant, disruptions: Sequence[Disruption]
) -> dict[str, list[tuple[datetime, datetime | None]]]:
    """Each machine's down periods from machine-down/machine-up events, in event order.

    Raises:
        InputError: when an event names a machine the plant does not have.
    """
    periods: dict[str, list[tuple[datetime, datetime | None]]] = {}
    for event in disruptions:
        if isinstance(event, MachineDown | MachineUp) and not plant.has_machine(event.machine_id):
            raise InputError(f"event names machine {event.machine_id!r}, not in the plant")
        if isinstance(event, MachineDown):
            periods.setdefault(event.machine_id, []).append((event.start_at, event.end_at))
        elif isinstance(event, MachineUp):
            periods[event.machine_id] = [
                (start, _ended(start, end, event.at))
                for start, end in periods.get(event.machine_id, [])
            ]
    return periods


def _ended(start: datetime, end: datetime | None, up_at: datetime) -> datetime | None:
    if start <= up_at and (end is None or end > up_at):
        return max(start, up_at)
    return end


def machine_calendars(
    plant: Plant, window: Window, disruptions: Sequence[Disruption]
) -> dict[str, MachineCalendar]:
    """Working time of every machine: its line's shifts minus breaks, closures and downs."""
    by_shifts: dict[tuple[str, ...], WorkingTime] = {}
    downs = down_periods(plant, disruptions)
    closures = tuple(
        (*window.span(closure.start_at, closure.end_at), closure.reason or "closure")
        for closure in plant.calendar.closures
    )
    calendars: dict[str, MachineCalendar] = {}
    for line in plant.lines:
        key = tuple(sorted(line.shift_ids))
        if key not in by_shifts:
            by_shifts[key] = shift_time(plant, window, key)
        for machine in line.machines:
            spans = tuple(
                window.span(start, end or window.end_at) for start, end in downs.get(machine.id, [])
            )
            working = by_shifts[key].without(spans) if spans else by_shifts[key]
            calendars[machine.id] = MachineCalendar(machine.id, working, spans, closures)
    return calendars


def shift_time(plant: Plant, window: Window, shift_ids: Iterable[str]) -> WorkingTime:
    """Shift time minus breaks and closures inside the window, in minutes."""
    planned = planned_time(
        plant.calendar, plant.site.timezone, window.origin - LOOKBACK, window.end_at, shift_ids
    )
    operation = [window.span(start, end) for start, end in planned.operation]
    breaks = [window.span(start, end) for start, end in planned.breaks]
    return WorkingTime(tuple(subtract_spans(sorted(operation), breaks)))


def worker_calendars(
    plant: Plant, window: Window, disruptions: Sequence[Disruption]
) -> tuple[WorkerCalendar, ...]:
    """Every worker's on-shift time minus absences.

    A worker without shifts works every shift of the plant calendar.

    Raises:
        InputError: when an absence names a worker the plant does not have.
    """
    known = {worker.id for worker in plant.workers}
    absences: dict[str, list[Span]] = {}
    for event in disruptions:
        if isinstance(event, WorkerAbsent):
            if event.worker_id not in known:
                raise InputError(f"event names worker {event.worker_id!r}, not in the plant")
            absences.setdefault(event.worker_id, []).append(
                window.span(event.start_at, event.end_at)
            )
    cache: dict[tuple[str, ...], WorkingTime] = {}
    calendars: list[WorkerCalendar] = []
    for worker in sorted(plant.workers, key=lambda item: item.id):
        key = tuple(sorted(worker.shift_ids))
        if key not in cache:
            cache[key] = shift_time(plant, window, key)
        absent = tuple(absences.get(worker.id, []))
        on_shift = cache[key].without(absent) if absent else cache[key]
        calendars.append(WorkerCalendar(worker.id, frozenset(worker.skills), on_shift, absent))
    return tuple(calendars)


def overlaps(first: WorkingTime, second: WorkingTime) -> bool:
    """True when two working times share at least one minute from the origin on."""
    return any(
        second.working_between(max(0, start), end) > 0 for start, end in first.stretches if end > 0
    )
