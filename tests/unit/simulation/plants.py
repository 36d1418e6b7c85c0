"""A small plant for the plant simulator tests, built from domain values."""

from __future__ import annotations

from datetime import UTC, datetime, time

from obeya.domain.calendars import Break, Calendar, Closure, Shift
from obeya.domain.equipment import Area, Line, Machine, Site
from obeya.domain.plant import Plant
from obeya.domain.products import Changeover, Product, RoutingStep
from obeya.domain.reasons import Reason, ReasonCategory

WEEKDAYS = (0, 1, 2, 3, 4)


def _machines(line_id: str, names: list[str]) -> tuple[Machine, ...]:
    return tuple(Machine(f"{line_id}-{name}", name, line_id) for name in names)


def small_plant() -> Plant:
    """Two lines (one on two shifts, one on the early shift only), three products."""
    calendar = Calendar(
        shifts=(
            Shift("early", time(6), time(14), WEEKDAYS, (Break(time(9), 15), Break(time(12), 30))),
            Shift("night", time(22), time(6), WEEKDAYS, (Break(time(1), 30),)),
        ),
        closures=(
            Closure(datetime(2026, 12, 24, tzinfo=UTC), datetime(2026, 12, 27, tzinfo=UTC), "Xmas"),
        ),
    )
    first = Line("L1", "Shafts", "machining", _machines("L1", ["SAW", "CNC1", "CNC2"]))
    second = Line("L2", "Assembly", "assembly", _machines("L2", ["ASM", "TEST"]), ("early",))
    unplanned, minor = ReasonCategory.UNPLANNED, ReasonCategory.MINOR_STOP
    reasons = (
        Reason("breakdown", unplanned),
        Reason("spindle", unplanned, parent="breakdown"),
        Reason("tool-breakage", unplanned, parent="breakdown"),
        Reason("micro-stop", minor),
        Reason("jam", minor, parent="micro-stop"),
        Reason("changeover", ReasonCategory.SETUP),
        Reason("starved", ReasonCategory.IDLE),
        Reason("no-order", ReasonCategory.IDLE),
        Reason("cleaning", ReasonCategory.PLANNED),
    )
    products = (
        Product("P-100", "Shaft", "shafts", (
            RoutingStep(10, {"L1-SAW": 12.0}, 10),
            RoutingStep(20, {"L1-CNC1": 95.0, "L1-CNC2": 110.0}, 25),
        )),
        Product("P-200", "Long shaft", "shafts", (
            RoutingStep(10, {"L1-SAW": 15.0}, 10),
            RoutingStep(20, {"L1-CNC2": 120.0}, 20),
        )),
        Product("G-1", "Gearbox", "gearboxes", (
            RoutingStep(10, {"L2-ASM": 240.0}, 15),
            RoutingStep(20, {"L2-TEST": 60.0}, 5),
        )),
    )  # fmt: skip
    return Plant(
        site=Site("demo", "Demo Works", "Europe/Berlin"),
        calendar=calendar,
        areas=(Area("machining", "Machining", (first,)), Area("assembly", "Assembly", (second,))),
        reasons=reasons,
        products=products,
        changeovers=(Changeover("shafts", "gearboxes", 30.0),),
    )
