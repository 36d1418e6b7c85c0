"""`obeya demo`: the demo plant, its open orders and weeks of simulated history.

The history comes from the plant simulator and goes through the same event ledger as
real machine data, so every KPI of the demo is computed exactly as on a real floor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from obeya.domain.events import ShopFloorEvent
from obeya.domain.plant import Plant
from obeya.domain.work_orders import WorkOrder
from obeya.plantfile import demo_plant_text, demo_work_orders, load_plant
from obeya.services.plant import init_database
from obeya.services.runtime import Runtime
from obeya.simulation import simulate_plant

BATCH = 5000
OPEN_WEEKS = 3
OPEN_FIRST_NUMBER = 50001


@dataclass(frozen=True)
class DemoSummary:
    """What `prepare_demo` set up."""

    site_id: str
    machines: int
    orders: int
    events_written: int
    history_start_at: datetime
    history_end_at: datetime


def prepare_demo(
    runtime: Runtime,
    history_days: int,
    *,
    seed: int = 1,
    now: datetime | None = None,
    on_progress: Callable[[float], None] | None = None,
) -> DemoSummary:
    """Load the demo plant and orders and write `history_days` of history up to `now`.

    Idempotent: a database that already holds the demo keeps its orders, and history
    is written again only where event ids are new (they are deterministic per seed).
    """
    end_at = (now or datetime.now(UTC)).replace(microsecond=0)
    start_at = end_at - timedelta(days=history_days)
    plant = load_plant(demo_plant_text(), source="demo plant")
    init_database(runtime, demo_plant_text(), source="demo plant")
    orders = _demo_orders(start_at, end_at, history_days, seed)
    with runtime.uow() as uow:
        if not uow.orders.list():
            uow.orders.add_all(orders)
            uow.commit()
        order_count = len(uow.orders.list())
    written = _write_history(runtime, plant, start_at, end_at, seed, on_progress)
    return DemoSummary(plant.site.id, len(plant.machines), order_count, written, start_at, end_at)


def _demo_orders(
    start_at: datetime, end_at: datetime, history_days: int, seed: int
) -> list[WorkOrder]:
    """Completed orders over the history, then three weeks of open orders from now.

    The history's orders are numbered from WO-10001, the open ones from WO-50001; open
    orders whose release has come are released, the rest planned.
    """
    done: list[WorkOrder] = []
    if history_days >= 7:
        past = demo_work_orders(start_at, weeks=history_days // 7, seed=seed)
        done = [order.release().start().complete() for order in past if order.due_at < end_at]
    future = demo_work_orders(end_at, weeks=OPEN_WEEKS, seed=seed + 1)
    open_orders = []
    for number, order in enumerate(future, start=OPEN_FIRST_NUMBER):
        renamed = replace(order, id=f"WO-{number}")
        released = renamed.release_at is None or renamed.release_at <= end_at
        open_orders.append(renamed.release() if released else renamed)
    return done + open_orders


def _write_history(
    runtime: Runtime,
    plant: Plant,
    start_at: datetime,
    end_at: datetime,
    seed: int,
    on_progress: Callable[[float], None] | None,
) -> int:
    if end_at <= start_at:
        return 0
    sink = runtime.sink()
    span = (end_at - start_at).total_seconds()
    batch: list[ShopFloorEvent] = []
    written = 0
    for event in simulate_plant(plant, start_at, end_at, seed=seed):
        batch.append(event)
        if len(batch) >= BATCH:
            written += sink.append(batch).accepted
            batch = []
            if on_progress is not None:
                on_progress((event.at - start_at).total_seconds() / span)
    if batch:
        written += sink.append(batch).accepted
    if on_progress is not None:
        on_progress(1.0)
    return written
