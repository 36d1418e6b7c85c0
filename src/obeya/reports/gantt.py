"""A self-contained HTML Gantt chart of a plant schedule (inline CSS and SVG, no network).

Two views: by machine and by order. One bar per operation with a tooltip (`<title>`,
naming the worker, or for a hand-over at shift change who works when, in UTC);
operations of late orders are red and labelled "late"; a table lists late orders with
their causes and the unscheduled orders with their reasons. All text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from jinja2 import Environment

from obeya.domain.schedules import Schedule, ScheduledOperation
from obeya.domain.times import format_timestamp

ROW_HEIGHT = 22
LABEL_WIDTH = 130
CHART_WIDTH = 1000
TICKS = 8


@dataclass(frozen=True)
class Bar:
    """One operation drawn as a bar: position in pixels, label, tooltip, lateness."""

    x: float
    y: float
    width: float
    label: str
    tooltip: str
    late: bool


@dataclass(frozen=True)
class View:
    """A Gantt view: its title, row labels, bars, ticks and height in pixels."""

    title: str
    rows: tuple[str, ...]
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]
    height: int


_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Schedule {{ schedule.schedule_id }} - {{ plant_name }}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
svg text { font-size: 11px; } .row-label { fill: #333; }
.bar { fill: #4a7ab5; } .bar.late { fill: #c0392b; }
.bar-text { fill: #fff; pointer-events: none; } .tick { stroke: #ddd; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 3px 8px; }
.late-mark { color: #c0392b; font-weight: bold; }
</style></head><body>
<h1>Schedule {{ schedule.schedule_id }} &mdash; {{ plant_name }}</h1>
<p>Status: {{ schedule.solve_status }} &middot; weighted tardiness
{{ schedule.objective.weighted_tardiness_min }} min &middot; makespan
{{ schedule.objective.makespan_min }} min &middot; changeovers
{{ schedule.objective.changeover_min }} min &middot; times in UTC.
<span class="late-mark">Red bars marked "late"</span> belong to late orders.</p>
{% for view in views %}
<h2>{{ view.title }}</h2>
<svg xmlns="http://www.w3.org/2000/svg" width="{{ width }}" height="{{ view.height }}"
 role="img" aria-label="{{ view.title }}">
{% for x, text in view.ticks %}<line class="tick" x1="{{ x }}" y1="0" x2="{{ x }}"
 y2="{{ view.height - 14 }}"/><text x="{{ x }}" y="{{ view.height - 2 }}">{{ text }}</text>
{% endfor %}{% for row in view.rows %}<text class="row-label" x="2"
 y="{{ loop.index0 * row_height + 15 }}">{{ row }}</text>
{% endfor %}{% for bar in view.bars %}<g class="operation{{ ' late' if bar.late }}">
<rect class="bar{{ ' late' if bar.late }}" x="{{ bar.x }}" y="{{ bar.y }}"
 width="{{ bar.width }}" height="{{ row_height - 4 }}"><title>{{ bar.tooltip }}</title></rect>
<text class="bar-text" x="{{ bar.x + 2 }}" y="{{ bar.y + 13 }}">{{ bar.label }}</text></g>
{% endfor %}</svg>
{% endfor %}
<h2>Late orders</h2>
{% if schedule.late_orders %}<table><tr><th>order</th><th>due</th><th>end</th>
<th>late (min)</th><th>causes</th></tr>
{% for late in schedule.late_orders %}<tr><td class="late-mark">{{ late.order_id }} (late)</td>
<td>{{ stamp(late.due_at) }}</td><td>{{ stamp(late.end_at) }}</td><td>{{ late.late_min }}</td>
<td>{{ late.causes | join("; ") }}</td></tr>
{% endfor %}</table>{% else %}<p>None.</p>{% endif %}
<h2>Unscheduled orders</h2>
{% if schedule.unscheduled %}<ul>{% for item in schedule.unscheduled %}
<li>{{ item.order_id }}: {{ item.reason }}</li>{% endfor %}</ul>
{% else %}<p>None.</p>{% endif %}
</body></html>
"""

_ENVIRONMENT = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)


def render_gantt_html(schedule: Schedule, plant_name: str) -> str:
    """The schedule as one self-contained HTML page (views by machine and by order)."""
    late = {item.order_id for item in schedule.late_orders}
    operations = sorted(schedule.operations, key=lambda op: (op.start_at, op.order_id, op.step))
    views = [
        _view("By machine", operations, late, lambda op: op.machine_id, by_machine=True),
        _view("By order", operations, late, lambda op: op.order_id, by_machine=False),
    ]
    return _ENVIRONMENT.from_string(_TEMPLATE).render(
        schedule=schedule,
        plant_name=plant_name,
        views=views,
        width=LABEL_WIDTH + CHART_WIDTH + 10,
        row_height=ROW_HEIGHT,
        stamp=format_timestamp,
    )


def _view(
    title: str,
    operations: list[ScheduledOperation],
    late: set[str],
    row_of: Callable[[ScheduledOperation], str],
    *,
    by_machine: bool,
) -> View:
    rows = sorted({row_of(op) for op in operations})
    index = {row: number for number, row in enumerate(rows)}
    if not operations:
        return View(title, (), (), (), ROW_HEIGHT + 20)
    first = min(op.start_at for op in operations)
    last = max(op.end_at for op in operations)
    span = max((last - first).total_seconds(), 60.0)

    def x_of(moment: datetime) -> float:
        return round(LABEL_WIDTH + CHART_WIDTH * (moment - first).total_seconds() / span, 1)

    bars = tuple(
        Bar(
            x=x_of(op.start_at),
            y=index[row_of(op)] * ROW_HEIGHT + 2,
            width=max(1.0, round(x_of(op.end_at) - x_of(op.start_at), 1)),
            label=_label(op, op.order_id in late, by_machine),
            tooltip=_tooltip(op, op.order_id in late),
            late=op.order_id in late,
        )
        for op in operations
    )
    ticks = tuple(
        (x_of(moment), moment.strftime("%m-%d %H:%M"))
        for moment in (first + timedelta(seconds=span * n / TICKS) for n in range(TICKS + 1))
    )
    return View(title, tuple(rows), bars, ticks, len(rows) * ROW_HEIGHT + 20)


def _label(op: ScheduledOperation, late: bool, by_machine: bool) -> str:
    text = op.order_id if by_machine else f"{op.step} {op.machine_id}"
    return f"{text} late" if late else text


def _utc_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%H:%M")


def _tooltip(op: ScheduledOperation, late: bool) -> str:
    worker = f", worker {op.worker_id}" if op.worker_id else ""
    if op.crew:
        worker = ", hand-over " + ", ".join(
            f"{piece.worker_id} {_utc_time(piece.start_at)}-{_utc_time(piece.end_at)}"
            for piece in op.crew
        )
    mark = " (LATE ORDER)" if late else ""
    return (
        f"{op.order_id} step {op.step} on {op.machine_id}{worker}: "
        f"{format_timestamp(op.start_at)} - {format_timestamp(op.end_at)}{mark}"
    )
