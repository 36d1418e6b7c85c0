"""An in-memory `EventSink` for ingestion tests: idempotent by event id, like storage."""

from __future__ import annotations

from collections.abc import Sequence

from obeya.domain.events import IngestResult, RejectedEvent, ShopFloorEvent


class MemorySink:
    """Keeps events by id (first one wins) and every reject, counting batches."""

    def __init__(self) -> None:
        self.events: dict[str, ShopFloorEvent] = {}
        self.rejected: list[RejectedEvent] = []
        self.batch_count = 0

    def append(
        self, events: Sequence[ShopFloorEvent], rejected: Sequence[RejectedEvent] = ()
    ) -> IngestResult:
        """Store new events, count duplicates, keep rejects."""
        self.batch_count += 1
        accepted = duplicates = 0
        for event in events:
            if event.event_id in self.events:
                duplicates += 1
            else:
                self.events[event.event_id] = event
                accepted += 1
        self.rejected.extend(rejected)
        errors = tuple(f"{reject.source}: {reject.reason}" for reject in rejected)
        return IngestResult(accepted, duplicates, len(rejected), errors)
