"""The report as sections of text and tables, shared by the Markdown, text and HTML views.

Cells are plain (unescaped) strings: each renderer escapes for its own format.
"""

from __future__ import annotations

from dataclasses import dataclass

from obeya.reports.context import LineRow, MorningReport, QualityAlarmRow, StopRow
from obeya.reports.formatting import (
    count,
    element_label,
    local_time,
    minutes,
    percent,
    reason_label,
    status_word,
)


@dataclass(frozen=True)
class Section:
    """A titled part of the report: sentences, then a table (or `empty` when no rows)."""

    key: str
    title: str
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    sentences: tuple[str, ...] = ()
    empty: str = "nothing to report."


def _line_cells(row: LineRow) -> tuple[str, ...]:
    return (
        row.line_id,
        count(row.planned_count),
        count(row.produced_count),
        count(row.good_count),
        count(row.scrap_count),
        percent(row.availability),
        percent(row.effectiveness),
        percent(row.quality),
        percent(row.oee),
        percent(row.oee_target),
        status_word(row.status),
    )


def _lines(report: MorningReport) -> Section:
    headers = ("line", "planned", "produced", "good", "scrap", "A", "E", "Q", "OEE", "target")
    rows = [_line_cells(row) for row in report.lines]
    rows.append((*_line_cells(report.total)[:10], ""))
    return Section("lines", "Lines", (*headers, "status"), tuple(rows))


def _stop_cells(stop: StopRow, timezone: str, with_reason: bool) -> tuple[str, ...]:
    cells: tuple[str, ...] = (
        stop.machine_id,
        local_time(stop.start_at, timezone),
        local_time(stop.end_at, timezone),
        minutes(stop.duration_s),
    )
    if with_reason:
        cells += (reason_label(stop.reason), stop.comment or "")
    return cells


def _losses(report: MorningReport) -> Section:
    rows = tuple(
        (
            reason_label(loss.reason),
            element_label(loss.element),
            minutes(loss.duration_s),
            str(loss.stop_count),
            percent(loss.share),
        )
        for loss in report.losses[:10]
    )
    headers = ("reason", "booked as", "time", "stops", "share")
    return Section("losses", "Top losses", headers, rows, empty="no stop time in this period.")


def _stops(report: MorningReport) -> list[Section]:
    zone = report.timezone
    long_rows = tuple(_stop_cells(stop, zone, True) for stop in report.long_stops)
    open_rows = tuple(_stop_cells(stop, zone, False) for stop in report.unexplained)
    return [
        Section(
            "long-stops",
            "Long stops (15 min or more)",
            ("machine", "from", "to", "duration", "reason", "comment"),
            long_rows,
            empty="no stop of 15 min or more.",
        ),
        Section(
            "unexplained",
            "Unexplained stops",
            ("machine", "from", "to", "duration"),
            open_rows,
            sentences=_unexplained_sentences(report),
            empty="every stop has a reason.",
        ),
    ]


def _unexplained_sentences(report: MorningReport) -> tuple[str, ...]:
    if not report.unexplained:
        return ()
    whole = f"{report.unexplained_count} down stops without a reason"
    whole += f", {minutes(report.unexplained_s)} in total"
    if report.unexplained_count > len(report.unexplained):
        whole += f"; the {len(report.unexplained)} longest are listed"
    return (whole + ". Explain them on the operator page.",)


def _bottlenecks(report: MorningReport) -> Section:
    rows = tuple(
        (row.line_id, row.machine_id or "-", percent(row.sole_share), percent(row.shifting_share))
        for row in report.bottlenecks
    )
    headers = ("line", "bottleneck", "sole share", "shifting share")
    return Section("bottleneck", "Bottleneck (active period method)", headers, rows)


def _orders(report: MorningReport) -> list[Section]:
    zone = report.timezone
    late = tuple(
        (
            o.order_id,
            local_time(o.due_at, zone),
            local_time(o.end_at, zone),
            minutes((o.late_min or 0) * 60),
        )
        for o in report.late_orders
    )
    risk = tuple(
        (o.order_id, local_time(o.due_at, zone), local_time(o.end_at, zone), "; ".join(o.causes))
        for o in report.at_risk
    )
    return [
        Section(
            "late",
            "Orders finished late",
            ("order", "due", "finished", "late by"),
            late,
            empty="no order finished late in this period.",
        ),
        Section(
            "at-risk",
            "Orders at risk in the next 24 h",
            ("order", "due", "planned end", "why"),
            risk,
            empty="no order at risk.",
        ),
    ]


def _point(alarm: QualityAlarmRow) -> str:
    value = "" if alarm.value is None else f" = {alarm.value:.6g}"
    return f"{alarm.chart} subgroup {alarm.subgroup}{value}"


def _quality(report: MorningReport) -> list[Section]:
    zone = report.timezone
    lines = tuple(
        (row.line_id, count(row.produced_count), count(row.scrap_count), percent(row.quality))
        for row in report.lines
    )
    alarms = tuple(
        (
            local_time(alarm.at, zone),
            alarm.characteristic,
            alarm.machine_id or "-",
            _point(alarm),
            alarm.rule,
            "open" if alarm.is_open else "acknowledged",
        )
        for alarm in report.quality_alarms
    )
    yields = tuple(
        (
            row.product_id,
            row.line_id or "-",
            count(row.produced_count),
            count(row.nonconforming_count),
            percent(row.first_pass_yield),
        )
        for row in report.yields
    )
    defects = tuple(
        (row.defect, count(row.quantity), percent(row.share)) for row in report.defects[:10]
    )
    headers = ("line", "produced", "scrap", "quality")
    return [
        Section("quality", "Quality", headers, lines, sentences=report.quality_notes),
        Section(
            "spc-alarms",
            "SPC alarms",
            ("when", "characteristic", "machine", "point", "rule", "status"),
            alarms,
            empty="no SPC rule violation in this period.",
        ),
        Section(
            "first-pass-yield",
            "First-pass yield",
            ("product", "line", "produced", "nonconforming", "first-pass yield"),
            yields,
            empty="no nonconformance recorded in this period.",
        ),
        Section(
            "defects",
            "Defect Pareto",
            ("defect", "units", "share"),
            defects,
            empty="no defect recorded in this period.",
        ),
    ]


def _safety_and_actions(report: MorningReport) -> list[Section]:
    zone = report.timezone
    incidents = tuple(
        (local_time(row.at, zone), row.kind, row.line_id or "site", row.description)
        for row in report.incidents
    )
    actions = tuple(
        (
            str(row.action_id),
            row.title,
            row.owner or "-",
            row.line_id or "site",
            row.loss_reason or "-",
            local_time(row.due_at, zone),
        )
        for row in report.actions
    )
    return [
        Section(
            "safety",
            "Safety",
            ("when", "kind", "line", "what happened"),
            incidents,
            empty="no incident or near miss reported.",
        ),
        Section(
            "actions",
            "Open improvement actions",
            ("id", "action", "owner", "line", "loss attacked", "due"),
            actions,
            empty="no open action.",
        ),
    ]


def report_sections(report: MorningReport) -> list[Section]:
    """Every section in reading order (the headline is rendered separately)."""
    return [
        _lines(report),
        _losses(report),
        *_stops(report),
        _bottlenecks(report),
        *_orders(report),
        *_quality(report),
        *_safety_and_actions(report),
    ]
