"""Validation of shop-floor event payloads (CONTRACTS.md section 2) into domain events.

`parse_event` turns one decoded JSON object into a domain event or raises `InputError`
naming the event id and the field. `decode_batch` decodes raw bytes (one object or an
array, as MQTT and the REST batch carry them) into events and `RejectedEvent`s: a bad
element never spoils its neighbours.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime, timedelta

from obeya.domain.errors import InputError
from obeya.domain.events import (
    CountRecorded,
    EventKind,
    MachineState,
    MeasurementRecorded,
    OrderAction,
    OrderMarked,
    RejectedEvent,
    ShopFloorEvent,
    StateChanged,
    StopReasonAssigned,
)
from obeya.domain.identifiers import is_identifier
from obeya.domain.times import parse_timestamp

MAX_ID_LENGTH = 128
MAX_PAYLOAD_BYTES = 16 * 1024 * 1024
MAX_BATCH_EVENTS = 10_000

_COMMON_KEYS = frozenset({"id", "ts", "machine", "kind"})
_KIND_KEYS: dict[EventKind, frozenset[str]] = {
    EventKind.STATE: frozenset({"state", "reason"}),
    EventKind.COUNT: frozenset({"good", "scrap", "rework", "product"}),
    EventKind.ORDER: frozenset({"order", "action"}),
    EventKind.REASON: frozenset({"stop_ts", "reason", "comment"}),
    EventKind.MEASUREMENT: frozenset({"characteristic", "value", "subgroup", "order"}),
}


_KNOWN_KEYS = {kind: _COMMON_KEYS | keys for kind, keys in _KIND_KEYS.items()}
_KIND_VALUES = {kind.value: kind for kind in EventKind}
_CHOICES: dict[type[MachineState] | type[OrderAction], frozenset[str]] = {
    MachineState: frozenset(member.value for member in MachineState),
    OrderAction: frozenset(member.value for member in OrderAction),
}


class _Fields:
    """Reads and checks the fields of one payload, naming the event id in errors."""

    def __init__(self, obj: Mapping[str, object], event_id: str) -> None:
        self.obj = obj
        self.event_id = event_id

    def fail(self, field: str, problem: str) -> InputError:
        return InputError(f"event {self.event_id!r}: {field} {problem}")

    def required(self, field: str) -> object:
        if field not in self.obj or self.obj[field] is None:
            raise self.fail(field, "is required")
        return self.obj[field]

    def identifier(self, field: str, *, optional: bool = False) -> str | None:
        value = self.obj.get(field)
        if value is None and optional:
            return None
        value = self.required(field)
        if not is_identifier(value):
            raise self.fail(field, f"must be 1-64 characters of A-Z a-z 0-9 _ . -, got {value!r}")
        assert isinstance(value, str)
        return value

    def text(self, field: str, *, optional: bool = False) -> str | None:
        value = self.obj.get(field)
        if value is None and optional:
            return None
        value = self.required(field)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, f"must be a non-empty string, got {value!r}")
        return value

    def count(self, field: str, *, optional: bool = False) -> int:
        value = self.obj.get(field)
        if value is None and optional:
            return 0
        value = self.required(field)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(field, f"must be an integer >= 0, got {value!r}")
        return value

    def number(self, field: str) -> float:
        value = self.required(field)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(field, f"must be a number, got {value!r}")
        if not math.isfinite(value):
            raise self.fail(field, f"must be a finite number, got {value!r}")
        return float(value)

    def timestamp(self, field: str) -> datetime:
        value = self.required(field)
        try:
            return parse_timestamp(value, field)
        except InputError as error:
            raise InputError(f"event {self.event_id!r}: {error}") from None

    def choice(self, field: str, choices: type[MachineState] | type[OrderAction]) -> str:
        value = self.required(field)
        if not isinstance(value, str) or value not in _CHOICES[choices]:
            allowed = ", ".join(member.value for member in choices)
            raise self.fail(field, f"must be one of {allowed}, got {value!r}")
        return value


def parse_event(
    obj: object,
    *,
    source: str = "",
    known_machines: Collection[str] | None = None,
    now: datetime | None = None,
    max_future: timedelta = timedelta(hours=1),
) -> ShopFloorEvent:
    """Turn one decoded JSON object (CONTRACTS.md section 2) into a domain event.

    `source` names where the payload came from (`file.jsonl:12`, `mqtt:TOPIC`); it is
    not part of the message (the caller's `RejectedEvent` carries it).
    `known_machines`, when given, is the set of machine ids that may send events;
    `now` (aware, default: the current UTC time) and `max_future` bound how far in the
    future `ts` may lie (clock errors). Unknown keys are kept in the event's `extra`.

    Raises:
        InputError: naming the event id and the field, e.g.
            `event 'cnc1-000125': good must be an integer >= 0, got -3`.
    """
    if not isinstance(obj, Mapping):
        raise InputError(f"an event must be a JSON object, got {type(obj).__name__}")
    event_id = _event_id(obj)
    fields = _Fields(obj, event_id)
    at = fields.timestamp("ts")
    limit = (now or datetime.now(UTC)) + max_future
    if at > limit:
        raise fields.fail("ts", f"{obj['ts']!r} lies more than {max_future} in the future")
    machine_id = fields.identifier("machine")
    assert machine_id is not None
    if known_machines is not None and machine_id not in known_machines:
        raise fields.fail("machine", f"{machine_id!r} is not a machine of the plant")
    kind_text = fields.required("kind")
    kind = _KIND_VALUES.get(kind_text) if isinstance(kind_text, str) else None
    if kind is None:
        kinds = ", ".join(_KIND_VALUES)
        raise fields.fail("kind", f"must be one of {kinds}, got {kind_text!r}")
    known = _KNOWN_KEYS[kind]
    extra = {key: value for key, value in obj.items() if key not in known}
    return _BUILDERS[kind](fields, event_id, at, machine_id, extra)


def _event_id(obj: Mapping[str, object]) -> str:
    value = obj.get("id")
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_ID_LENGTH:
        raise InputError(
            f"event id must be a non-empty string of at most {MAX_ID_LENGTH} characters, "
            f"got {_short(value)}"
        )
    return value


def _state(
    fields: _Fields, event_id: str, at: datetime, machine_id: str, extra: dict[str, object]
) -> ShopFloorEvent:
    state = MachineState(fields.choice("state", MachineState))
    reason = fields.identifier("reason", optional=True)
    return StateChanged(event_id, at, machine_id, state, reason, extra)


def _count(
    fields: _Fields, event_id: str, at: datetime, machine_id: str, extra: dict[str, object]
) -> ShopFloorEvent:
    good = fields.count("good")
    scrap = fields.count("scrap", optional=True)
    rework = fields.count("rework", optional=True)
    product = fields.identifier("product", optional=True)
    return CountRecorded(event_id, at, machine_id, good, scrap, rework, product, extra)


def _order(
    fields: _Fields, event_id: str, at: datetime, machine_id: str, extra: dict[str, object]
) -> ShopFloorEvent:
    order = fields.identifier("order")
    assert order is not None
    action = OrderAction(fields.choice("action", OrderAction))
    return OrderMarked(event_id, at, machine_id, order, action, extra)


def _reason(
    fields: _Fields, event_id: str, at: datetime, machine_id: str, extra: dict[str, object]
) -> ShopFloorEvent:
    stop_at = fields.timestamp("stop_ts")
    reason = fields.identifier("reason")
    assert reason is not None
    comment = fields.text("comment", optional=True)
    return StopReasonAssigned(event_id, at, machine_id, stop_at, reason, comment, extra)


def _measurement(
    fields: _Fields, event_id: str, at: datetime, machine_id: str, extra: dict[str, object]
) -> ShopFloorEvent:
    characteristic = fields.identifier("characteristic")
    assert characteristic is not None
    value = fields.number("value")
    subgroup = fields.text("subgroup", optional=True)
    order = fields.identifier("order", optional=True)
    return MeasurementRecorded(
        event_id, at, machine_id, characteristic, value, subgroup, order, extra
    )


_Builder = Callable[[_Fields, str, datetime, str, dict[str, object]], ShopFloorEvent]
_BUILDERS: dict[EventKind, _Builder] = {
    EventKind.STATE: _state,
    EventKind.COUNT: _count,
    EventKind.ORDER: _order,
    EventKind.REASON: _reason,
    EventKind.MEASUREMENT: _measurement,
}


def decode_batch(
    raw: bytes | str,
    source: str,
    *,
    known_machines: Collection[str] | None = None,
    now: datetime | None = None,
    max_future: timedelta = timedelta(hours=1),
    defaults: Mapping[str, object] | None = None,
) -> tuple[list[ShopFloorEvent], list[RejectedEvent]]:
    """Decode one payload (a JSON object or an array of them) into events and rejects.

    `defaults` fills keys a payload lacks (the MQTT topic's machine, for instance).
    Malformed JSON gives one `RejectedEvent` holding the raw text; so does a payload over
    16 MiB or an array of more than 10,000 events. Never raises for bad input.
    """
    size = len(raw)
    if size > MAX_PAYLOAD_BYTES:
        reason = f"payload of {size} bytes exceeds the limit of {MAX_PAYLOAD_BYTES} bytes"
        return [], [RejectedEvent(_preview(raw), reason, source)]
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    try:
        decoded = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        return [], [RejectedEvent(text, f"malformed JSON: {error}", source)]
    items = decoded if isinstance(decoded, list) else [decoded]
    if len(items) > MAX_BATCH_EVENTS:
        reason = f"batch of {len(items)} events exceeds the limit of {MAX_BATCH_EVENTS}"
        return [], [RejectedEvent(_preview(text), reason, source)]
    events: list[ShopFloorEvent] = []
    rejected: list[RejectedEvent] = []
    for item in items:
        if defaults and isinstance(item, dict):
            item = {**defaults, **item}
        try:
            events.append(
                parse_event(
                    item,
                    source=source,
                    known_machines=known_machines,
                    now=now,
                    max_future=max_future,
                )
            )
        except InputError as error:
            rejected.append(reject(item, str(error), source))
    return events, rejected


def reject(item: object, reason: str, source: str) -> RejectedEvent:
    """A `RejectedEvent` for a decoded payload, keeping its id when it has a usable one."""
    event_id = item.get("id") if isinstance(item, dict) else None
    readable_id = event_id if isinstance(event_id, str) and 0 < len(event_id) <= 128 else None
    return RejectedEvent(_dump(item), reason, source, readable_id)


def _dump(item: object) -> str:
    try:
        return json.dumps(item, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return repr(item)


def _preview(raw: bytes | str, limit: int = 4096) -> str:
    text = raw[:limit].decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw[:limit]
    return text + ("..." if len(raw) > limit else "")


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."
