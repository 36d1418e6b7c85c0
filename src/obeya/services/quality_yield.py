"""First-pass yield, scrap and the quality figures of a window, from ledger and records.

Produced quantity per product and line: good + scrap + rework of the count events in
`[start, end)` on the machines of the product's last routing step (a part counted on
the saw and again on the lathe is produced once). A count without a product takes the
product of the work order the machine runs then. Nonconforming units come from the
nonconformance reports found in the same window.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from obeya.domain.errors import InputError
from obeya.domain.events import CountRecorded, OrderAction, OrderMarked, ShopFloorEvent
from obeya.domain.plant import Plant
from obeya.domain.quality import Disposition, Nonconformance, ProducedQuantity
from obeya.domain.times import format_timestamp
from obeya.quality import first_pass_yield, scrap_cost
from obeya.services.quality_nonconformance import domain_records, pareto_rows
from obeya.services.runtime import Runtime
from obeya.storage.clock import to_us

ProductLine = tuple[str, str]


def _final_machines(plant: Plant) -> set[tuple[str, str]]:
    """(product, machine) pairs of every product's last routing step."""
    pairs: set[tuple[str, str]] = set()
    for product in plant.products:
        if product.routing:
            last = max(product.routing, key=lambda routing_step: routing_step.step)
            pairs.update((product.id, machine_id) for machine_id in last.machine_ids)
    return pairs


def _count_products(
    events: Sequence[ShopFloorEvent], order_products: Mapping[str, str], start_us: int
) -> list[tuple[CountRecorded, str | None]]:
    """Counts at or after `start_us` with their product (own, else the running order's)."""
    running: dict[str, str | None] = {}
    found: list[tuple[CountRecorded, str | None]] = []
    marks_first = sorted(
        (event for event in events if isinstance(event, CountRecorded | OrderMarked)),
        key=lambda event: (event.at, isinstance(event, CountRecorded), event.event_id),
    )
    for event in marks_first:
        if isinstance(event, OrderMarked):
            if event.action is OrderAction.START:
                running[event.machine_id] = event.order_id
            elif running.get(event.machine_id) == event.order_id:
                running[event.machine_id] = None
        elif to_us(event.at) >= start_us:
            order = running.get(event.machine_id)
            product = event.product_id or (order_products.get(order) if order else None)
            found.append((event, product))
    return found


def produced_quantities(
    runtime: Runtime, plant: Plant, start_at: datetime, end_at: datetime, machines: Collection[str]
) -> list[ProducedQuantity]:
    """Units produced per product and line in `[start, end)` by the machines given."""
    finals = _final_machines(plant)
    ids = sorted({machine for _, machine in finals} & set(machines))
    start_us = to_us(start_at)
    with runtime.uow() as uow:
        events = uow.events.for_machines(ids, start_us, to_us(end_at))
        order_products = {order.id: order.product_id for order in uow.orders.list()}
    made: Counter[ProductLine] = Counter()
    for count, product in _count_products(events, order_products, start_us):
        if product is not None and (product, count.machine_id) in finals:
            line_id = plant.line_of(count.machine_id).id
            made[(product, line_id)] += count.good_count + count.scrap_count + count.rework_count
    return [ProducedQuantity(key[0], key[1], quantity) for key, quantity in sorted(made.items())]


def _yield_rows(
    produced: Sequence[ProducedQuantity], records: Sequence[Nonconformance]
) -> tuple[list[dict[str, Any]], list[str]]:
    keys = sorted(
        {(p.product_id, p.line_id) for p in produced} | {(r.product_id, r.line_id) for r in records}
    )
    rows: list[dict[str, Any]] = []
    problems: list[str] = []
    for product_id, line_id in keys:
        made = [p for p in produced if (p.product_id, p.line_id) == (product_id, line_id)]
        bad = [r for r in records if (r.product_id, r.line_id) == (product_id, line_id)]
        row: dict[str, Any] = {"product": product_id, "line": line_id}
        row["produced_count"] = sum(p.quantity for p in made)
        row["nonconforming_count"] = sum(r.quantity for r in bad)
        row["scrap_count"] = sum(r.quantity for r in bad if r.disposition is Disposition.SCRAP)
        try:
            row["first_pass_yield"] = first_pass_yield(made, bad)[0].first_pass_yield
        except InputError as error:
            row["first_pass_yield"] = None
            problems.append(str(error))
        rows.append(row)
    return rows, problems


def _add_costs(
    rows: list[dict[str, Any]], records: Sequence[Nonconformance], unit_costs: Mapping[str, float]
) -> float:
    try:
        costs = scrap_cost(records, unit_costs)
    except InputError as error:
        raise InputError(f"--unit-cost: {error}; give --unit-cost PRODUCT=COST for it") from None
    for row in rows:
        row["scrap_cost"] = costs.get((row["product"], row["line"]), 0.0)
    return sum(costs.values())


def first_pass_yield_report(
    runtime: Runtime,
    start_at: datetime,
    end_at: datetime,
    unit_costs: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """First-pass yield and scrap by product and line for `[start, end)`.

    With `unit_costs` (product -> cost of one unit) each row carries `scrap_cost` and the
    answer `scrap_cost_total`; without, both are null. `problems` lists products and
    lines with more nonconforming units than produced (their yield is null).

    Raises:
        InputError: when `end_at` is not after `start_at`, or a scrapped product has no
            unit cost while unit costs are given.
    """
    if end_at <= start_at:
        raise InputError("--to must be after --from")
    plant = runtime.plant()
    machines = [machine.id for machine in plant.machines]
    produced = produced_quantities(runtime, plant, start_at, end_at, machines)
    records = [record for record, _ in domain_records(runtime, start_at, end_at)]
    rows, problems = _yield_rows(produced, records)
    total: float | None = None
    if unit_costs is not None:
        total = _add_costs(rows, records, unit_costs)
    else:
        for row in rows:
            row["scrap_cost"] = None
    return {
        "from": format_timestamp(start_at),
        "to": format_timestamp(end_at),
        "rows": rows,
        "scrap_cost_total": total,
        "problems": problems,
    }


def summary_figures(
    runtime: Runtime, plant: Plant, start_at: datetime, end_at: datetime, machines: Collection[str]
) -> dict[str, Any]:
    """Yield, scrap by product and defect Pareto of `[start, end)` for these machines.

    A report counts when its machine is among `machines`, or (no machine given) when
    every machine of its line is.
    """
    if end_at <= start_at:
        raise InputError("the window's end must be after its start")
    whole_lines = {line.id for line in plant.lines if all(m.id in machines for m in line.machines)}
    records = [
        record
        for record, machine in domain_records(runtime, start_at, end_at)
        if (machine in machines if machine is not None else record.line_id in whole_lines)
    ]
    produced = produced_quantities(runtime, plant, start_at, end_at, machines)
    rows, problems = _yield_rows(produced, records)
    scrap: Counter[str] = Counter()
    for record in records:
        if record.disposition is Disposition.SCRAP:
            scrap[record.product_id] += record.quantity
    return {
        "first_pass_yield": rows,
        "scrap_by_product": [
            {"product": product, "scrap_count": count} for product, count in sorted(scrap.items())
        ],
        "defect_pareto": pareto_rows(records),
        "problems": problems,
    }
