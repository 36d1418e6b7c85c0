"""A child process for the SIGKILL test: an MQTT ingestor writing into a SQLite file.

Usage: python mqtt_worker.py BROKER_URL TOPIC CLIENT_ID DB_PATH
Prints `ready` on stdout once subscribed; stops cleanly on SIGTERM.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Sequence

from obeya.domain.events import IngestResult, RejectedEvent, ShopFloorEvent
from obeya.ingest.mqtt import MqttIngestor


class SqliteSink:
    """Idempotent by event id; commits before `append` returns, like the real storage."""

    def __init__(self, path: str) -> None:
        self.connection = sqlite3.connect(path)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY)")
        self.connection.execute("CREATE TABLE IF NOT EXISTS rejected (raw TEXT, reason TEXT)")
        self.connection.commit()

    def append(
        self, events: Sequence[ShopFloorEvent], rejected: Sequence[RejectedEvent] = ()
    ) -> IngestResult:
        with self.connection:
            before = self.connection.total_changes
            self.connection.executemany(
                "INSERT OR IGNORE INTO events (id) VALUES (?)", [(e.event_id,) for e in events]
            )
            accepted = self.connection.total_changes - before
            self.connection.executemany(
                "INSERT INTO rejected VALUES (?, ?)", [(r.raw, r.reason) for r in rejected]
            )
        return IngestResult(accepted, len(events) - accepted, len(rejected))


def main() -> None:
    broker_url, topic, client_id, path = sys.argv[1:5]
    ingestor = MqttIngestor(
        broker_url, topic, sink=SqliteSink(path), client_id=client_id, batch_size=200
    )

    def announce() -> None:
        ingestor.ready.wait()
        print("ready", flush=True)

    threading.Thread(target=announce, daemon=True).start()
    ingestor.run()


if __name__ == "__main__":
    main()
