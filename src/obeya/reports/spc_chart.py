"""Inline SVG control charts for the morning report: geometry only, drawn by the template.

One small chart per characteristic and chart with an alarm in the period: the plotted
points as a polyline, the center line, the control limits, and every violating point
marked with a ring and its rule names written beside it (the chart reads without
colour and without JavaScript; the SPC alarm table lists the same points).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

WIDTH = 640
HEIGHT = 150
LEFT = 70
RIGHT = 10
TOP = 12
BOTTOM = 12
MOST_POINTS = 40


@dataclass(frozen=True)
class ControlSeries:
    """What a report chart shows: the last points of one chart of one characteristic."""

    characteristic: str
    chart: str
    center: float
    labels: tuple[str, ...]
    values: tuple[float, ...]
    upper: tuple[float | None, ...]
    lower: tuple[float | None, ...]
    rules: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Marker:
    """A violating point: where it is drawn and the text beside it."""

    x: float
    y: float
    text: str


@dataclass(frozen=True)
class ControlChartSvg:
    """The drawable chart: polylines as SVG `points` strings, center y, markers, axis text."""

    title: str
    width: int
    height: int
    values: str
    upper: str
    lower: str
    center_y: float
    markers: tuple[Marker, ...]
    top_text: str
    bottom_text: str


def control_series(characteristic: str, chart: Mapping[str, Any]) -> ControlSeries:
    """The last `MOST_POINTS` points of a monitor chart answer (CONTRACTS.md section 7)."""
    points = [p for p in chart["points"] if p.get("value") is not None][-MOST_POINTS:]
    rules: dict[str, tuple[str, ...]] = {}
    for violation in chart["violations"]:
        rules[violation["subgroup"]] = (*rules.get(violation["subgroup"], ()), violation["rule"])
    return ControlSeries(
        characteristic,
        str(chart["chart"]),
        float(chart["center"]),
        tuple(str(p["subgroup"]) for p in points),
        tuple(float(p["value"]) for p in points),
        tuple(p.get("ucl") for p in points),
        tuple(p.get("lcl") for p in points),
        rules,
    )


def _polyline(xs: Sequence[float], ys: Sequence[float | None], scale: Any) -> str:
    return " ".join(f"{x:.1f},{scale(y):.1f}" for x, y in zip(xs, ys, strict=True) if y is not None)


def control_chart_svg(series: ControlSeries) -> ControlChartSvg:
    """Scale a series into the chart's box (values, limits and center all fit)."""
    known = [*series.values, series.center, *(v for v in series.upper + series.lower if v)]
    low, high = min(known), max(known)
    span = (high - low) or 1.0

    def scale(value: float | None) -> float:
        return TOP + (high - (value or 0.0)) / span * (HEIGHT - TOP - BOTTOM)

    step = (WIDTH - LEFT - RIGHT) / max(1, len(series.values) - 1)
    xs = [LEFT + index * step for index in range(len(series.values))]
    markers = tuple(
        Marker(x, scale(value), f"{label}: {', '.join(series.rules[label])}")
        for x, label, value in zip(xs, series.labels, series.values, strict=True)
        if label in series.rules
    )
    return ControlChartSvg(
        f"{series.characteristic} {series.chart} chart, last {len(xs)} points",
        WIDTH,
        HEIGHT,
        _polyline(xs, series.values, scale),
        _polyline(xs, series.upper, scale),
        _polyline(xs, series.lower, scale),
        scale(series.center),
        markers,
        f"{high:.6g}",
        f"{low:.6g}",
    )
