"""The morning report use case: assemble the report context for a scope and period.

Every figure comes from the KPI engine (`oee_answer`, `losses_answer`,
`bottleneck_answer`) on the same events `obeya kpi` reads, so the report, the API and
the CLI agree. Output vs plan uses the current schedule (published, else newest draft);
schedule adherence uses its late orders and the order marks of the period.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from obeya.domain.equipment import Machine
from obeya.domain.errors import ObeyaError
from obeya.domain.events import ShopFloorEvent, StopReasonAssigned
from obeya.domain.plant import Plant
from obeya.domain.times import parse_timestamp
from obeya.kpi.bottleneck import bottleneck_answer
from obeya.kpi.oee import MachineSeries, machine_series, oee_answer_from_series
from obeya.kpi.report import losses_answer
from obeya.kpi.timeline import fold_intervals
from obeya.reports.adherence import at_risk, finished_late, traffic_light
from obeya.reports.context import (
    BottleneckRow,
    LineRow,
    LossRow,
    MorningReport,
    StopRow,
)
from obeya.reports.period import (
    ReportPeriod,
    last_production_day,
    parse_report_date,
    report_period,
)
from obeya.reports.quality_rows import quality_rows
from obeya.reports.render import (
    REPORT_FORMATS,
    render_report,
    report_document,
    report_fragment,
    report_headline,
)
from obeya.reports.sections import report_sections
from obeya.services.floor import (
    current_schedule,
    incidents_between,
    open_actions,
    planned_quantity,
    scope_stops,
)
from obeya.services.kpi import order_products
from obeya.services.quality import quality_summary
from obeya.services.quality_views import report_control_series
from obeya.services.runtime import Runtime
from obeya.storage.clock import to_us

__all__ = [
    "REPORT_FORMATS",
    "line_view",
    "morning_report",
    "parse_report_date",
    "render_report",
    "report_document",
    "report_fragment",
    "report_headline",
    "report_sections",
]

LONG_STOP_S = 15 * 60
MAX_UNEXPLAINED = 30
AMBER_FACTOR = 0.9
AT_RISK_HORIZON = timedelta(hours=24)


def resolve_period(
    plant: Plant, day: date | None, shift_id: str | None, now: datetime
) -> ReportPeriod:
    """The report period (see `obeya.reports.period`); no day: the last production day."""
    calendar, timezone = plant.calendar, plant.site.timezone
    chosen = day if day is not None else last_production_day(calendar, timezone, now)
    return report_period(calendar, timezone, chosen, shift_id)


def morning_report(
    runtime: Runtime,
    day: date | None = None,
    shift_id: str | None = None,
    scope: str = "site",
    now: datetime | None = None,
) -> MorningReport:
    """The morning report of `scope` (site, area:ID, line:ID) for a day or shift.

    Raises:
        InputError: an unknown shift. NotFoundError: an unknown line, area or scope.
    """
    return _report_and_series(runtime, day, shift_id, scope, now)[0]


def _report_and_series(
    runtime: Runtime,
    day: date | None,
    shift_id: str | None,
    scope: str,
    now: datetime | None,
) -> tuple[MorningReport, list[ShopFloorEvent], Mapping[str, MachineSeries]]:
    moment = now or datetime.now(UTC)
    plant = runtime.plant()
    machines = plant.machines_in_scope(scope)
    period = resolve_period(plant, day, shift_id, moment)
    line_ids = list(dict.fromkeys(machine.line_id for machine in machines))
    with runtime.uow() as uow:
        events = uow.events.for_machines(
            [m.id for m in machines], to_us(period.start_at), to_us(period.end_at)
        )
        schedule = current_schedule(uow)
        quantities = {order.id: order.quantity for order in uow.orders.list()}
        due = {order.id: order.due_at for order in uow.orders.list()}
    products = order_products(runtime)
    notices = list(period.notices)
    if period.start_at >= moment:
        notices.append("this period has not started yet: there is nothing to report.")
    elif not events:
        notices.append("no machine events were recorded in this period.")
    if period.start_at < moment < period.end_at:
        notices.append("this period is still running: the figures stop at the time generated.")
    if schedule is None:
        notices.append("no schedule exists: planned output and orders at risk are unknown.")
    series = machine_series(plant, events, products)
    args = (plant, period, series, moment)
    by_line: dict[str, list[ShopFloorEvent]] = {}
    for event in events:
        by_line.setdefault(plant.machine(event.machine_id).line_id, []).append(event)
    lines = tuple(_line_row(*args, line_id, schedule, quantities) for line_id in line_ids)
    started = period.start_at < moment
    losses: dict[str, object] = {}
    if started:
        losses = losses_answer(
            plant, scope, period.start_at, period.end_at, events, products, moment
        )
    unexplained = sorted(
        _unexplained(losses.get("unexplained_stops")), key=lambda row: -row.duration_s
    )
    report = MorningReport(
        site_name=plant.site.name,
        timezone=plant.site.timezone,
        scope=scope,
        period_label=period.label,
        start_at=period.start_at,
        end_at=period.end_at,
        generated_at=moment,
        lines=lines,
        total=_total_row(*args, scope, lines),
        notices=tuple(notices),
        losses=tuple(_loss_row(row) for row in _rows(losses.get("pareto"))),
        long_stops=_long_stops(plant, machines, period, events, moment),
        unexplained=tuple(unexplained[:MAX_UNEXPLAINED]),
        unexplained_count=len(unexplained),
        unexplained_s=sum(row.duration_s for row in unexplained),
        bottlenecks=tuple(
            _bottleneck(plant, period, by_line.get(lid, []), moment, lid)
            for lid in line_ids
            if started
        ),
        late_orders=finished_late(events, due, period),
        at_risk=at_risk(schedule, period, due),
        incidents=incidents_between(runtime, period.start_at, period.end_at, line_ids),
        actions=open_actions(runtime, line_ids),
        **_quality(runtime, period, scope),
    )
    return report, events, series


def _quality(runtime: Runtime, period: ReportPeriod, scope: str) -> dict[str, Any]:
    """The quality section's fields from the quality service (a note when unavailable)."""
    try:
        summary = quality_summary(runtime, period.start_at, period.end_at, scope)
    except ObeyaError as error:
        return {"quality_notes": (f"quality figures are unavailable: {error}",)}
    alarms, yields, defects = quality_rows(summary)
    notes = tuple(str(problem) for problem in summary.get("problems", []))
    charts = report_control_series(runtime, summary["alarms"])
    return {
        "quality_alarms": alarms,
        "yields": yields,
        "defects": defects,
        "quality_notes": notes,
        "control_charts": charts,
    }


def _rows(value: object) -> list[dict[str, Any]]:
    return list(value) if isinstance(value, list) else []


def _ratio(row: dict[str, Any], key: str) -> float | None:
    value = row.get(key)
    return float(value) if isinstance(value, int | float) else None


def _kpi_row(
    plant: Plant,
    period: ReportPeriod,
    series: Mapping[str, MachineSeries],
    now: datetime,
    scope: str,
) -> dict[str, Any]:
    start_at, end_at = period.start_at, period.end_at
    answer = oee_answer_from_series(plant, scope, start_at, end_at, "none", series, now)
    total: dict[str, Any] = answer["total"]  # type: ignore[assignment]
    return total


def _line_row(
    plant: Plant,
    period: ReportPeriod,
    series: Mapping[str, MachineSeries],
    now: datetime,
    line_id: str,
    schedule: dict[str, Any] | None,
    quantities: dict[str, int],
) -> LineRow:
    line = plant.line(line_id)
    row = _kpi_row(plant, period, series, now, f"line:{line_id}")
    machine_ids = {machine.id for machine in line.machines}
    planned = None
    if schedule is not None:
        planned = planned_quantity(
            schedule, machine_ids, quantities, period.start_at, period.end_at
        )
    return _as_line_row(line_id, line.name, row, planned, line.oee_target)


def _as_line_row(
    key: str, name: str, row: dict[str, Any], planned: float | None, target: float | None
) -> LineRow:
    oee = _ratio(row, "oee")
    return LineRow(
        line_id=key,
        name=name,
        planned_count=planned,
        produced_count=int(row["pq"]),
        good_count=int(row["gq"]),
        scrap_count=int(row["sq"]),
        availability=_ratio(row, "availability"),
        effectiveness=_ratio(row, "effectiveness"),
        quality=_ratio(row, "quality"),
        oee=oee,
        oee_target=target,
        status=traffic_light(oee, target),
        unknown_s=float(row["unknown_s"]),
    )


def _total_row(
    plant: Plant,
    period: ReportPeriod,
    series: Mapping[str, MachineSeries],
    now: datetime,
    scope: str,
    lines: Sequence[LineRow],
) -> LineRow:
    row = _kpi_row(plant, period, series, now, scope)
    plans = [line.planned_count for line in lines if line.planned_count is not None]
    planned = sum(plans) if plans else None
    return _as_line_row(scope, "total", row, planned, None)


def _loss_row(row: dict[str, Any]) -> LossRow:
    return LossRow(
        reason=row["reason"],
        element=str(row["element"]),
        duration_s=float(row["duration_s"]),
        stop_count=int(row["stop_count"]),
        share=_ratio(row, "share"),
    )


def _unexplained(rows: object) -> list[StopRow]:
    return [
        StopRow(
            machine_id=str(row["machine"]),
            start_at=parse_timestamp(row["from"]),
            end_at=parse_timestamp(row["to"]),
            duration_s=float(row["duration_s"]),
        )
        for row in _rows(rows)
    ]


def _comments(events: Sequence[ShopFloorEvent]) -> dict[tuple[str, datetime], str | None]:
    latest: dict[tuple[str, datetime], StopReasonAssigned] = {}
    for event in events:
        if isinstance(event, StopReasonAssigned):
            key = (event.machine_id, event.stop_at)
            if key not in latest or (event.at, event.event_id) > (
                latest[key].at,
                latest[key].event_id,
            ):
                latest[key] = event
    return {key: event.comment for key, event in latest.items()}


def _long_stops(
    plant: Plant,
    machines: Sequence[Machine],
    period: ReportPeriod,
    events: Sequence[ShopFloorEvent],
    now: datetime,
) -> tuple[StopRow, ...]:
    """Stops of at least 15 min of planned busy time, longest first (at most 20)."""
    stop_at = max(period.start_at, min(period.end_at, now))
    comments = _comments(events)
    found = [
        StopRow(
            stop.interval.machine_id,
            stop.interval.start_at,
            stop.interval.end_at,
            stop.busy_us / 1_000_000,
            stop.interval.reason,
            comments.get((stop.interval.machine_id, stop.interval.start_at)),
        )
        for stop in scope_stops(plant, machines, period.start_at, stop_at, events)
        if stop.busy_us >= LONG_STOP_S * 1_000_000
    ]
    found.sort(key=lambda row: (-row.duration_s, row.start_at, row.machine_id))
    return tuple(found[:20])


def _bottleneck(
    plant: Plant,
    period: ReportPeriod,
    events: Sequence[ShopFloorEvent],
    now: datetime,
    line_id: str,
) -> BottleneckRow:
    answer = bottleneck_answer(plant, line_id, period.start_at, period.end_at, events, now)
    machine_id = answer.get("bottleneck")
    shares = {str(row["machine"]): row for row in _rows(answer.get("machines")) if row["machine"]}
    chosen = shares.get(str(machine_id)) if machine_id else None
    return BottleneckRow(
        line_id,
        str(machine_id) if machine_id else None,
        _ratio(chosen, "sole_share") if chosen else None,
        _ratio(chosen, "shifting_share") if chosen else None,
    )


def line_view(
    runtime: Runtime, line_id: str, day: date | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """The line page: the line's report, OEE by shift and each machine's state timeline.

    Without `day`: today's production day once it has begun, else yesterday's.
    `timeline` maps machine id -> [(start_at, end_at, state, reason)] inside the period.

    Raises:
        NotFoundError: an unknown line.
    """
    moment = now or datetime.now(UTC)
    plant = runtime.plant()
    line = plant.line(line_id)
    scope = f"line:{line_id}"
    if day is None:
        day = moment.astimezone(ZoneInfo(plant.site.timezone)).date()
        if resolve_period(plant, day, None, moment).start_at > moment:
            day -= timedelta(days=1)
    report, events, series = _report_and_series(runtime, day, None, scope, moment)
    start_at, end_at = report.start_at, report.end_at
    stop_at = max(start_at, min(end_at, moment))
    shifts: list[dict[str, Any]] = []
    timeline: dict[str, list[tuple[datetime, datetime, str, str | None]]] = {}
    if stop_at > start_at:
        answer = oee_answer_from_series(plant, scope, start_at, end_at, "shift", series, moment)
        shifts = answer["rows"]  # type: ignore[assignment]
        for machine_id, intervals in fold_intervals(events, start_at, stop_at).items():
            timeline[machine_id] = [
                (item.start_at, item.end_at, str(item.state), item.reason) for item in intervals
            ]
    return {"line": line, "report": report, "shifts": shifts, "timeline": timeline}
