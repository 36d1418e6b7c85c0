"""Reading the `site` and `calendar` sections of a plant file."""

from __future__ import annotations

import re
import zoneinfo
from datetime import datetime, time

from obeya.domain.calendars import WEEKDAYS, Break, Calendar, Closure, Shift
from obeya.domain.equipment import Site
from obeya.domain.errors import InputError
from obeya.domain.times import parse_timestamp
from obeya.plantfile.fields import Reader, Registry, suggest
from obeya.plantfile.problems import key_path
from obeya.plantfile.yaml_nodes import Node, ScalarNode

_CLOCK = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
MINUTES_PER_DAY = 24 * 60


def read_site(reader: Reader, node: Node, path: str = "site") -> Site | None:
    """The site: id, name (default: the id), IANA time zone."""
    fields = reader.mapping(node, path, ("id", "timezone"), ("name",))
    if fields is None:
        return None
    site_id = reader.identifier(fields.get("id"), key_path(path, "id"), "site id")
    name = reader.text(fields.get("name"), key_path(path, "name"), default=site_id)
    timezone = _timezone(reader, fields.get("timezone"), key_path(path, "timezone"))
    if site_id is None or name is None or timezone is None:
        return None
    return Site(site_id, name, timezone)


def _timezone(reader: Reader, node: Node | None, path: str) -> str | None:
    zone = reader.text(node, path)
    if zone is None or node is None:
        return None
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        hint = suggest(zone, zoneinfo.available_timezones())
        reader.error(path, node, f"{zone!r} is not an IANA time zone like Europe/Berlin{hint}")
        return None
    return zone


def read_calendar(
    reader: Reader, node: Node, registry: Registry, path: str = "calendar"
) -> Calendar | None:
    """The weekly shifts (at least one, unique ids) and the closures.

    Shift ids are registered (kind `shift`) even when the rest of a shift is wrong, so
    references to them do not give follow-on errors.
    """
    fields = reader.mapping(node, path, ("shifts",), ("closures",))
    if fields is None:
        return None
    shifts_path = key_path(path, "shifts")
    items = reader.sequence(fields.get("shifts"), shifts_path, empty_ok=False)
    shifts = [
        _shift(reader, item, key_path(shifts_path, index), registry)
        for index, item in enumerate(items)
    ]
    closures_path = key_path(path, "closures")
    closures = [
        _closure(reader, item, key_path(closures_path, index))
        for index, item in enumerate(reader.sequence(fields.get("closures"), closures_path))
    ]
    return Calendar(
        tuple(shift for shift in shifts if shift is not None),
        tuple(item for item in closures if item is not None),
    )


def _shift(reader: Reader, node: Node, path: str, registry: Registry) -> Shift | None:
    fields = reader.mapping(node, path, ("id", "start", "end", "days"), ("breaks",))
    if fields is None:
        return None
    shift_id = registry.read_id(reader, fields, path, "shift")
    start = _clock(reader, fields.get("start"), key_path(path, "start"))
    end = _clock(reader, fields.get("end"), key_path(path, "end"))
    weekdays = _weekdays(reader, fields.get("days"), key_path(path, "days"))
    breaks_path = key_path(path, "breaks")
    breaks: list[Break] = []
    for index, item in enumerate(reader.sequence(fields.get("breaks"), breaks_path)):
        pause = _break(reader, item, key_path(breaks_path, index))
        if pause is not None and start is not None and end is not None:
            _check_break(reader, item, key_path(breaks_path, index), (start, end), pause, breaks)
            breaks.append(pause)
    if shift_id is None or start is None or end is None or weekdays is None:
        return None
    return Shift(shift_id, start, end, weekdays, tuple(breaks))


def _clock(reader: Reader, node: Node | None, path: str) -> time | None:
    if node is None:
        return None
    raw = node.raw if isinstance(node, ScalarNode) else ""
    match = _CLOCK.fullmatch(raw.strip())
    if match is None:
        reader.error(path, node, f'expected a local time "HH:MM" like "06:00", got {raw!r}')
        return None
    return time(int(match.group(1)), int(match.group(2)))


def _weekdays(reader: Reader, node: Node | None, path: str) -> tuple[int, ...] | None:
    items = reader.sequence(node, path, empty_ok=False)
    days: set[int] = set()
    for index, item in enumerate(items):
        day = reader.text(item, key_path(path, index))
        if day is None:
            return None
        if day not in WEEKDAYS:
            hint = suggest(day.lower(), WEEKDAYS)
            reader.error(key_path(path, index), item, f"{day!r} is not a day: use mon..sun{hint}")
            return None
        if WEEKDAYS.index(day) in days:
            reader.error(key_path(path, index), item, f"day {day!r} is listed twice")
        days.add(WEEKDAYS.index(day))
    return tuple(sorted(days)) if items else None


def _break(reader: Reader, node: Node, path: str) -> Break | None:
    fields = reader.mapping(node, path, ("start", "minutes"))
    if fields is None:
        return None
    start = _clock(reader, fields.get("start"), key_path(path, "start"))
    minutes_node = fields.get("minutes")
    minutes = None
    if minutes_node is not None:
        minutes = reader.integer(minutes_node, key_path(path, "minutes"), "minutes", minimum=1)
    if start is None or minutes is None:
        return None
    return Break(start, minutes)


def _offset_min(clock: time, origin: time) -> int:
    """Minutes from `origin` forward to `clock` on the wall clock (0..1439)."""
    return (clock.hour * 60 + clock.minute - origin.hour * 60 - origin.minute) % MINUTES_PER_DAY


def shift_length_min(start: time, end: time) -> int:
    """The wall-clock length of a shift in minutes (end <= start crosses midnight)."""
    return _offset_min(end, start) or MINUTES_PER_DAY


def _check_break(
    reader: Reader,
    node: Node,
    path: str,
    span: tuple[time, time],
    pause: Break,
    earlier: list[Break],
) -> None:
    start, end = span
    offset = _offset_min(pause.start, start)
    if offset + pause.minutes > shift_length_min(start, end):
        reader.error(
            path,
            node,
            f"break {pause.start:%H:%M}+{pause.minutes} min is not inside its shift "
            f"{start:%H:%M}-{end:%H:%M}",
        )
        return
    for other in earlier:
        other_offset = _offset_min(other.start, start)
        if offset < other_offset + other.minutes and other_offset < offset + pause.minutes:
            reader.error(
                path, node, f"break {pause.start:%H:%M} overlaps break {other.start:%H:%M}"
            )


def _closure(reader: Reader, node: Node, path: str) -> Closure | None:
    fields = reader.mapping(node, path, ("start", "end"), ("reason",))
    if fields is None:
        return None
    start_at = _timestamp(reader, fields.get("start"), key_path(path, "start"))
    end_at = _timestamp(reader, fields.get("end"), key_path(path, "end"))
    reason = reader.text(fields.get("reason"), key_path(path, "reason"), default="")
    if start_at is None or end_at is None or reason is None:
        return None
    if end_at <= start_at:
        reader.error(key_path(path, "end"), node, "a closure must end after it starts")
        return None
    return Closure(start_at, end_at, reason)


def _timestamp(reader: Reader, node: Node | None, path: str) -> datetime | None:
    if node is None:
        return None
    if not isinstance(node, ScalarNode):
        reader.error(path, node, "expected an RFC 3339 timestamp like 2026-12-24T00:00:00+01:00")
        return None
    try:
        return parse_timestamp(node.raw, "timestamp")
    except InputError as error:
        reader.error(path, node, str(error))
        return None
