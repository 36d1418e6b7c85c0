"""Simulated events as CONTRACTS.md section 2 JSON objects (for JSONL files and MQTT)."""

from __future__ import annotations

from obeya.domain.events import (
    CountRecorded,
    OrderMarked,
    ShopFloorEvent,
    StateChanged,
)
from obeya.domain.times import format_timestamp


def event_to_json(event: ShopFloorEvent) -> dict[str, object]:
    """The contract's JSON object of a state, count or order event.

    Raises:
        ValueError: for kinds the plant simulator never makes (reason, measurement).
    """
    head: dict[str, object] = {
        "id": event.event_id,
        "ts": format_timestamp(event.at),
        "machine": event.machine_id,
        "kind": event.kind.value,
    }
    if isinstance(event, StateChanged):
        head["state"] = event.state.value
        if event.reason is not None:
            head["reason"] = event.reason
    elif isinstance(event, CountRecorded):
        head.update(good=event.good_count, scrap=event.scrap_count, rework=event.rework_count)
        if event.product_id is not None:
            head["product"] = event.product_id
    elif isinstance(event, OrderMarked):
        head.update(order=event.order_id, action=event.action.value)
    else:
        raise ValueError(f"event {event.event_id!r}: kind {event.kind} is not simulated")
    return head
