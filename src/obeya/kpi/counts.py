"""Counts as columns: quantities and ideal time (PRI·PQ) per count, product resolved.

A count's product is its own `product`; without one, the product of the work order the
machine runs at that instant (the latest `OrderMarked` start at or before the count,
not followed by a stop of that order), looked up in the caller's mapping
order id -> product id. PRI is the ideal cycle time of the first routing step listing
the machine. A count without a product, or whose product the machine is not eligible
for, has an unknown PRI: it counts in PQ/GQ/SQ/RQ, adds 0 to Σ(PRI·PQ), and is
reported in `unknown_pri_pq` (and flagged).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from obeya.domain.events import CountRecorded, OrderAction, OrderMarked
from obeya.domain.plant import Plant
from obeya.kpi.columns import to_us

# Column order of CountColumns.quantities.
PQ, GQ, SQ, RQ, UNKNOWN_PRI_PQ, PRI_PQ_US, PRI_DEFECT_US = range(7)
COLUMN_COUNT = 7


@dataclass(frozen=True)
class CountColumns:
    """One machine's counts sorted by time: `at_us` and an int64 matrix of quantities.

    Matrix columns: PQ, GQ, SQ, RQ, PQ with unknown PRI, PRI·PQ and PRI·(SQ+RQ) in
    microseconds.
    """

    at_us: NDArray[np.int64]
    quantities: NDArray[np.int64]


def ideal_cycle_table(plant: Plant) -> dict[tuple[str, str], float]:
    """PRI in seconds per unit by (product id, machine id): the first step listing it."""
    table: dict[tuple[str, str], float] = {}
    for product in plant.products:
        for step in product.routing:
            for machine_id, cycle_s in step.cycle_s.items():
                table.setdefault((product.id, machine_id), float(cycle_s))
    return table


def _unique(events: Iterable[CountRecorded | OrderMarked]) -> list[CountRecorded | OrderMarked]:
    ordered = sorted(events, key=lambda event: (event.at, event.event_id))
    seen: set[str] = set()
    kept: list[CountRecorded | OrderMarked] = []
    for event in ordered:
        if event.event_id not in seen:
            seen.add(event.event_id)
            kept.append(event)
    return kept


def _count_row(
    count: CountRecorded, product_id: str | None, cycles: Mapping[tuple[str, str], float]
) -> list[int]:
    produced = count.good_count + count.scrap_count + count.rework_count
    cycle_s = cycles.get((product_id, count.machine_id)) if product_id else None
    unknown = produced if cycle_s is None else 0
    cycle_us = 0 if cycle_s is None else round(cycle_s * 1_000_000)
    defects = count.scrap_count + count.rework_count
    return [
        produced,
        count.good_count,
        count.scrap_count,
        count.rework_count,
        unknown,
        cycle_us * produced,
        cycle_us * defects,
    ]


def count_columns(
    events: Sequence[CountRecorded | OrderMarked],
    order_products: Mapping[str, str],
    cycles: Mapping[tuple[str, str], float],
) -> CountColumns:
    """Columns from one machine's counts and order marks (any order, duplicates allowed).

    An order mark at the same instant as a count applies to it.
    """
    running_order: str | None = None
    times: list[int] = []
    rows: list[list[int]] = []
    marks_first = sorted(_unique(events), key=lambda e: (e.at, isinstance(e, CountRecorded)))
    for event in marks_first:
        if isinstance(event, OrderMarked):
            if event.action is OrderAction.START:
                running_order = event.order_id
            elif running_order == event.order_id:
                running_order = None
            continue
        product_id = event.product_id
        if product_id is None and running_order is not None:
            product_id = order_products.get(running_order)
        times.append(to_us(event.at))
        rows.append(_count_row(event, product_id, cycles))
    matrix = np.array(rows, dtype=np.int64).reshape(len(rows), COLUMN_COUNT)
    return CountColumns(np.array(times, dtype=np.int64), matrix)


class CountClock:
    """Quantities counted inside many `[start, end)` ranges at once (prefix sums)."""

    def __init__(self, columns: CountColumns) -> None:
        self.at_us = columns.at_us
        self.cumulative = np.zeros((len(columns.at_us) + 1, COLUMN_COUNT), dtype=np.int64)
        np.cumsum(columns.quantities, axis=0, out=self.cumulative[1:])

    def between(
        self, starts_us: NDArray[np.int64], ends_us: NDArray[np.int64]
    ) -> NDArray[np.int64]:
        """Quantities of counts with `start <= at < end`, shape (n, columns)."""
        first = np.searchsorted(self.at_us, starts_us, side="left")
        last = np.searchsorted(self.at_us, ends_us, side="left")
        result: NDArray[np.int64] = self.cumulative[last] - self.cumulative[first]
        return result
