"""Timestamps: RFC 3339 with an explicit offset on input, aware UTC inside."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from obeya.domain.errors import InputError


def parse_timestamp(text: object, what: str = "timestamp") -> datetime:
    """Parse an RFC 3339 timestamp that carries an offset (`...Z` or `...+01:00`).

    Returns an aware datetime in UTC.

    Raises:
        InputError: when the text is not a timestamp or has no offset; a timestamp
            without an offset is never taken as local or UTC.
    """
    if isinstance(text, datetime):
        moment = text
    elif isinstance(text, str):
        try:
            moment = datetime.fromisoformat(text.strip().replace("z", "Z"))
        except ValueError:
            raise InputError(
                f"{what} {text!r} is not an RFC 3339 timestamp "
                "(expected e.g. 2026-11-24T06:00:00Z or 2026-11-24T06:00:00+01:00)"
            ) from None
    else:
        raise InputError(f"{what} must be an RFC 3339 timestamp string, got {text!r}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InputError(
            f"{what} {text!r} has no UTC offset: add Z or +HH:MM "
            "(obeya never guesses local time or UTC)"
        )
    return moment.astimezone(UTC)


def format_timestamp(moment: datetime) -> str:
    """Format an aware datetime as RFC 3339 in UTC with a `Z` suffix."""
    utc = moment.astimezone(UTC)
    if utc.microsecond:
        return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ")


def ensure_utc(moment: datetime) -> datetime:
    """Return an aware UTC datetime; naive values (from some databases) are UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_duration(text: str, what: str = "duration") -> timedelta:
    """Parse a duration like `4h`, `90m`, `30s`, `2d` or `1h30m`.

    Raises:
        InputError: when the text is not such a duration.
    """
    units = {"d": 86400, "h": 3600, "m": 60, "s": 1}
    total = 0
    number = ""
    for char in text.strip():
        if char.isdigit():
            number += char
        elif char in units and number:
            total += int(number) * units[char]
            number = ""
        else:
            raise InputError(f"{what} {text!r} is not a duration like 4h, 90m or 1h30m")
    if number or total <= 0:
        raise InputError(f"{what} {text!r} is not a positive duration like 4h, 90m or 1h30m")
    return timedelta(seconds=total)
