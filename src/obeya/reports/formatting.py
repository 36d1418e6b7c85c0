"""How the report writes numbers and times for people (every renderer uses these)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from obeya.reports.context import AMBER, GREEN, RED, LineRow, MorningReport

STATUS_WORDS = {GREEN: "on target", AMBER: "near target", RED: "below target"}
ELEMENT_WORDS = {
    "adet": "breakdown / fault",
    "aust": "setup",
    "adot": "idle",
    "pdot": "planned",
    "unknown": "no state",
}


def percent(ratio: float | None) -> str:
    """`61.3 %`, or `n/a` for a ratio with a zero denominator."""
    return "n/a" if ratio is None else f"{ratio * 100:.1f} %"


def minutes(seconds: float) -> str:
    """Seconds as `1 h 05 min` or `42 min` (rounded to the minute)."""
    total = round(seconds / 60)
    hours, rest = divmod(total, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def count(value: float | None) -> str:
    """A quantity with thousands separators, `n/a` when unknown."""
    return "n/a" if value is None else f"{round(value):,}"


def local_time(moment: datetime | None, timezone: str, with_date: bool = True) -> str:
    """`2026-11-24 06:00` in the site's time zone (`-` for None)."""
    if moment is None:
        return "-"
    local = moment.astimezone(ZoneInfo(timezone))
    return local.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")


def status_word(status: str) -> str:
    """The traffic light in words (colour is never the only signal)."""
    return STATUS_WORDS.get(status, "no target")


def reason_label(reason: str | None) -> str:
    """A stop reason code, or `(no reason given)`."""
    return reason if reason else "(no reason given)"


def element_label(element: str) -> str:
    """The ISO 22400 time element a stop was booked to, in words."""
    return ELEMENT_WORDS.get(element, element)


def output_vs_plan(row: LineRow) -> str:
    """`1,234 of 1,500 planned (82.3 %)` or `1,234 (no plan)`."""
    if row.planned_count is None or row.planned_count <= 0:
        return f"{count(row.produced_count)} produced (no plan)"
    share = row.produced_count / row.planned_count
    return f"{count(row.produced_count)} of {count(row.planned_count)} planned ({percent(share)})"


def headline(row: LineRow) -> str:
    """One sentence for a line: output vs plan and OEE vs target with its status."""
    target = f" vs target {percent(row.oee_target)}" if row.oee_target is not None else ""
    status = f" - {status_word(row.status)}" if row.oee_target is not None else ""
    return f"{output_vs_plan(row)}; OEE {percent(row.oee)}{target}{status}"


def title(report: MorningReport) -> str:
    """`Morning report - Demo Works - site - 2026-11-24`."""
    return f"Morning report - {report.site_name} - {report.scope} - {report.period_label}"


def period_text(report: MorningReport) -> str:
    """`2026-11-24 06:00 to 2026-11-25 06:00 (Europe/Berlin)`."""
    start = local_time(report.start_at, report.timezone)
    end = local_time(report.end_at, report.timezone)
    return f"{start} to {end} ({report.timezone})"
