"""MQTT ingestion against the real Mosquitto on 127.0.0.1:1883 (skipped when closed)."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import paho.mqtt.client as paho
import pytest
from ingest_memory_sink import MemorySink
from paho.mqtt.enums import CallbackAPIVersion

from obeya.domain.events import IngestResult, RejectedEvent, ShopFloorEvent
from obeya.ingest.mqtt import MqttIngestor, machine_from_topic, publish_batches

BROKER = "mqtt://127.0.0.1:1883"
WORKER = Path(__file__).with_name("mqtt_worker.py")


def broker_open() -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", 1883)) == 0


pytestmark = [
    pytest.mark.mqtt,
    pytest.mark.skipif(not broker_open(), reason="no MQTT broker on 127.0.0.1:1883"),
]


def payload(first: int, size: int, machine: str | None = "L1-CNC1") -> bytes:
    events = []
    for number in range(first, first + size):
        event = {"id": f"e{number:06d}", "ts": "2026-11-24T07:40:00Z", "kind": "count", "good": 1}
        if machine:
            event["machine"] = machine
        events.append(event)
    return json.dumps(events).encode()


def forget_session(client_id: str) -> None:
    client = paho.Client(CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=True)
    client.connect("127.0.0.1", 1883)
    client.loop(timeout=0.2)
    client.disconnect()


@pytest.fixture
def names(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """A topic root and a client id of this test alone; the session is removed after."""
    tag = f"t{os.getpid()}-{request.node.name[-20:]}".replace("[", "").replace("]", "")
    client_id = f"obeya-test-{tag}"
    yield f"obeya/{tag}", client_id
    forget_session(client_id)


def start(ingestor: MqttIngestor) -> threading.Thread:
    thread = threading.Thread(target=ingestor.run, daemon=True)
    thread.start()
    assert ingestor.ready.wait(10), "the ingestor did not subscribe"
    return thread


def wait_for(condition: object, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)


def test_every_published_event_arrives_once_and_bad_payloads_go_to_the_rejects(
    names: tuple[str, str],
) -> None:
    root, client_id = names
    sink = MemorySink()
    ingestor = MqttIngestor(BROKER, f"{root}/#", sink=sink, client_id=client_id, batch_size=500)
    thread = start(ingestor)
    topic = f"{root}/L1/L1-CNC1/events"
    batches = [payload(n * 20, 20, machine=None) for n in range(50)] + [b"{not json", b"[]"]
    publish_batches(BROKER, topic, batches)
    wait_for(lambda: len(sink.events) >= 1000 and sink.rejected)
    ingestor.stop()
    thread.join(10)
    assert len(sink.events) == 1000
    assert {event.machine_id for event in sink.events.values()} == {"L1-CNC1"}
    assert [reject.raw for reject in sink.rejected] == ["{not json"]
    assert sink.rejected[0].source == f"mqtt:{topic}"
    assert (ingestor.result.accepted, ingestor.result.rejected) == (1000, 1)


def test_a_published_duplicate_is_counted_as_duplicate(names: tuple[str, str]) -> None:
    root, client_id = names
    sink = MemorySink()
    ingestor = MqttIngestor(BROKER, f"{root}/#", sink=sink, client_id=client_id)
    thread = start(ingestor)
    publish_batches(BROKER, f"{root}/L1/L1-CNC1/events", [payload(0, 5), payload(3, 5)])
    wait_for(lambda: ingestor.result.accepted + ingestor.result.duplicates >= 10)
    ingestor.stop()
    thread.join(10)
    assert (ingestor.result.accepted, ingestor.result.duplicates) == (8, 2)


class CrashAfterCommit(MemorySink):
    """Commits the first batch, then fails as a process dying before its PUBACKs would."""

    def append(
        self, events: Sequence[ShopFloorEvent], rejected: Sequence[RejectedEvent] = ()
    ) -> IngestResult:
        result = super().append(events, rejected)
        if self.batch_count == 1:
            raise RuntimeError("crash between commit and acknowledgement")
        return result


def test_messages_committed_but_not_acknowledged_are_redelivered_as_duplicates(
    names: tuple[str, str],
) -> None:
    root, client_id = names
    sink = CrashAfterCommit()
    first = MqttIngestor(BROKER, f"{root}/#", sink=sink, client_id=client_id, flush_interval_s=5)
    failures: list[BaseException] = []

    def run_first() -> None:
        try:
            first.run()
        except RuntimeError as error:
            failures.append(error)

    thread = threading.Thread(target=run_first, daemon=True)
    thread.start()
    assert first.ready.wait(10)
    publish_batches(BROKER, f"{root}/L1/L1-CNC1/events", [payload(0, 10)])
    thread.join(20)
    assert failures and len(sink.events) == 10
    second = MqttIngestor(BROKER, f"{root}/#", sink=sink, client_id=client_id)
    thread = start(second)
    wait_for(lambda: second.result.duplicates >= 10)
    second.stop()
    thread.join(10)
    assert (second.result.accepted, second.result.duplicates) == (0, 10)


def test_machine_comes_from_the_topic_convention() -> None:
    assert machine_from_topic("obeya/demo/L1/L1-CNC1/events") == "L1-CNC1"
    assert machine_from_topic("obeya/demo/L1-CNC1/events") is None
    assert machine_from_topic("obeya/demo/L1/bad id/events") is None


def stored_ids(path: Path) -> list[str]:
    if not path.exists():
        return []
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT id FROM events")]


def spawn(topic: str, client_id: str, path: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, str(WORKER), BROKER, topic, client_id, str(path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    return process


@pytest.mark.slow
def test_an_ingestor_killed_midway_loses_nothing_and_stores_nothing_twice(
    names: tuple[str, str], tmp_path: Path
) -> None:
    root, client_id = names
    path = tmp_path / "events.sqlite"
    worker = spawn(f"{root}/#", client_id, path)
    batches = [payload(n * 10, 10) for n in range(300)]
    publisher = threading.Thread(
        target=publish_batches,
        args=(BROKER, f"{root}/L1/L1-CNC1/events", batches),
        kwargs={"rate_per_s": 200},
    )
    publisher.start()
    wait_for(lambda: len(stored_ids(path)) >= 500)
    worker.send_signal(signal.SIGKILL)
    worker.wait(10)
    killed_at = len(stored_ids(path))
    worker = spawn(f"{root}/#", client_id, path)
    publisher.join(30)
    wait_for(lambda: len(stored_ids(path)) >= 3000, seconds=30)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(10) == 0
    ids = stored_ids(path)
    assert 500 <= killed_at < 3000, "the kill did not land midway"
    assert sorted(ids) == [f"e{number:06d}" for number in range(3000)]
