"""The plant simulator of the living demo: canonical shop-floor events for every machine.

Each machine runs only in its line's shifts (domain.calendars.planned_time): `running`
while producing, `planned_stop` at every break and shift end, breakdowns (`down`, a reason
from the plant's tree, some left without reason for the operator to explain), micro-stops,
idle periods (`idle`, starved), `setup` (reason changeover) when the product changes, a
`count` per produced batch (good, scrap, rework, product) at a rate taken from the
routing's ideal cycle time, and `order` start/stop events when orders are given.

Without orders, each machine's story is anchored on calendar weeks (from Monday 00:00
UTC): the events of an instant depend on the seed, the machine and the week only, never
on the window asked for. Two overlapping windows agree on their overlap, a history up to
T and a live stream from T continue each other, and event ids repeat exactly, so
ingesting a rerun changes nothing. A window starts with the state in effect at its start.

Machines are independent (no material flow between them). Timestamps are whole
seconds; events come in time order. Event ids are `sim-<machine>-<n>` with n = POSIX
second * 1000 + rank within that second (999 for the state repeated at a window start).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from obeya.domain.calendars import planned_time, subtract
from obeya.domain.equipment import Line
from obeya.domain.events import ShopFloorEvent, StateChanged
from obeya.domain.plant import Plant
from obeya.domain.work_orders import WorkOrder
from obeya.simulation.machine_run import LAST_RANK, MachineRun, assign_orders
from obeya.simulation.plant_behaviour import MachineBehaviour, StopReasons, stop_reasons

_WEEK = timedelta(days=7)
_ANCHOR = datetime(2024, 1, 1, tzinfo=UTC)  # a Monday: weeks of every story start here
_MOST_EMPTY_WEEKS = 60  # a calendar without shifts for longer than this ends the stream
Segment = tuple[float, float]


def simulate_plant(
    plant: Plant,
    start_at: datetime,
    end_at: datetime,
    seed: int,
    orders: Sequence[WorkOrder] | None = None,
    behaviour: MachineBehaviour | None = None,
) -> Iterator[ShopFloorEvent]:
    """Every machine's events in `[start_at, end_at)`, in time order.

    With `orders`, each order's routing steps go to one eligible machine each (in due
    order) and machines idle (reason no-order) when they have none left; the story then
    starts at `start_at`. Without, machines run campaigns of random eligible products.
    """
    behaviour = behaviour or MachineBehaviour()
    start_at = _whole_second_after(start_at)
    if orders is not None:
        return _with_orders(plant, start_at, end_at, seed, orders, behaviour)
    return _anchored(plant, start_at, end_at, seed, behaviour)


def live_events(
    plant: Plant,
    start_at: datetime,
    seed: int,
    behaviour: MachineBehaviour | None = None,
) -> Iterator[ShopFloorEvent]:
    """An endless, time-ordered stream of events from `start_at` (the caller paces it).

    It continues `simulate_plant(plant, ..., start_at, seed)` exactly.
    """
    return _anchored(
        plant, _whole_second_after(start_at), None, seed, behaviour or MachineBehaviour()
    )


def _anchored(
    plant: Plant,
    start_at: datetime,
    end_at: datetime | None,
    seed: int,
    behaviour: MachineBehaviour,
) -> Iterator[ShopFloorEvent]:
    reasons = stop_reasons(plant)
    streams = [
        _clipped(
            _weekly(plant, line, machine.id, start_at, seed, behaviour, reasons), start_at, end_at
        )
        for line in plant.lines
        for machine in line.machines
    ]
    return heapq.merge(*streams, key=_event_time)


def _weekly(
    plant: Plant,
    line: Line,
    machine_id: str,
    start_at: datetime,
    seed: int,
    behaviour: MachineBehaviour,
    reasons: StopReasons,
) -> Iterator[ShopFloorEvent]:
    """One machine's story week after week, from the week that holds `start_at`."""
    week = (start_at - _ANCHOR) // _WEEK
    empty_weeks = 0
    while empty_weeks < _MOST_EMPTY_WEEKS:
        week_start = _ANCHOR + week * _WEEK
        week_end = week_start + _WEEK
        run = MachineRun(plant, machine_id, f"{seed}/{machine_id}/{week}", behaviour, reasons, None)
        segments = list(working_segments(plant, line.shift_ids, week_start, week_end))
        empty_weeks = 0 if segments else empty_weeks + 1
        yield from run.events(segments, week_start.timestamp(), week_end.timestamp())
        week += 1


def _clipped(
    events: Iterator[ShopFloorEvent], start_at: datetime, end_at: datetime | None
) -> Iterator[ShopFloorEvent]:
    """The events in `[start_at, end_at)`, led by the state in effect at `start_at`.

    A state equal to the one before it (a week that starts as the last one ended) is
    dropped, so states change one at a time.
    """
    in_effect: StateChanged | None = None
    last_state: tuple[object, object] | None = None
    for event in events:
        if end_at is not None and event.at >= end_at:
            break
        if isinstance(event, StateChanged):
            if (event.state, event.reason) == last_state:
                continue
            last_state = (event.state, event.reason)
        if event.at < start_at:
            in_effect = event if isinstance(event, StateChanged) else in_effect
            continue
        if in_effect is not None and event.at > start_at:
            yield _repeated_at(in_effect, start_at)
        in_effect = None
        yield event
    if in_effect is not None and (end_at is None or start_at < end_at):
        yield _repeated_at(in_effect, start_at)


def _repeated_at(event: StateChanged, start_at: datetime) -> StateChanged:
    number = int(start_at.timestamp()) * 1000 + LAST_RANK
    return replace(event, event_id=f"sim-{event.machine_id}-{number}", at=start_at)


def _with_orders(
    plant: Plant,
    start_at: datetime,
    end_at: datetime,
    seed: int,
    orders: Sequence[WorkOrder],
    behaviour: MachineBehaviour,
) -> Iterator[ShopFloorEvent]:
    reasons = stop_reasons(plant)
    work = assign_orders(plant, orders)
    streams = []
    for line in plant.lines:
        for machine in line.machines:
            stream = f"{seed}/{machine.id}/orders"
            run = MachineRun(
                plant, machine.id, stream, behaviour, reasons, work.get(machine.id, [])
            )
            segments = working_segments(plant, line.shift_ids, start_at, end_at)
            streams.append(run.events(segments, start_at.timestamp(), end_at.timestamp()))
    return heapq.merge(*streams, key=_event_time)


def _whole_second_after(moment: datetime) -> datetime:
    """`moment` in UTC rounded up to a whole second (events are stamped in whole seconds)."""
    moment = moment.astimezone(UTC)
    whole = moment.replace(microsecond=0)
    return whole if whole == moment else whole + timedelta(seconds=1)


def _event_time(event: ShopFloorEvent) -> datetime:
    return event.at


def working_segments(
    plant: Plant, shift_ids: Sequence[str], start_at: datetime, end_at: datetime
) -> Iterator[Segment]:
    """Planned operation time minus breaks in `[start_at, end_at)`, as POSIX seconds.

    Computed a week at a time; pieces that touch across week boundaries are joined.
    """
    pending: Segment | None = None
    window_start = start_at.astimezone(UTC)
    while window_start < end_at:
        window_end = min(window_start + _WEEK, end_at)
        planned = planned_time(
            plant.calendar, plant.site.timezone, window_start, window_end, shift_ids
        )
        for start, end in subtract(planned.operation, planned.breaks):
            segment = (start.timestamp(), end.timestamp())
            if pending is not None and pending[1] == segment[0]:
                pending = (pending[0], segment[1])
                continue
            if pending is not None:
                yield pending
            pending = segment
        window_start = window_end
    if pending is not None:
        yield pending
