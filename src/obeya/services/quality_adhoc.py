"""Charts and capability studies on numbers sent in a request (`POST /api/v1/spc/...`).

The body carries the data instead of a file: `values` (one number per row) with optional
`labels` (the subgroup or point label of each row) and `sizes` (sample sizes for p, np
and u charts), or `subgroups` (a list of lists of measurements, labelled 1, 2, ...).
The answers are those of `obeya spc chart|capability --json` (CONTRACTS.md section 7).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from obeya.domain.errors import InputError
from obeya.quality import (
    ChartRequest,
    ChartType,
    Table,
    build_charts,
    capability_answer,
    capability_study,
    charts_answer,
)
from obeya.quality.data import Row
from obeya.quality.rules import parse_rule_set


@dataclass(frozen=True)
class SpcData:
    """Numbers to chart: flat `values` (+ `labels`, `sizes`) or nested `subgroups`."""

    values: Sequence[float] | None = None
    labels: Sequence[str] | None = None
    sizes: Sequence[float] | None = None
    subgroups: Sequence[Sequence[float]] | None = None


def _flat(data: SpcData) -> tuple[list[float], list[str] | None]:
    if data.subgroups is not None:
        if data.values is not None or data.labels is not None:
            raise InputError("subgroups: give either subgroups or values (with labels), not both")
        values = [float(value) for group in data.subgroups for value in group]
        numbered = [str(number) for number, group in enumerate(data.subgroups, 1) for _ in group]
        return values, numbered
    if not data.values:
        raise InputError("values: no data; give values (with labels) or subgroups")
    labels = None if data.labels is None else [str(label) for label in data.labels]
    if labels is not None and len(labels) != len(data.values):
        raise InputError(f"labels: {len(labels)} labels for {len(data.values)} values")
    return [float(value) for value in data.values], labels


def data_table(data: SpcData) -> Table:
    """The engine's table (columns value, subgroup, size) of the request's numbers.

    Raises:
        InputError: naming the field at fault (values, labels, sizes, subgroups).
    """
    values, labels = _flat(data)
    if data.sizes is not None and len(data.sizes) != len(values):
        raise InputError(f"sizes: {len(data.sizes)} sizes for {len(values)} values")
    columns = ["value"] + (["subgroup"] if labels is not None else [])
    columns += ["size"] if data.sizes is not None else []
    rows: list[Row] = []
    for index, value in enumerate(values):
        cells = {"value": repr(value)}
        if labels is not None:
            cells["subgroup"] = labels[index]
        if data.sizes is not None:
            cells["size"] = repr(float(data.sizes[index]))
        rows.append(Row(line=index + 1, cells=cells))
    return Table(source="request", columns=tuple(columns), rows=tuple(rows))


def chart_answer(
    data: SpcData, chart_type: str, rules: str = "we", phase_one: str | None = None, **tuning: Any
) -> dict[str, Any]:
    """The charts of the numbers (`tuning`: other `ChartRequest` fields, e.g. ewma_weight).

    Raises:
        InputError: naming the field at fault.
    """
    try:
        kind = ChartType(chart_type)
    except ValueError:
        raise InputError(
            f"type: must be one of {', '.join(ChartType)}, got {chart_type!r}"
        ) from None
    table = data_table(data)
    subgroup = "subgroup" if "subgroup" in table.columns else None
    size = "size" if "size" in table.columns else None
    request = ChartRequest(
        kind, "value", subgroup, size, phase_one, parse_rule_set(rules), **tuning
    )
    return charts_answer(build_charts(table, request))


def capability_of(
    data: SpcData, lsl: float | None, usl: float | None, phase_one: str | None = None
) -> dict[str, Any]:
    """The capability study of the numbers (Cp, Cpk, Pp, Ppk, normality, histogram).

    Raises:
        InputError: naming the field at fault, or when neither limit is given.
    """
    table = data_table(data)
    subgroup = "subgroup" if "subgroup" in table.columns else None
    return capability_answer(capability_study(table, "value", subgroup, (lsl, usl), phase_one))
