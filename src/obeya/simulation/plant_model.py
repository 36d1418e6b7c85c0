"""The plant simulator of the living demo: canonical shop-floor events for every machine.

Each machine runs only in its line's shifts (domain.calendars.planned_time): `running`
while producing, `planned_stop` at every break and shift end, breakdowns (`down`, a reason
from the plant's tree, some left without reason for the operator to explain), micro-stops,
idle periods (`idle`, starved), `setup` (reason changeover) when the product changes, a
`count` per produced batch (good, scrap, rework, product) at a rate taken from the
routing's ideal cycle time, and `order` start/stop events when orders are given.

Machines are independent (no material flow between them). Event ids are
`sim-<machine>-<n>`; timestamps are whole seconds; events come in time order.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta

from obeya.domain.calendars import planned_time, subtract
from obeya.domain.events import ShopFloorEvent
from obeya.domain.plant import Plant
from obeya.domain.work_orders import WorkOrder
from obeya.simulation.machine_run import MachineRun, assign_orders
from obeya.simulation.plant_behaviour import MachineBehaviour, stop_reasons

_CHUNK = timedelta(days=7)
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
    order) and machines idle (reason no-order) when they have none left; without, they
    run campaigns of random eligible products.
    """
    return _merged(plant, start_at, end_at, seed, orders, behaviour or MachineBehaviour())


def live_events(
    plant: Plant,
    start_at: datetime,
    seed: int,
    behaviour: MachineBehaviour | None = None,
) -> Iterator[ShopFloorEvent]:
    """An endless, time-ordered stream of events from `start_at` (the caller paces it)."""
    return _merged(plant, start_at, None, seed, None, behaviour or MachineBehaviour())


def _merged(
    plant: Plant,
    start_at: datetime,
    end_at: datetime | None,
    seed: int,
    orders: Sequence[WorkOrder] | None,
    behaviour: MachineBehaviour,
) -> Iterator[ShopFloorEvent]:
    reasons = stop_reasons(plant)
    work = assign_orders(plant, orders) if orders is not None else None
    streams = []
    for line in plant.lines:
        for machine in line.machines:
            run = MachineRun(
                plant, machine.id, seed, behaviour, reasons,
                None if work is None else work.get(machine.id, []),
            )  # fmt: skip
            segments = working_segments(plant, line.shift_ids, start_at, end_at)
            streams.append(run.events(segments, start_at.timestamp(), _seconds(end_at)))
    return heapq.merge(*streams, key=_event_time)


def _event_time(event: ShopFloorEvent) -> datetime:
    return event.at


def _seconds(moment: datetime | None) -> float | None:
    return None if moment is None else moment.timestamp()


def working_segments(
    plant: Plant, shift_ids: Sequence[str], start_at: datetime, end_at: datetime | None
) -> Iterator[Segment]:
    """Planned operation time minus breaks, as (start, end) POSIX seconds, in order.

    Computed a week at a time (so it may run forever when `end_at` is None); pieces
    that touch across week boundaries are joined. More than 60 weeks in a row without
    planned time end the sequence (a calendar with no shifts at all).
    """
    pending: Segment | None = None
    window_start = start_at.astimezone(UTC)
    empty_weeks = 0
    while (end_at is None or window_start < end_at) and empty_weeks < _MOST_EMPTY_WEEKS:
        window_end = window_start + _CHUNK if end_at is None else min(window_start + _CHUNK, end_at)
        planned = planned_time(
            plant.calendar, plant.site.timezone, window_start, window_end, shift_ids
        )
        pieces = subtract(planned.operation, planned.breaks)
        empty_weeks = 0 if pieces else empty_weeks + 1
        for start, end in pieces:
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
