"""Schedule adherence for the morning report: orders finished late and orders at risk.

Pure functions of domain events and the stored schedule answer (CONTRACTS.md section 8).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from obeya.domain.events import OrderAction, OrderMarked, ShopFloorEvent
from obeya.domain.times import parse_timestamp
from obeya.reports.context import AMBER, GREEN, NO_TARGET, RED, OrderRow
from obeya.reports.period import ReportPeriod

AMBER_FACTOR = 0.9
AT_RISK_HORIZON = timedelta(hours=24)


def traffic_light(oee: float | None, target: float | None) -> str:
    """green at or above target, amber within 90 % of it, red below; none without data."""
    if oee is None or target is None:
        return NO_TARGET
    if oee >= target:
        return GREEN
    return AMBER if oee >= AMBER_FACTOR * target else RED


def finished_late(
    events: Sequence[ShopFloorEvent],
    due: dict[str, datetime],
    period: ReportPeriod,
) -> tuple[OrderRow, ...]:
    """Orders whose last stop mark inside the period came after their due time."""
    finished: dict[str, datetime] = {}
    for event in events:
        inside = period.start_at <= event.at < period.end_at
        if isinstance(event, OrderMarked) and event.action is OrderAction.STOP and inside:
            finished[event.order_id] = max(event.at, finished.get(event.order_id, event.at))
    rows = [
        OrderRow(order, due[order], end, (end - due[order]).total_seconds() / 60)
        for order, end in finished.items()
        if order in due and end > due[order]
    ]
    rows.sort(key=lambda row: (-(row.late_min or 0), row.order_id))
    return tuple(rows)


def at_risk(
    schedule: dict[str, Any] | None, period: ReportPeriod, due: dict[str, datetime]
) -> tuple[OrderRow, ...]:
    """Late and unscheduled orders of the current schedule due before the period's end + 24 h."""
    if schedule is None:
        return ()
    horizon = period.end_at + AT_RISK_HORIZON
    rows: list[OrderRow] = []
    for late in schedule.get("late_orders", []):
        due_at = parse_timestamp(late["due"], "late order due")
        if due_at < horizon:
            end_at = parse_timestamp(late["end"], "late order end") if late.get("end") else None
            causes = tuple(str(cause) for cause in late.get("causes", []))
            rows.append(OrderRow(str(late["order"]), due_at, end_at, late.get("late_min"), causes))
    for missing in schedule.get("unscheduled", []):
        order_id = str(missing["order"])
        if order_id in due and due[order_id] < horizon:
            reason = (f"not scheduled: {missing['reason']}",)
            rows.append(OrderRow(order_id, due[order_id], None, None, reason))
    return tuple(rows)
