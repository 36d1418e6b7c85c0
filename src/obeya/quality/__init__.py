"""obeya.quality: statistical process control and nonconformance analytics.

Control charts (`build_charts`), run rules (Western Electric, Nelson), capability
studies (`capability`, `capability_study`) and nonconformance figures (first-pass yield,
scrap cost, defect Pareto). The engine imports only `obeya.domain`, numpy and scipy;
scipy is imported where first needed. See docs/spc.md.
"""

from __future__ import annotations

from obeya.quality.analysis import ChartRequest, ChartType, build_charts, capability_study
from obeya.quality.capability import CapabilityStudy, capability
from obeya.quality.charts.model import ChartPoint, ControlChart, Violation
from obeya.quality.constants import ControlConstants, constants_for
from obeya.quality.data import Table, parse_table, read_table
from obeya.quality.nonconformance import defect_pareto, first_pass_yield, scrap_cost
from obeya.quality.render import capability_answer, charts_answer
from obeya.quality.rules import RuleSet, find_violations

__all__ = [
    "CapabilityStudy",
    "ChartPoint",
    "ChartRequest",
    "ChartType",
    "ControlChart",
    "ControlConstants",
    "RuleSet",
    "Table",
    "Violation",
    "build_charts",
    "capability",
    "capability_answer",
    "capability_study",
    "charts_answer",
    "constants_for",
    "defect_pareto",
    "find_violations",
    "first_pass_yield",
    "parse_table",
    "read_table",
    "scrap_cost",
]
