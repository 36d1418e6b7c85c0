"""The period a morning report covers: a production day or one shift of it.

- `--date D` alone: the production day D, from the start of the first shift that starts
  on local date D to the end of the last one (a night shift crossing midnight belongs to
  D). With no shift planned on D, the local calendar day D, with a notice.
- `--date D --shift ID`: that shift's instance starting on D; when the shift does not
  run on D, the local calendar day D, with a notice.
- No date: the last complete production day before `now` (the usual morning meeting).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from obeya.domain.calendars import Calendar, shift_instances
from obeya.domain.errors import InputError


@dataclass(frozen=True)
class ReportPeriod:
    """`[start_at, end_at)` in UTC, a label for people, and notices for the reader."""

    start_at: datetime
    end_at: datetime
    label: str
    notices: tuple[str, ...] = ()


def parse_report_date(text: str) -> date:
    """Parse `YYYY-MM-DD`.

    Raises:
        InputError: naming `--date` when the text is not a calendar date.
    """
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--date {text!r} is not a date: write YYYY-MM-DD") from None


def _local_day(day: date, timezone: str) -> tuple[datetime, datetime]:
    zone = ZoneInfo(timezone)
    start = datetime.combine(day, time(0), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    return start.astimezone(ZoneInfo("UTC")), end.astimezone(ZoneInfo("UTC"))


def report_period(
    calendar: Calendar, timezone: str, day: date, shift_id: str | None = None
) -> ReportPeriod:
    """The period of production day `day` (or its shift `shift_id`).

    Raises:
        InputError: when `shift_id` names no shift of the calendar.
    """
    known = [shift.id for shift in calendar.shifts]
    if shift_id is not None and shift_id not in known:
        raise InputError(f"--shift {shift_id!r} is not a shift of the plant (known: {known})")
    day_start, day_end = _local_day(day, timezone)
    wanted = [shift_id] if shift_id else []
    found = [
        instance
        for instance in shift_instances(calendar, timezone, day_start, day_end, wanted)
        if instance.local_date == day
    ]
    what = f"shift {shift_id} of {day.isoformat()}" if shift_id else day.isoformat()
    if not found:
        notice = f"no shift is planned on {day.isoformat()}" + (
            f" for shift {shift_id}" if shift_id else ""
        )
        return ReportPeriod(day_start, day_end, what, (f"{notice}: showing the calendar day.",))
    start_at = min(instance.start_at for instance in found)
    end_at = max(instance.end_at for instance in found)
    return ReportPeriod(start_at, end_at, what)


def last_production_day(calendar: Calendar, timezone: str, now: datetime) -> date:
    """The newest local date whose shifts have all ended by `now` (at most 7 days back)."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    for back in range(1, 8):
        day = today - timedelta(days=back)
        period = report_period(calendar, timezone, day)
        if not period.notices and period.end_at <= now:
            return day
    return today - timedelta(days=1)
