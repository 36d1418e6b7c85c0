"""The committed event sink that ingestion sources deliver into."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.engine import Engine

from obeya.domain.events import IngestResult, RejectedEvent, ShopFloorEvent
from obeya.storage.event_store import EventStore


class DatabaseEventSink:
    """Appends each batch in its own transaction; returns only after the commit."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def append(
        self, events: Sequence[ShopFloorEvent], rejected: Sequence[RejectedEvent] = ()
    ) -> IngestResult:
        """Store the batch and commit; duplicates change nothing."""
        with self._engine.begin() as connection:
            return EventStore(connection).append(events, rejected)
