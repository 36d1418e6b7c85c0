"""The demo plant shipped with obeya, and open work orders that load it to about 70 %.

The plant (`demo_plant.yaml` beside this module): a machining and assembly site in
Europe/Berlin with three lines (shafts, housings and flanges, gearbox assembly), 15
machines, 10 products in 4 families, 3 shifts and 30 workers. `obeya demo` and the
tests use it.

`demo_work_orders` draws orders (seeded, deterministic) until the busiest machine of
each line reaches about 70 % of its planned production time over the horizon. The load
is an estimate: a step's run time is shared among its eligible machines so each works
the same time (faster machines make more units), and each eligible machine gets its
share of the step's setup.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, time, timedelta
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from obeya.domain.calendars import planned_time
from obeya.domain.errors import InputError
from obeya.domain.plant import Plant
from obeya.domain.products import Product
from obeya.domain.work_orders import WorkOrder
from obeya.plantfile.load import load_plant

DEMO_PLANT_FILE = "demo_plant.yaml"
TARGET_LOAD = 0.7
"""The load of the most loaded machine that `demo_work_orders` lets no machine exceed (ratio)."""

FIRST_ORDER_NUMBER = 10001
LOT_SIZES = {"shafts": (60, 150), "flanges": (100, 240), "housings": (30, 70)}
DEFAULT_LOT_SIZE = (30, 80)
"""Lots are sized so every operation fits in one shift on its slowest machine: the
scheduler staffs an operation with one worker from start to end."""
MAX_ORDERS_PER_WEEK = 150
MAX_MISSES = 60
"""Draws that do not fit, in all, before `demo_work_orders` stops drawing."""


def demo_plant_text() -> str:
    """The plant file text of the demo plant (YAML, `obeya: 1`)."""
    return resources.files("obeya.plantfile").joinpath(DEMO_PLANT_FILE).read_text(encoding="utf-8")


@cache
def demo_plant() -> Plant:
    """The demo plant, loaded and checked (strict: no warnings allowed)."""
    return load_plant(demo_plant_text(), DEMO_PLANT_FILE, strict=True)


def available_s(plant: Plant, start_at: datetime, end_at: datetime) -> dict[str, float]:
    """Planned production time per machine in `[start_at, end_at)`, seconds.

    Shifts of the machine's line (all shifts when the line names none), minus closures
    and breaks.
    """
    found: dict[str, float] = {}
    for line in plant.lines:
        planned = planned_time(
            plant.calendar, plant.site.timezone, start_at, end_at, line.shift_ids
        )
        seconds = _total_s(planned.operation) - _total_s(planned.breaks)
        found.update({machine.id: seconds for machine in line.machines})
    return found


def _total_s(intervals: Iterable[tuple[datetime, datetime]]) -> float:
    return sum((end - start).total_seconds() for start, end in intervals)


def order_work_s(product: Product, quantity: int) -> dict[str, float]:
    """Seconds of work (run and setup) an order puts on each machine; see the module doc."""
    work: dict[str, float] = {}
    for step in product.routing:
        units_per_s = sum(1.0 / cycle for cycle in step.cycle_s.values())
        run_s = quantity / units_per_s
        setup_s = step.setup_min * 60.0 / len(step.cycle_s)
        for machine_id in step.cycle_s:
            work[machine_id] = work.get(machine_id, 0.0) + run_s + setup_s
    return work


def machine_load(
    plant: Plant, orders: Sequence[WorkOrder], start_at: datetime, end_at: datetime
) -> dict[str, float]:
    """The load of every machine: work of the orders / planned production time (ratio)."""
    capacity = available_s(plant, start_at, end_at)
    work = dict.fromkeys(capacity, 0.0)
    for order in orders:
        for machine_id, seconds in order_work_s(
            plant.product(order.product_id), order.quantity
        ).items():
            work[machine_id] = work.get(machine_id, 0.0) + seconds
    return {
        machine_id: seconds / capacity[machine_id] if capacity.get(machine_id) else float("inf")
        for machine_id, seconds in work.items()
    }


def demo_work_orders(start_at: datetime, weeks: int = 3, seed: int = 1) -> list[WorkOrder]:
    """A few weeks of open orders for the demo plant, from `start_at` (aware datetime).

    Deterministic for (start_at, weeks, seed). Ids `WO-10001` on. Orders are drawn until
    no more fit: each draw takes the least loading of three random products, and is kept
    only while every machine stays at or below about 70 % (so each line's most loaded
    machine ends near 70 %: the 30 workers, not the machines, limit the plant). Due dates
    spread over the horizon (22:00 local on weekdays); about a fifth have priority 2 or 3
    and a fifth a `material_available_at`.

    Raises:
        InputError: `start_at` is naive or `weeks` < 1.
    """
    if start_at.tzinfo is None or start_at.utcoffset() is None:
        raise InputError("start_at must be an aware datetime (with a UTC offset)")
    if weeks < 1:
        raise InputError(f"weeks must be 1 or more, got {weeks}")
    plant = demo_plant()
    horizon = (start_at, start_at + timedelta(weeks=weeks))
    capacity = available_s(plant, *horizon)
    rng = random.Random(seed)
    zone = ZoneInfo(plant.site.timezone)
    work = dict.fromkeys(capacity, 0.0)
    orders: list[WorkOrder] = []
    misses = 0
    while misses < MAX_MISSES and len(orders) < MAX_ORDERS_PER_WEEK * weeks:
        choices = [(product, _lot_size(rng, product)) for product in rng.sample(plant.products, 3)]
        loads = [_load_after(work, capacity, product, quantity) for product, quantity in choices]
        best = min(range(len(choices)), key=loads.__getitem__)
        if loads[best] > TARGET_LOAD:
            misses += 1
            continue
        product, quantity = choices[best]
        for machine_id, seconds in order_work_s(product, quantity).items():
            work[machine_id] += seconds
        number = FIRST_ORDER_NUMBER + len(orders)
        orders.append(_order(rng, number, product, quantity, horizon, zone))
    return orders


def _load_after(
    work: dict[str, float], capacity: dict[str, float], product: Product, quantity: int
) -> float:
    """The highest load among the product's machines if this order were added."""
    added = order_work_s(product, quantity)
    return max((work[machine_id] + s) / capacity[machine_id] for machine_id, s in added.items())


def _lot_size(rng: random.Random, product: Product) -> int:
    low, high = LOT_SIZES.get(product.family or "", DEFAULT_LOT_SIZE)
    return rng.randrange(low, high + 1, 10)


def _order(
    rng: random.Random,
    number: int,
    product: Product,
    quantity: int,
    horizon: tuple[datetime, datetime],
    zone: ZoneInfo,
) -> WorkOrder:
    start_at, end_at = horizon
    span_s = (end_at - start_at).total_seconds()
    release_at = None
    if rng.random() < 0.4:
        release_at = start_at + timedelta(minutes=round(rng.uniform(0.0, 0.5) * span_s / 60))
    earliest = release_at or start_at
    due_at = _evening(earliest + timedelta(seconds=rng.uniform(0.4, 0.9) * span_s), zone)
    due_at = min(due_at, _evening(end_at - timedelta(days=1), zone))
    due_at = max(due_at, earliest + timedelta(days=1))
    priority = rng.choices((1, 2, 3), weights=(80, 15, 5))[0]
    material_at = None
    if rng.random() < 0.2:
        material_at = earliest + timedelta(hours=rng.randint(8, 72))
    return WorkOrder(
        id=f"WO-{number}",
        product_id=product.id,
        quantity=quantity,
        due_at=due_at,
        release_at=release_at,
        priority=priority,
        material_available_at=material_at,
    )


def _evening(moment: datetime, zone: ZoneInfo) -> datetime:
    """22:00 local on the day of `moment`, moved back to Friday on weekends, in UTC."""
    day = moment.astimezone(zone).date()
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, time(22, 0), tzinfo=zone).astimezone(UTC)
