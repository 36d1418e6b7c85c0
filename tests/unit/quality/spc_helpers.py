"""Helpers of the SPC tests."""

from __future__ import annotations

from obeya.quality.analysis import ChartRequest, ChartType, build_charts
from obeya.quality.charts.model import ControlChart
from obeya.quality.data import Table


def charts_by_name(
    table: Table, chart_type: ChartType, value: str, **options: object
) -> dict[str, ControlChart]:
    """Build the charts of a request and index them by chart name."""
    request = ChartRequest(chart_type, value, **options)  # type: ignore[arg-type]
    return {chart.chart: chart for chart in build_charts(table, request)}


def rules_of(chart: ControlChart, subgroup: str) -> set[str]:
    """The rule names violated at one subgroup of a chart."""
    return {v.rule for v in chart.violations if v.subgroup == subgroup}
