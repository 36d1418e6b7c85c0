"""Inline SVG charts for the HTML report: geometry only, drawn by the template.

Charts are horizontal bars (a Pareto of stop time, OEE per line against its target),
sized in SVG user units; every bar carries its value as text, so the chart reads
without colour and without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass

from obeya.reports.context import LineRow, LossRow
from obeya.reports.formatting import minutes, percent, reason_label

WIDTH = 640
LABEL_WIDTH = 180
VALUE_WIDTH = 90
BAR_HEIGHT = 22
GAP = 6


@dataclass(frozen=True)
class Bar:
    """One bar: label, its y, its length, value text, css class, optional target mark x."""

    label: str
    y: float
    length: float
    value: str
    css_class: str
    target_x: float | None = None


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: title (for the accessible name), size and bars."""

    title: str
    width: int
    height: int
    label_width: int
    bars: tuple[Bar, ...]


def _scale(value: float, largest: float) -> float:
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    return 0.0 if largest <= 0 else max(0.0, value) / largest * room


def pareto_chart(losses: tuple[LossRow, ...], limit: int = 10) -> BarChart | None:
    """Stop time by reason, largest first; None when there is no stop time."""
    shown = [loss for loss in losses[:limit] if loss.duration_s > 0]
    if not shown:
        return None
    largest = max(loss.duration_s for loss in shown)
    bars = tuple(
        Bar(
            reason_label(loss.reason),
            index * (BAR_HEIGHT + GAP),
            _scale(loss.duration_s, largest),
            f"{minutes(loss.duration_s)} ({loss.stop_count})",
            "bar-unexplained" if loss.reason is None else f"bar-{loss.element}",
        )
        for index, loss in enumerate(shown)
    )
    return BarChart("Top losses: stop time by reason", WIDTH, _height(bars), LABEL_WIDTH, bars)


def oee_chart(lines: tuple[LineRow, ...]) -> BarChart | None:
    """OEE per line on a 0..100 % axis with the target marked; None without any OEE."""
    if all(line.oee is None for line in lines):
        return None
    bars = tuple(
        Bar(
            line.line_id,
            index * (BAR_HEIGHT + GAP),
            _scale(line.oee or 0.0, 1.0),
            percent(line.oee),
            f"bar-{line.status}",
            LABEL_WIDTH + _scale(line.oee_target, 1.0) if line.oee_target is not None else None,
        )
        for index, line in enumerate(lines)
    )
    return BarChart("OEE by line against target", WIDTH, _height(bars), LABEL_WIDTH, bars)


def _height(bars: tuple[Bar, ...]) -> int:
    return int(len(bars) * (BAR_HEIGHT + GAP)) + GAP
