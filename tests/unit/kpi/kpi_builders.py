"""Plants and event builders for the KPI engine tests (imported by the test modules)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from obeya.domain.calendars import Break, Calendar, Closure, Shift
from obeya.domain.equipment import Area, Line, Machine, Site
from obeya.domain.events import (
    CountRecorded,
    MachineState,
    OrderAction,
    OrderMarked,
    StateChanged,
    StopReasonAssigned,
)
from obeya.domain.plant import Plant
from obeya.domain.products import Product, RoutingStep
from obeya.domain.reasons import Reason, ReasonCategory

WEEKDAYS = (0, 1, 2, 3, 4)
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)
MONDAY = datetime(2026, 11, 23, tzinfo=UTC)  # Berlin is UTC+1 in November


def at(hour: int, minute: int = 0, day: datetime = MONDAY) -> datetime:
    """An instant on the test Monday (UTC)."""
    return day + timedelta(hours=hour, minutes=minute)


def reasons() -> tuple[Reason, ...]:
    """The contract's example reason tree."""
    return (
        Reason("breakdown", ReasonCategory.UNPLANNED),
        Reason("tool-breakage", ReasonCategory.UNPLANNED, parent="breakdown"),
        Reason("micro-stop", ReasonCategory.MINOR_STOP),
        Reason("changeover", ReasonCategory.SETUP),
        Reason("starved", ReasonCategory.IDLE),
        Reason("preventive-maintenance", ReasonCategory.PLANNED),
    )


def make_plant(
    shifts: tuple[Shift, ...],
    machine_ids: tuple[str, ...] = ("M1",),
    timezone: str = "Europe/Berlin",
    closures: tuple[Closure, ...] = (),
    line_shift_ids: tuple[str, ...] = (),
) -> Plant:
    """A one-area, one-line plant with product P-100 (60 s/unit on every machine)."""
    machines = tuple(Machine(item, item, "L1") for item in machine_ids)
    line = Line("L1", "Line 1", "A1", machines, shift_ids=line_shift_ids)
    products = (
        Product("P-100", "Shaft", "shafts", (RoutingStep(10, dict.fromkeys(machine_ids, 60.0)),)),
        Product("P-200", "Other", None, (RoutingStep(10, {"ELSEWHERE": 30.0}),)),
    )
    return Plant(
        Site("demo", "Demo", timezone),
        Calendar(shifts, closures),
        (Area("A1", "Area", (line,)),),
        reasons(),
        products,
    )


EARLY = Shift(
    "early",
    time(6),
    time(14),
    WEEKDAYS,
    (Break(time(9), 15), Break(time(12), 30)),
)
NIGHT = Shift("night", time(22), time(6), EVERY_DAY)


class Events:
    """Numbered event builders: ids sort in creation order."""

    def __init__(self, machine_id: str = "M1") -> None:
        self.machine_id = machine_id
        self.number = 0

    def _id(self) -> str:
        self.number += 1
        return f"{self.machine_id}-{self.number:06d}"

    def state(self, moment: datetime, state: str, reason: str | None = None) -> StateChanged:
        """A state event."""
        return StateChanged(self._id(), moment, self.machine_id, MachineState(state), reason)

    def count(
        self,
        moment: datetime,
        good: int,
        scrap: int = 0,
        rework: int = 0,
        product: str | None = None,
    ) -> CountRecorded:
        """A count event."""
        return CountRecorded(self._id(), moment, self.machine_id, good, scrap, rework, product)

    def order(self, moment: datetime, order_id: str, action: str = "start") -> OrderMarked:
        """An order mark."""
        return OrderMarked(self._id(), moment, self.machine_id, order_id, OrderAction(action))

    def assign(
        self, moment: datetime, stop_at: datetime, reason: str, event_id: str | None = None
    ) -> StopReasonAssigned:
        """A supervisor's reason assignment for the stop that began at `stop_at`."""
        return StopReasonAssigned(event_id or self._id(), moment, self.machine_id, stop_at, reason)


def worked_shift_events() -> list[object]:
    """One early shift (05:00-13:00 UTC; breaks 08:00-08:15 and 11:00-11:30 UTC)."""
    make = Events()
    return [
        make.order(at(5), "WO-1"),
        make.state(at(5), "running"),
        make.state(at(7), "down", "tool-breakage"),
        make.state(at(8), "running"),  # runs through the 08:00 break
        make.count(at(9), 100, scrap=4, rework=2, product="P-100"),
        make.state(at(10), "setup"),
        make.state(at(10, 30), "running"),
        make.count(at(10, 40), 5, product="P-200"),  # M1 not eligible: PRI unknown
        make.state(at(11), "idle"),  # the 11:00 break
        make.state(at(11, 30), "down"),
        make.state(at(11, 40), "idle", "starved"),
        make.state(at(12), "planned_stop"),
        make.state(at(12, 15), "down", "preventive-maintenance"),
        make.state(at(12, 30), "running"),
        make.count(at(12, 45), 50),  # product from running order WO-1
        make.state(at(12, 50), "offline"),
        make.state(at(13), "running"),  # after the shift: outside POT
        make.count(at(13, 20), 10, product="P-100"),
        make.state(at(13, 30), "idle"),
    ]
