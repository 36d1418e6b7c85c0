"""Shifts on the nights the clocks change in Europe/Berlin last as long as the wall clock says."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from obeya.domain.calendars import planned_time, shift_instances
from obeya.plantfile import load_plant

from .examples import VALID_PLANT

EVERY_NIGHT = VALID_PLANT.replace(
    "days: [mon, tue]}",
    'days: [mon, tue, wed, thu, fri, sat, sun], breaks: [{start: "23:00", minutes: 30}]}',
)


def _night(local_day: date) -> tuple[datetime, datetime]:
    plant = load_plant(EVERY_NIGHT)
    start_at = datetime.combine(local_day, datetime.min.time(), tzinfo=UTC)
    found = shift_instances(
        plant.calendar, plant.site.timezone, start_at, start_at + timedelta(days=1), ["night"]
    )
    instance = next(item for item in found if item.local_date == local_day)
    return instance.start_at, instance.end_at


def test_the_night_shift_is_7_hours_when_clocks_go_forward() -> None:
    """EU summer time starts on the last Sunday of March, 2026-03-29 at 01:00 UTC."""
    start_at, end_at = _night(date(2026, 3, 28))
    assert start_at == datetime(2026, 3, 28, 21, 0, tzinfo=UTC)  # 22:00 CET
    assert end_at == datetime(2026, 3, 29, 4, 0, tzinfo=UTC)  # 06:00 CEST
    assert end_at - start_at == timedelta(hours=7)


def test_the_night_shift_is_9_hours_when_clocks_go_back() -> None:
    """EU summer time ends on the last Sunday of October, 2026-10-25 at 01:00 UTC."""
    start_at, end_at = _night(date(2026, 10, 24))
    assert start_at == datetime(2026, 10, 24, 20, 0, tzinfo=UTC)  # 22:00 CEST
    assert end_at == datetime(2026, 10, 25, 5, 0, tzinfo=UTC)  # 06:00 CET
    assert end_at - start_at == timedelta(hours=9)


def test_an_ordinary_night_shift_is_8_hours() -> None:
    start_at, end_at = _night(date(2026, 11, 21))
    assert end_at - start_at == timedelta(hours=8)


def test_planned_time_of_the_short_night_is_7_hours_with_its_break_inside() -> None:
    plant = load_plant(EVERY_NIGHT)
    start_at = datetime(2026, 3, 28, 21, 0, tzinfo=UTC)
    end_at = datetime(2026, 3, 29, 4, 0, tzinfo=UTC)
    planned = planned_time(plant.calendar, plant.site.timezone, start_at, end_at, ["night"])
    assert planned.operation == ((start_at, end_at),)
    assert planned.breaks == (
        (datetime(2026, 3, 28, 22, 0, tzinfo=UTC), datetime(2026, 3, 28, 22, 30, tzinfo=UTC)),
    )
