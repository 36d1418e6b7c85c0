"""Shop-floor events (CONTRACTS.md section 2) as immutable domain values.

Every event carries its idempotency key (`event_id`), the instant it happened
(`at`, aware UTC) and the machine it concerns. The ledger is append-only: a change of
mind (a supervisor re-assigning a stop reason) is a new event, never an edit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol


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
    MEASUREMENT = "measurement"


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


@dataclass(frozen=True, slots=True)
class MeasurementRecorded:
    """A measured value of a quality characteristic (SPC), taken at `at`.

    `subgroup` groups measurements into a rational subgroup (X-bar charts); `order_id`
    links the measurement to the work order it was taken on.
    """

    event_id: str
    at: datetime
    machine_id: str
    characteristic: str
    value: float
    subgroup: str | None = None
    order_id: str | None = None
    extra: Mapping[str, object] = field(default_factory=dict)

    kind = EventKind.MEASUREMENT


ShopFloorEvent = (
    StateChanged | CountRecorded | OrderMarked | StopReasonAssigned | MeasurementRecorded
)


@dataclass(frozen=True, slots=True)
class RejectedEvent:
    """An input that could not become an event: the raw payload and the reason.

    `event_id` is the payload's id when it had a readable one; `source` names where it
    came from (`file.jsonl:12`, `mqtt:obeya/demo/L1/L1-CNC1/events`, `api`).
    """

    raw: str
    reason: str
    source: str = ""
    event_id: str | None = None


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What became of a batch: accepted (new), duplicates (already stored), rejected."""

    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    errors: tuple[str, ...] = ()

    def __add__(self, other: IngestResult) -> IngestResult:
        return IngestResult(
            self.accepted + other.accepted,
            self.duplicates + other.duplicates,
            self.rejected + other.rejected,
            self.errors + other.errors,
        )


class EventSink(Protocol):
    """Where ingestion sources deliver: stores events (idempotent by id) and rejects.

    `append` returns only after the batch is durably committed; a source acknowledges
    its input (MQTT PUBACK, HTTP 2xx) only after `append` returned.
    """

    def append(
        self, events: Sequence[ShopFloorEvent], rejected: Sequence[RejectedEvent] = ()
    ) -> IngestResult:
        """Store new events, count duplicates, keep rejects in the dead-letter table."""
        ...
