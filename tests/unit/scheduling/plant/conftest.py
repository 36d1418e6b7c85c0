"""Small named plants and orders for the plant scheduling tests."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from obeya.domain.calendars import Break, Calendar, Closure, Shift
from obeya.domain.equipment import Area, Line, Machine, Site
from obeya.domain.plant import Plant
from obeya.domain.products import Changeover, Product, RoutingStep
from obeya.domain.work_orders import WorkOrder
from obeya.domain.workers import Worker

WEEKDAYS = (0, 1, 2, 3, 4)
MONDAY_6 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # 07:00 in Berlin


def two_shift_calendar(closures: tuple[Closure, ...] = ()) -> Calendar:
    """Early 06:00-14:00 with breaks 09:00 (15 min) and 12:00 (30 min); late 14:00-22:00."""
    early = Shift("early", time(6), time(14), WEEKDAYS, (Break(time(9), 15), Break(time(12), 30)))
    late = Shift("late", time(14), time(22), WEEKDAYS)
    return Calendar((early, late), closures)


def make_plant(
    calendar: Calendar | None = None,
    products: tuple[Product, ...] | None = None,
    workers: tuple[Worker, ...] | None = None,
) -> Plant:
    """Line L1 (saw + two lathes, both shifts) and line L2 (saw + mill, early only)."""
    line_one = Line(
        "L1",
        "Shaft line",
        "A",
        (
            Machine("L1-SAW", "Saw", "L1", "saw"),
            Machine("L1-CNC1", "Lathe 1", "L1", "lathe"),
            Machine("L1-CNC2", "Lathe 2", "L1", "lathe"),
        ),
    )
    line_two = Line(
        "L2",
        "Flange line",
        "A",
        (Machine("L2-SAW", "Saw", "L2", "saw"), Machine("L2-MILL", "Mill", "L2", "mill")),
        shift_ids=("early",),
    )
    shaft = Product(
        "P-100",
        "Shaft 20 mm",
        "shafts",
        (
            RoutingStep(10, {"L1-SAW": 12, "L2-SAW": 15}, 10),
            RoutingStep(20, {"L1-CNC1": 95, "L1-CNC2": 110}, 25, "lathe"),
        ),
    )
    flange = Product(
        "P-200",
        "Flange",
        "flanges",
        (
            RoutingStep(10, {"L2-SAW": 20}, 5),
            RoutingStep(20, {"L2-MILL": 60, "L1-CNC2": 80}, 15, None, False),
        ),
    )
    default_workers = (
        Worker("W001", "A. Operator", ("lathe", "saw"), ("early",)),
        Worker("W002", "B. Operator", ("lathe",), ("late",)),
    )
    return Plant(
        Site("demo", "Demo Works", "Europe/Berlin"),
        calendar or two_shift_calendar(),
        (Area("A", "Machining", (line_one, line_two)),),
        products=products if products is not None else (shaft, flange),
        workers=workers if workers is not None else default_workers,
        changeovers=(Changeover("shafts", "flanges", 30), Changeover("flanges", "shafts", 20)),
    )


def make_orders(count: int = 6, due_hours: float = 30.0) -> list[WorkOrder]:
    """Alternating shaft and flange orders of 20, 25, ... pieces due in due_hours + 4 h each."""
    return [
        WorkOrder(
            f"WO-{number}",
            "P-100" if number % 2 else "P-200",
            20 + 5 * number,
            MONDAY_6 + timedelta(hours=due_hours + 4 * number),
            priority=1 + number % 3,
        )
        for number in range(count)
    ]


@pytest.fixture
def two_line_plant() -> Plant:
    """The hand-made two-line plant."""
    return make_plant()


@pytest.fixture
def now() -> datetime:
    """Monday 2026-11-23 07:00 Berlin (06:00 UTC), the start of the early shift."""
    return MONDAY_6
