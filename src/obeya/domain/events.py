"""Shop-floor events (CONTRACTS.md section 2) as immutable domain values.

Every event carries its idempotency key (`event_id`), the instant it happened
(`at`, aware UTC) and the machine it concerns. The ledger is append-only: a change of
mind (a supervisor re-assigning a stop reason) is a new event, never an edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class MachineState(StrEnum):
    """The states a machine reports."""

    RUNNING = "running"
    IDLE = "idle"
    DOWN = "down"
    SETUP = "setup"
    PLANNED_STOP = "planned_stop"
    OFFLINE = "offline"


class EventKind(StrEnum):
    """The kinds of shop-floor event."""

    STATE = "state"
    COUNT = "count"
    ORDER = "order"
    REASON = "reason"


class OrderAction(StrEnum):
    """What an order event marks."""

    START = "start"
    STOP = "stop"


@dataclass(frozen=True, slots=True)
class StateChanged:
    """The machine entered `state` at `at`; it holds until the next state event."""

    event_id: str
    at: datetime
    machine_id: str
    state: MachineState
    reason: str | None = None
    extra: Mapping[str, object] = field(default_factory=dict)

    kind = EventKind.STATE


@dataclass(frozen=True, slots=True)
class CountRecorded:
    """Units produced at `at`: good, scrap and rework counts (each >= 0)."""

    event_id: str
    at: datetime
    machine_id: str
    good_count: int
    scrap_count: int = 0
    rework_count: int = 0
    product_id: str | None = None
    extra: Mapping[str, object] = field(default_factory=dict)

    kind = EventKind.COUNT


@dataclass(frozen=True, slots=True)
class OrderMarked:
    """The machine started or stopped running a work order at `at`."""

    event_id: str
    at: datetime
    machine_id: str
    order_id: str
    action: OrderAction
    extra: Mapping[str, object] = field(default_factory=dict)

    kind = EventKind.ORDER


@dataclass(frozen=True, slots=True)
class StopReasonAssigned:
    """A person assigned (or changed) the reason of the stop that began at `stop_at`.

    The latest assignment (by `at`, then arrival) wins; earlier ones stay in history.
    """

    event_id: str
    at: datetime
    machine_id: str
    stop_at: datetime
    reason: str
    comment: str | None = None
    extra: Mapping[str, object] = field(default_factory=dict)

    kind = EventKind.REASON


ShopFloorEvent = StateChanged | CountRecorded | OrderMarked | StopReasonAssigned
