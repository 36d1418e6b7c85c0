"""Characteristics: what is measured on a product at a routing step, with limits and chart.

Validation against the plant (product and step exist), LSL < USL, the nominal between
the limits, a chart type for measurements (`xbar-r`, `xbar-s`, `imr`, `ewma`, `cusum`),
a rule set and a subgroup size that chart accepts. Errors name the field at fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from obeya.domain.errors import InputError
from obeya.domain.identifiers import check_identifier
from obeya.domain.plant import Plant
from obeya.domain.quality import Characteristic
from obeya.domain.times import format_timestamp
from obeya.storage.clock import from_us

CHART_TYPES = ("xbar-r", "xbar-s", "imr", "ewma", "cusum")
RULE_SETS = ("we", "nelson", "none")
MAX_SUBGROUP_SIZE = 100


@dataclass(frozen=True)
class NewCharacteristic:
    """A characteristic to define: measured on `product_id` at routing step `step`."""

    id: str
    product_id: str
    step: int
    name: str
    unit: str = "mm"
    nominal: float | None = None
    lsl: float | None = None
    usl: float | None = None
    subgroup_size: int = 5
    chart_type: str = "xbar-r"
    rules: str = "we"


def _check_limits(spec: NewCharacteristic) -> None:
    if spec.lsl is not None and spec.usl is not None and spec.lsl >= spec.usl:
        raise InputError(f"lsl: {spec.lsl:g} must be below usl {spec.usl:g}")
    if spec.nominal is not None:
        if spec.lsl is not None and spec.nominal < spec.lsl:
            raise InputError(f"nominal: {spec.nominal:g} is below lsl {spec.lsl:g}")
        if spec.usl is not None and spec.nominal > spec.usl:
            raise InputError(f"nominal: {spec.nominal:g} is above usl {spec.usl:g}")
    Characteristic(spec.id, spec.product_id, spec.unit, spec.lsl, spec.usl, spec.nominal)


def _check_chart(spec: NewCharacteristic) -> None:
    if spec.chart_type not in CHART_TYPES:
        raise InputError(f"chart: must be one of {', '.join(CHART_TYPES)}, got {spec.chart_type!r}")
    if spec.rules not in RULE_SETS:
        raise InputError(f"rules: must be one of {', '.join(RULE_SETS)}, got {spec.rules!r}")
    smallest = 2 if spec.chart_type.startswith("xbar") else 1
    largest = 1 if spec.chart_type == "imr" else MAX_SUBGROUP_SIZE
    if not smallest <= spec.subgroup_size <= largest:
        raise InputError(
            f"subgroup_size: the {spec.chart_type} chart needs {smallest} to {largest} "
            f"measurements per subgroup, got {spec.subgroup_size}"
        )


def _check_plant(spec: NewCharacteristic, plant: Plant) -> None:
    product = next((item for item in plant.products if item.id == spec.product_id), None)
    if product is None:
        raise InputError(f"product: no product {spec.product_id!r} in the plant")
    steps = [routing_step.step for routing_step in product.routing]
    if spec.step not in steps:
        listed = ", ".join(str(number) for number in steps)
        raise InputError(
            f"step: product {product.id!r} has no routing step {spec.step} (steps: {listed})"
        )


def validate_characteristic(spec: NewCharacteristic, plant: Plant) -> None:
    """Check a new characteristic against the plant.

    Raises:
        InputError: naming the field at fault (id, name, unit, product, step, lsl,
            nominal, chart, rules, subgroup_size).
    """
    check_identifier(spec.id, "id")
    if not spec.name.strip():
        raise InputError("name: a characteristic needs a name (e.g. 'Outer diameter')")
    if not spec.unit.strip() or len(spec.unit) > 32:
        raise InputError(f"unit: 1-32 characters are needed, got {spec.unit!r}")
    _check_plant(spec, plant)
    _check_limits(spec)
    _check_chart(spec)


def characteristic_answer(row: dict[str, Any]) -> dict[str, Any]:
    """A stored characteristic as its JSON object."""
    answer = {key: value for key, value in row.items() if key not in ("created_us", "product_id")}
    answer["product"] = row["product_id"]
    answer["created_at"] = format_timestamp(from_us(row["created_us"]))
    return answer
