"""Mapping shop-floor events to rows of the `events` table and back."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from obeya.domain.events import (
    CountRecorded,
    EventKind,
    MachineState,
    MeasurementRecorded,
    OrderAction,
    OrderMarked,
    ShopFloorEvent,
    StateChanged,
    StopReasonAssigned,
)
from obeya.storage.clock import from_us, to_us

COLUMNS = (
    "event_id",
    "ts_us",
    "machine_id",
    "kind",
    "state",
    "reason",
    "good",
    "scrap",
    "rework",
    "product_id",
    "order_id",
    "action",
    "stop_us",
    "characteristic",
    "value",
    "subgroup",
    "extra",
    "received_us",
)

Row = tuple[Any, ...]


def _extra(extra: Mapping[str, object]) -> str | None:
    return json.dumps(extra, sort_keys=True, default=str) if extra else None


def to_row(event: ShopFloorEvent, received_us: int) -> Row:
    """The `events` row of an event, in `COLUMNS` order."""
    head = (event.event_id, to_us(event.at), event.machine_id, str(event.kind))
    extra = _extra(event.extra)
    if isinstance(event, StateChanged):
        body: Row = (str(event.state), event.reason, None, None, None, None, None, None, None)
        tail: Row = (None, None, None)
    elif isinstance(event, CountRecorded):
        body = (None, None, event.good_count, event.scrap_count, event.rework_count)
        body += (event.product_id, None, None, None)
        tail = (None, None, None)
    elif isinstance(event, OrderMarked):
        body = (None, None, None, None, None, None, event.order_id, str(event.action), None)
        tail = (None, None, None)
    elif isinstance(event, StopReasonAssigned):
        body = (None, event.reason, None, None, None, None, None, None, to_us(event.stop_at))
        tail = (None, None, None)
        if event.comment is not None:
            extra = _extra({**event.extra, "comment": event.comment})
    else:
        body = (None, None, None, None, None, None, event.order_id, None, None)
        tail = (event.characteristic, event.value, event.subgroup)
    return head + body + tail + (extra, received_us)


def from_row(row: Sequence[Any]) -> ShopFloorEvent:
    """The domain event of an `events` row given in `COLUMNS` order."""
    values = dict(zip(COLUMNS, row, strict=False))
    extra: dict[str, object] = json.loads(values["extra"]) if values["extra"] else {}
    event_id, at, machine = values["event_id"], from_us(values["ts_us"]), values["machine_id"]
    kind = EventKind(values["kind"])
    if kind is EventKind.STATE:
        state = MachineState(values["state"])
        return StateChanged(event_id, at, machine, state, values["reason"], extra)
    if kind is EventKind.COUNT:
        return CountRecorded(
            event_id,
            at,
            machine,
            values["good"],
            values["scrap"],
            values["rework"],
            values["product_id"],
            extra,
        )
    if kind is EventKind.ORDER:
        action = OrderAction(values["action"])
        return OrderMarked(event_id, at, machine, values["order_id"], action, extra)
    if kind is EventKind.REASON:
        comment = extra.pop("comment", None)
        return StopReasonAssigned(
            event_id,
            at,
            machine,
            from_us(values["stop_us"]),
            values["reason"],
            None if comment is None else str(comment),
            extra,
        )
    return MeasurementRecorded(
        event_id,
        at,
        machine,
        values["characteristic"],
        values["value"],
        values["subgroup"],
        values["order_id"],
        extra,
    )
