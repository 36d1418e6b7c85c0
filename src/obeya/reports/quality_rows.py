"""The quality part of the morning report, from the quality service's summary answer.

The answer is `services.quality.quality_summary`'s dict (alarms, first-pass yield by
product and line, defect Pareto, problems); this turns it into report rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from obeya.domain.times import parse_timestamp
from obeya.reports.context import DefectRow, QualityAlarmRow, YieldRow


def _ratio(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def quality_rows(
    summary: Mapping[str, Any],
) -> tuple[tuple[QualityAlarmRow, ...], tuple[YieldRow, ...], tuple[DefectRow, ...]]:
    """(SPC alarms, first-pass yield rows, defect Pareto rows) of a quality summary."""
    alarms = tuple(
        QualityAlarmRow(
            str(alarm["characteristic"]),
            alarm.get("machine"),
            str(alarm["chart"]),
            str(alarm["rule"]),
            parse_timestamp(alarm["at"], "alarm time"),
            bool(alarm["open"]),
            str(alarm.get("subgroup", "")),
            _ratio(alarm.get("value")),
        )
        for alarm in summary.get("alarms", [])
    )
    yields = tuple(
        YieldRow(
            str(row["product"]),
            row.get("line"),
            int(row["produced_count"]),
            int(row["nonconforming_count"]),
            _ratio(row.get("first_pass_yield")),
        )
        for row in summary.get("first_pass_yield", [])
    )
    defects = tuple(
        DefectRow(str(row["defect"]), int(row["quantity"]), _ratio(row.get("share")))
        for row in summary.get("defect_pareto", [])
    )
    return alarms, yields, defects
