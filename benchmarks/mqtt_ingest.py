"""MQTT ingestion benchmark: sustained rate and loss, beside a bare paho subscriber.

Publishes a paced stream (default 600,000 events in JSON arrays of 100 over 60 s, i.e.
10,000 events/s) to the broker twice, in the same run: once to a bare paho subscriber
that only counts messages (the baseline: what the broker and paho deliver at all), once
to `MqttIngestor` (QoS 1, manual ack after commit, full validation) into an in-memory
sink. Prints events received, loss, sustained rate and the receiving process's CPU time.

    python benchmarks/mqtt_ingest.py [--seconds 60] [--rate 10000] [--batch 100] [--burst]
        [--db URL]

`--db URL` stores the events in that database (SQLite file or PostgreSQL) through the
real storage sink, committed before each acknowledgement: the end-to-end figure.

`--burst` publishes the same number of events unpaced (as fast as the publisher can), to
show the ceiling rather than the sustained rate.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion

from obeya.domain.events import IngestResult, RejectedEvent, ShopFloorEvent
from obeya.ingest.mqtt import MqttIngestor, publish_batches

BROKER = "mqtt://127.0.0.1:1883"


def payloads(phase: str, event_count: int, batch: int) -> list[bytes]:
    """JSON arrays of `batch` count events each, ids unique per phase."""
    start = datetime.now(UTC) - timedelta(hours=1)
    result = []
    for first in range(0, event_count, batch):
        events = [
            {
                "id": f"{phase}-{number:08d}",
                "ts": (start + timedelta(milliseconds=number)).isoformat(),
                "machine": f"M{number % 50:03d}",
                "kind": "count",
                "good": 1,
            }
            for number in range(first, min(first + batch, event_count))
        ]
        result.append(json.dumps(events).encode())
    return result


def publish(topic: str, messages: list[bytes], rate_per_s: float) -> None:
    publish_batches(BROKER, topic, messages, rate_per_s=rate_per_s if rate_per_s > 0 else None)


class CountingSink:
    """An in-memory sink, idempotent by id, that notes when the last event arrived."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.first_at = 0.0
        self.last_at = 0.0

    def append(
        self, events: Sequence[ShopFloorEvent], rejected: Sequence[RejectedEvent] = ()
    ) -> IngestResult:
        now = time.monotonic()
        self.first_at = self.first_at or now
        self.last_at = now
        before = len(self.ids)
        self.ids.update(event.event_id for event in events)
        accepted = len(self.ids) - before
        return IngestResult(accepted, len(events) - accepted, len(rejected))


class StoringSink(CountingSink):
    """Stores each batch in the database (committed) before counting it."""

    def __init__(self, url: str) -> None:
        super().__init__()
        from obeya.storage import DatabaseEventSink, migrate, open_engine

        engine = open_engine(url)
        migrate(engine)
        with engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM events")
        self.stored = DatabaseEventSink(engine)

    def append(
        self, events: Sequence[ShopFloorEvent], rejected: Sequence[RejectedEvent] = ()
    ) -> IngestResult:
        result = self.stored.append(events, rejected)
        super().append(events, rejected)
        return result


DATABASE: list[str] = []


def run_bare(topic: str, messages: list[bytes], rate: float, batch: int) -> dict[str, float]:
    counts = {"messages": 0, "first": 0.0, "last": 0.0}

    def on_message(client: paho.Client, userdata: object, message: paho.MQTTMessage) -> None:
        now = time.monotonic()
        counts["first"] = counts["first"] or now
        counts["last"] = now
        counts["messages"] += 1

    client = paho.Client(CallbackAPIVersion.VERSION2, client_id=f"bench-bare-{os.getpid()}")
    client.on_message = on_message
    client.connect("127.0.0.1", 1883)
    client.subscribe(topic, qos=1)
    cpu = time.process_time()
    client.loop_start()
    time.sleep(0.5)
    feed(topic, messages, rate, lambda: counts["messages"] >= len(messages))
    client.loop_stop()
    client.disconnect()
    events = counts["messages"] * batch
    return summary(events, counts["last"] - counts["first"], time.process_time() - cpu)


def run_ingestor(topic: str, messages: list[bytes], rate: float, batch: int) -> dict[str, float]:
    sink = StoringSink(DATABASE[0]) if DATABASE else CountingSink()
    client_id = f"bench-ingest-{os.getpid()}"
    ingestor = MqttIngestor(BROKER, topic, sink=sink, client_id=client_id, batch_size=5000)
    cpu = time.process_time()
    thread = threading.Thread(target=ingestor.run, daemon=True)
    thread.start()
    ingestor.ready.wait(10)
    total = len(messages) * batch
    feed(topic, messages, rate, lambda: len(sink.ids) >= total)
    ingestor.stop()
    thread.join(30)
    forget = paho.Client(CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=True)
    forget.connect("127.0.0.1", 1883)
    forget.disconnect()
    return summary(len(sink.ids), sink.last_at - sink.first_at, time.process_time() - cpu)


def feed(topic: str, messages: list[bytes], rate: float, done: object) -> None:
    """Publish from another process (no shared GIL); wait until `done()` or 30 s more."""
    publisher = multiprocessing.Process(target=publish, args=(topic, messages, rate))
    publisher.start()
    publisher.join()
    deadline = time.monotonic() + 30
    while not done() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.05)


def summary(events: int, span_s: float, cpu_s: float) -> dict[str, float]:
    return {
        "events": events,
        "span_s": span_s,
        "rate": events / span_s if span_s else 0.0,
        "cpu_s": cpu_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=10_000, help="events per second")
    parser.add_argument("--batch", type=int, default=100, help="events per message")
    parser.add_argument("--burst", action="store_true", help="publish unpaced")
    parser.add_argument("--db", default=None, help="store into this database URL")
    options = parser.parse_args()
    if options.db:
        DATABASE.append(options.db)
    event_count = int(options.seconds * options.rate)
    message_rate = 0.0 if options.burst else options.rate / options.batch
    pace = "unpaced (burst)" if options.burst else f"over {options.seconds:.0f} s"
    print(
        f"publishing {event_count} events in arrays of {options.batch} {pace}, "
        f"target {options.rate:.0f} events/s, twice",
        flush=True,
    )
    rows = []
    for name, runner in (
        ("bare paho subscriber (baseline)", run_bare),
        ("MqttIngestor -> " + ("database" if options.db else "memory sink"), run_ingestor),
    ):
        topic = f"bench/{os.getpid()}/{name.split()[0]}"
        messages = payloads(name.split()[0], event_count, options.batch)
        figures = runner(topic, messages, message_rate, options.batch)
        rows.append((name, figures))
        print(
            f"{name:34s} received {figures['events']:>8.0f}  loss "
            f"{event_count - figures['events']:>6.0f}  sustained {figures['rate']:>9.0f} "
            f"events/s over {figures['span_s']:.1f} s  CPU {figures['cpu_s']:.1f} s",
            flush=True,
        )
    base, ours = rows[0][1], rows[1][1]
    print(
        f"ratio ingestor/baseline: rate {ours['rate'] / base['rate']:.3f}, "
        f"CPU {ours['cpu_s'] / max(base['cpu_s'], 1e-9):.1f}x"
    )


if __name__ == "__main__":
    main()
