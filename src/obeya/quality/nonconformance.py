"""Nonconformance analytics: first-pass yield, scrap cost and the defect Pareto.

Pure functions over `obeya.domain.quality` records:

- First-pass yield (FPY) of a product on a line = (produced - nonconforming) / produced,
  where every nonconforming unit counts against it whatever its disposition (a reworked
  unit is good, but not first time). None when nothing was produced.
- Scrap cost = sum of scrapped quantities times the product's unit cost.
- Defect Pareto: nonconforming units per defect code, largest first (ties by code), with
  each code's share and the cumulative share.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from obeya.domain.errors import InputError
from obeya.domain.quality import Disposition, Nonconformance, ProducedQuantity

ProductLine = tuple[str, str]
"""A (product id, line id) key."""


@dataclass(frozen=True)
class YieldRow:
    """First-pass yield of a product on a line; `first_pass_yield` None when nothing made."""

    product_id: str
    line_id: str
    produced_count: int
    nonconforming_count: int
    first_pass_yield: float | None


@dataclass(frozen=True)
class ParetoRow:
    """One defect code of the Pareto: its units, share and cumulative share (0..1)."""

    defect: str
    quantity: int
    share: float
    cumulative_share: float


def _nonconforming_by_key(records: Iterable[Nonconformance]) -> Counter[ProductLine]:
    totals: Counter[ProductLine] = Counter()
    for record in records:
        totals[(record.product_id, record.line_id)] += record.quantity
    return totals


def first_pass_yield(
    produced: Iterable[ProducedQuantity], nonconformances: Iterable[Nonconformance]
) -> list[YieldRow]:
    """First-pass yield per product and line, sorted by product then line.

    Raises:
        InputError: when a product and line has more nonconforming units than it
            produced, or nonconformances on a product and line with no production.
    """
    made: Counter[ProductLine] = Counter()
    for quantity in produced:
        made[(quantity.product_id, quantity.line_id)] += quantity.quantity
    bad = _nonconforming_by_key(nonconformances)
    rows: list[YieldRow] = []
    for key in sorted(set(made) | set(bad)):
        if bad[key] > made[key]:
            raise InputError(
                f"product {key[0]!r} on line {key[1]!r}: {bad[key]} nonconforming units "
                f"but only {made[key]} produced"
            )
        ratio = (made[key] - bad[key]) / made[key] if made[key] else None
        rows.append(YieldRow(key[0], key[1], made[key], bad[key], ratio))
    return rows


def scrap_cost(
    nonconformances: Iterable[Nonconformance], unit_costs: Mapping[str, float]
) -> dict[ProductLine, float]:
    """Cost of scrapped units per (product, line), in the currency of `unit_costs`.

    Raises:
        InputError: when a scrapped product has no unit cost, or a cost is negative.
    """
    costs: dict[ProductLine, float] = {}
    for record in nonconformances:
        if record.disposition is not Disposition.SCRAP:
            continue
        unit_cost = unit_costs.get(record.product_id)
        if unit_cost is None:
            raise InputError(f"no unit cost for product {record.product_id!r}")
        if unit_cost < 0:
            raise InputError(f"unit cost of {record.product_id!r} is negative: {unit_cost:g}")
        key = (record.product_id, record.line_id)
        costs[key] = costs.get(key, 0.0) + record.quantity * unit_cost
    return dict(sorted(costs.items()))


def defect_pareto(nonconformances: Iterable[Nonconformance]) -> list[ParetoRow]:
    """Nonconforming units per defect code, largest first, with shares (see module)."""
    totals: Counter[str] = Counter()
    for record in nonconformances:
        totals[record.defect] += record.quantity
    grand_total = sum(totals.values())
    rows: list[ParetoRow] = []
    running = 0
    for defect, quantity in sorted(totals.items(), key=lambda item: (-item[1], item[0])):
        running += quantity
        rows.append(ParetoRow(defect, quantity, quantity / grand_total, running / grand_total))
    return rows
