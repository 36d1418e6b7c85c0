"""Control charts from a data table: the use case behind `obeya spc chart`.

`build_charts(table, request)` groups the rows, plans phase I, computes the charts,
optionally excludes the phase I points beyond the limits and re-estimates once (as
Montgomery revises the orange juice p chart), then applies the run rules.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np

from obeya.domain.errors import InputError
from obeya.quality.capability import CapabilityStudy, capability
from obeya.quality.charts import attributes, time_weighted, variables
from obeya.quality.charts.model import ControlChart, PhasePlan, Violation, check_variation
from obeya.quality.constants import constants_for
from obeya.quality.data import Table
from obeya.quality.rules import RuleSet, beyond_limits_rule, find_violations
from obeya.quality.tables import (
    Subgroups,
    check_counts_within_sizes,
    check_equal_sizes,
    group_rows,
    phase_plan,
    unique_labels,
)


class ChartType(StrEnum):
    """The chart families of `obeya spc chart --type`."""

    XBAR_R = "xbar-r"
    XBAR_S = "xbar-s"
    IMR = "imr"
    P = "p"
    NP = "np"
    C = "c"
    U = "u"
    EWMA = "ewma"
    CUSUM = "cusum"


@dataclass(frozen=True)
class ChartRequest:
    """What to chart and how; see `obeya spc chart --help` and docs/spc.md."""

    chart_type: ChartType
    value_column: str
    subgroup_column: str | None = None
    size_column: str | None = None
    phase_one: str | None = None
    rule_set: RuleSet = RuleSet.WESTERN_ELECTRIC
    exclude_flagged: bool = False
    ewma_weight: float = time_weighted.DEFAULT_EWMA_WEIGHT
    ewma_width: float = time_weighted.DEFAULT_EWMA_WIDTH
    cusum_reference: float = time_weighted.DEFAULT_CUSUM_REFERENCE
    cusum_decision: float = time_weighted.DEFAULT_CUSUM_DECISION
    target: float | None = None
    sigma: float | None = None


Builder = Callable[[PhasePlan], list[ControlChart]]


def build_charts(table: Table, request: ChartRequest) -> list[ControlChart]:
    """The charts of `request` over `table`, with their rule violations.

    Raises:
        InputError: (or FileFormatError) naming the option, line or column at fault.
    """
    if request.exclude_flagged and request.chart_type in (ChartType.EWMA, ChartType.CUSUM):
        raise InputError(
            "--exclude-flagged applies to Shewhart charts only; for ewma and cusum give "
            "--target and --sigma from an in-control period instead"
        )
    labels, builder = _prepare(table, request)
    plan = phase_plan(labels, request.phase_one)
    charts = builder(plan)
    if request.exclude_flagged:
        flagged = _phase_one_beyond_limits(charts, labels)
        if flagged:
            excluded = tuple(index in flagged for index in range(len(labels)))
            charts = builder(replace(plan, excluded=excluded))
    return [_with_violations(chart, request.rule_set) for chart in charts]


def _prepare(table: Table, request: ChartRequest) -> tuple[list[str], Builder]:
    kind = request.chart_type
    if kind in (ChartType.XBAR_R, ChartType.XBAR_S):
        return _prepare_xbar(table, request)
    if kind in (ChartType.EWMA, ChartType.CUSUM):
        return _prepare_time_weighted(table, request)
    labels = unique_labels(table, request.subgroup_column)
    if kind is ChartType.IMR:
        values = np.array(table.numbers(request.value_column))
        return labels, lambda plan: variables.individuals_moving_range(labels, values, plan)
    counts = np.array(table.counts(request.value_column), dtype=float)
    if kind is ChartType.C:
        return labels, lambda plan: [attributes.c_chart(labels, counts, plan)]
    sizes = _sizes(table, request)
    if kind is ChartType.U:
        return labels, lambda plan: [attributes.u_chart(labels, counts, sizes, plan)]
    check_counts_within_sizes(table, counts, sizes)
    build = attributes.p_chart if kind is ChartType.P else attributes.np_chart
    return labels, lambda plan: [build(labels, counts, sizes, plan)]


def _sizes(table: Table, request: ChartRequest) -> np.ndarray:
    if request.size_column is None:
        raise InputError(f"--size is needed for the {request.chart_type} chart")
    sizes = table.sizes(request.size_column)  # positive, else an error naming the line
    if request.chart_type is not ChartType.U:
        table.counts(request.size_column)  # p and np samples are whole numbers of units
    return np.array(sizes)


def _prepare_xbar(table: Table, request: ChartRequest) -> tuple[list[str], Builder]:
    groups = group_rows(table, request.value_column, request.subgroup_column)
    column = request.subgroup_column or request.value_column
    check_equal_sizes(table, groups, column, smallest=2)
    labels, samples = list(groups.labels), list(groups.samples)
    build = variables.xbar_r if request.chart_type is ChartType.XBAR_R else variables.xbar_s
    return labels, lambda plan: build(labels, samples, plan)


def _prepare_time_weighted(table: Table, request: ChartRequest) -> tuple[list[str], Builder]:
    groups = group_rows(table, request.value_column, request.subgroup_column)
    column = request.subgroup_column or request.value_column
    size = check_equal_sizes(table, groups, column, smallest=1)
    labels = list(groups.labels)
    statistics = time_weighted.statistics_of(groups.samples)

    def build(plan: PhasePlan) -> list[ControlChart]:
        sigma = request.sigma if request.sigma is not None else _estimate_sigma(groups, plan)
        target = request.target
        if target is None:
            plan.check_enough(request.chart_type.value)
            target = float(statistics[plan.estimate].mean())
        target = float(target)
        spread = sigma / math.sqrt(size)
        if request.chart_type is ChartType.EWMA:
            chart = time_weighted.ewma_chart(
                labels, statistics, plan, target=target, sigma_statistic=spread,
                weight=request.ewma_weight, width=request.ewma_width,
            )  # fmt: skip
        else:
            chart = time_weighted.cusum_chart(
                labels, statistics, plan, target=target, sigma_statistic=spread,
                reference=request.cusum_reference, decision=request.cusum_decision,
            )  # fmt: skip
        return [replace(chart, sigma=sigma)]

    return labels, build


def _estimate_sigma(groups: Subgroups, plan: PhasePlan) -> float:
    """Process sigma from phase I: MR-bar/d2(2) for individuals, R-bar/d2(n) for subgroups."""
    plan.check_enough("sigma estimate")
    if groups.sizes[0] == 1:
        return variables.individuals_sigma(np.concatenate(groups.samples), plan)
    ranges = np.array([np.ptp(sample) for sample in groups.samples], dtype=float)
    mean_range = float(ranges[plan.estimate].mean())
    check_variation(mean_range, "sigma estimate")
    return mean_range / constants_for(groups.sizes[0]).d2


def _phase_one_beyond_limits(charts: list[ControlChart], labels: list[str]) -> set[int]:
    position = {label: index for index, label in enumerate(labels)}
    flagged: set[int] = set()
    for chart in charts:
        for point in chart.points:
            above = point.ucl is not None and point.value > point.ucl
            below = point.lcl is not None and point.value < point.lcl
            if point.phase == 1 and (above or below):
                flagged.add(position[point.subgroup])
    return flagged


def _with_violations(chart: ControlChart, rule_set: RuleSet) -> ControlChart:
    labels = [point.subgroup for point in chart.points]
    if chart.chart == "cusum":
        rule = beyond_limits_rule(rule_set)
        signals = time_weighted.cusum_signals(chart)
        return chart.with_violations([Violation(labels[i], rule, side) for i, side in signals])
    found = find_violations(
        [point.value for point in chart.points],
        chart.center,
        [point.lcl for point in chart.points],
        [point.ucl for point in chart.points],
        rule_set,
        run_rules=chart.run_rules,
    )
    return chart.with_violations([Violation(labels[index], rule) for index, rule in found])


def capability_study(
    table: Table,
    value_column: str,
    subgroup_column: str | None,
    limits: tuple[float | None, float | None],
    phase_one: str | None = None,
) -> CapabilityStudy:
    """The capability study behind `obeya spc capability` over the phase I subgroups.

    `limits` is (LSL, USL). Subgroups may differ in size but not mix single values
    with larger subgroups; without a subgroup column the rows are individuals.

    Raises:
        InputError: (or FileFormatError) naming the option, line or column at fault.
    """
    lower, upper = limits
    if lower is not None and upper is not None and lower > upper:
        raise InputError(f"--lsl {lower:g} is above --usl {upper:g}")
    groups = group_rows(table, value_column, subgroup_column)
    plan = phase_plan(groups.labels, phase_one)
    samples = [sample for sample, keep in zip(groups.samples, plan.estimate, strict=True) if keep]
    return capability(samples, lower, upper)
