"""The demo's live feed: the simulated plant's events, written as their time comes."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

from obeya.domain.events import ShopFloorEvent
from obeya.services.runtime import Runtime
from obeya.simulation import live_events

logger = logging.getLogger(__name__)


class LiveFeed:
    """Feeds the simulated plant's events into the ledger as their time comes (wall clock)."""

    def __init__(self, runtime: Runtime, *, seed: int = 1, flush_s: float = 0.5) -> None:
        self._runtime = runtime
        self._seed = seed
        self._flush_s = flush_s
        self._stopping = threading.Event()
        self.written = 0
        self._thread = threading.Thread(target=self._run, name="obeya-live-feed", daemon=True)

    def start(self) -> None:
        """Start feeding in a background thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop feeding and wait for the thread."""
        self._stopping.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        plant = self._runtime.plant()
        pending: list[ShopFloorEvent] = []
        for event in live_events(plant, datetime.now(UTC), seed=self._seed):
            while event.at > datetime.now(UTC):
                pending = self._flush(pending)
                if self._stopping.wait(self._flush_s):
                    return
            pending.append(event)
            if self._stopping.is_set():
                return

    def _flush(self, pending: list[ShopFloorEvent]) -> list[ShopFloorEvent]:
        """Store what is pending; on a database error keep it and try again later."""
        if not pending:
            return pending
        try:
            self._runtime.sink().append(pending)
        except Exception as error:  # a busy database must not stop the demo's clock
            logger.warning("live feed: %d events wait for the database: %s", len(pending), error)
            return pending
        self.written += len(pending)
        return []
