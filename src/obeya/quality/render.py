"""Answer renderers: the JSON documents of CONTRACTS.md section 7, and short text summaries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from obeya.quality.capability import CapabilityStudy, Index
from obeya.quality.charts.model import ChartPoint, ControlChart


def _point(point: ChartPoint) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "subgroup": point.subgroup,
        "value": point.value,
        "lcl": point.lcl,
        "ucl": point.ucl,
        "phase": point.phase,
    }
    if point.excluded:
        answer["excluded"] = True
    answer.update(point.extra)
    return answer


def chart_answer(chart: ControlChart) -> dict[str, Any]:
    """One chart as its JSON object (`sigma` only where meaningful; extra details added)."""
    answer: dict[str, Any] = {
        "chart": chart.chart,
        "center": chart.center,
        "lcl": chart.lcl,
        "ucl": chart.ucl,
    }
    if chart.sigma is not None:
        answer["sigma"] = chart.sigma
    answer.update(chart.details)
    answer["points"] = [_point(point) for point in chart.points]
    answer["violations"] = [
        {"subgroup": violation.subgroup, "rule": violation.rule}
        | ({"side": violation.side} if violation.side else {})
        for violation in chart.violations
    ]
    return answer


def charts_answer(charts: Sequence[ControlChart]) -> dict[str, Any]:
    """The answer of `obeya spc chart --json`: `{"charts": [...]}`."""
    return {"charts": [chart_answer(chart) for chart in charts]}


def _index(index: Index) -> dict[str, Any]:
    return {"value": index.value, "ci95": None if index.low is None else [index.low, index.high]}


def capability_answer(study: CapabilityStudy) -> dict[str, Any]:
    """The answer of `obeya spc capability --json`."""
    return {
        "count": study.count,
        "mean": study.mean,
        "lsl": study.lsl,
        "usl": study.usl,
        "sigma_within": study.sigma_within,
        "sigma_overall": study.sigma_overall,
        "cp": _index(study.cp),
        "cpk": _index(study.cpk),
        "pp": _index(study.pp),
        "ppk": _index(study.ppk),
        "below_lsl_count": study.below_lsl_count,
        "above_usl_count": study.above_usl_count,
        "normality": asdict(study.normality),
        "histogram": {
            "edges": list(study.histogram.edges),
            "counts": list(study.histogram.counts),
            "lsl": study.histogram.lsl,
            "usl": study.histogram.usl,
        },
    }


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.6g}"


def charts_text(charts: Sequence[ControlChart]) -> str:
    """A short terminal summary: one line per chart, then its violations."""
    lines: list[str] = []
    for chart in charts:
        lines.append(
            f"{chart.chart:6} center {_figure(chart.center)}  lcl {_figure(chart.lcl)}  "
            f"ucl {_figure(chart.ucl)}  points {len(chart.points)}  "
            f"violations {len(chart.violations)}"
        )
        by_subgroup: dict[str, list[str]] = {}
        for violation in chart.violations:
            by_subgroup.setdefault(violation.subgroup, []).append(violation.rule)
        lines.extend(f"  {label}: {', '.join(rules)}" for label, rules in by_subgroup.items())
    return "\n".join(lines)


def capability_text(study: CapabilityStudy) -> str:
    """A short terminal summary of a capability study."""
    rows = [
        f"n {study.count}  mean {_figure(study.mean)}  sigma within "
        f"{_figure(study.sigma_within)}  overall {_figure(study.sigma_overall)}"
    ]
    for name in ("cp", "cpk", "pp", "ppk"):
        index: Index = getattr(study, name)
        rows.append(
            f"{name:4} {_figure(index.value)}  95% CI [{_figure(index.low)}, {_figure(index.high)}]"
        )
    normal = study.normality
    rows.append(f"normality ({normal.method}): p = {_figure(normal.p_value)}")
    return "\n".join(rows)
