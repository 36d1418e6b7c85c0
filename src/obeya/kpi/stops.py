"""Stops: non-running state intervals with their ISO 22400 class and busy-time duration.

A stop is one state interval that is not `running` (a new state event starts a new
stop). Its `busy_us` is the part of it inside planned busy time, i.e. inside POT and
outside breaks: the part the ledger books to AUST, ADET, ADOT, PDOT (planned reasons
and `planned_stop`) or unknown. Summed per class, `busy_us` equals the ledger's element.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from obeya.domain.calendars import subtract
from obeya.domain.events import MachineState
from obeya.domain.reasons import ReasonCategory
from obeya.kpi.columns import (
    ADET,
    APT,
    CATEGORY_CLASS,
    STATE_CLASS,
    from_us,
    to_us,
)
from obeya.kpi.ledger import IntervalUs, PlannedWindow
from obeya.kpi.timeline import StateInterval

CLASS_NAMES = ("apt", "pdot", "aust", "adet", "adot", "unknown")


@dataclass(frozen=True)
class Stop:
    """A non-running interval: class index (see `columns`), reason, and busy time."""

    interval: StateInterval
    element: int
    category: ReasonCategory | None
    busy_us: int

    @property
    def duration_us(self) -> int:
        """The whole length of the interval in microseconds."""
        return to_us(self.interval.end_at) - to_us(self.interval.start_at)


def interval_class(
    interval: StateInterval, categories: Mapping[str, ReasonCategory]
) -> tuple[int, ReasonCategory | None]:
    """The class of an interval by the contract's order (breaks aside) and its category."""
    if interval.state is MachineState.RUNNING:
        return APT, None
    category = categories.get(interval.reason) if interval.reason else None
    if category is not None:
        return CATEGORY_CLASS[category], category
    return STATE_CLASS[interval.state], None


def busy_spans(window: PlannedWindow) -> list[IntervalUs]:
    """POT minus breaks of a planned window, sorted, in microseconds."""
    operation = [(from_us(start), from_us(end)) for start, end in window.operation]
    breaks = [(from_us(start), from_us(end)) for start, end in window.breaks]
    return [(to_us(start), to_us(end)) for start, end in subtract(operation, breaks)]


def overlap_us(start_us: int, end_us: int, spans: Sequence[IntervalUs]) -> int:
    """Microseconds of `[start_us, end_us)` inside sorted disjoint `spans`."""
    index = max(bisect_right(spans, (start_us, start_us)) - 1, 0)
    covered = 0
    while index < len(spans) and spans[index][0] < end_us:
        span_start, span_end = spans[index]
        covered += max(0, min(end_us, span_end) - max(start_us, span_start))
        index += 1
    return covered


def stops_of(
    intervals: Sequence[StateInterval],
    window: PlannedWindow,
    categories: Mapping[str, ReasonCategory],
) -> list[Stop]:
    """Every non-running interval of one machine with its class and busy time."""
    spans = busy_spans(window)
    found: list[Stop] = []
    for interval in intervals:
        element, category = interval_class(interval, categories)
        if element == APT:
            continue
        busy = overlap_us(to_us(interval.start_at), to_us(interval.end_at), spans)
        found.append(Stop(interval, element, category, busy))
    return found


def is_minor(stop: Stop, micro_stop_us: int) -> bool:
    """True for an ADET stop booked as a minor stop: category minor_stop or short."""
    if stop.element != ADET:
        return False
    return stop.category is ReasonCategory.MINOR_STOP or stop.duration_us < micro_stop_us
