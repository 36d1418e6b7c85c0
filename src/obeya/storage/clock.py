"""Instants as integer microseconds since the Unix epoch (UTC), the stored form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_us(moment: datetime) -> int:
    """Microseconds since the epoch of an aware datetime."""
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_us(micros: int) -> datetime:
    """The aware UTC datetime of a microsecond count."""
    return _EPOCH + timedelta(microseconds=micros)


def maybe_us(moment: datetime | None) -> int | None:
    """`to_us`, passing None through."""
    return None if moment is None else to_us(moment)


def maybe_datetime(micros: int | None) -> datetime | None:
    """`from_us`, passing None through."""
    return None if micros is None else from_us(micros)
