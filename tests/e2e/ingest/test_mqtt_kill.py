"""`obeya ingest mqtt` killed with SIGKILL mid-stream loses no acknowledged event.

A real subprocess (`python -m obeya.cli.main ingest mqtt`) ingests from the real
Mosquitto broker into the real database (SQLite file and PostgreSQL schema). It is
killed midway, started again on the same persistent session, and at the end every
published event is stored exactly once: what was committed before the kill was never
lost, and what was delivered but not yet acknowledged came back and was deduplicated.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from obeya.ingest.mqtt import publish_batches

BROKER = "mqtt://127.0.0.1:1883"
PLANT = Path(__file__).resolve().parents[2] / "fixtures" / "plant_small.yaml"
TOTAL = 3000


def _broker_open() -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", 1883)) == 0


pytestmark = [
    pytest.mark.mqtt,
    pytest.mark.slow,
    pytest.mark.skipif(not _broker_open(), reason="no MQTT broker on 127.0.0.1:1883"),
]


def _payload(first: int) -> bytes:
    events = [
        {
            "id": f"k{number:06d}",
            "ts": f"2026-11-24T06:{number // 100 % 60:02d}:{number % 60:02d}Z",
            "machine": "L1-CNC1",
            "kind": "count",
            "good": 1,
        }
        for number in range(first, first + 10)
    ]
    return json.dumps(events).encode()


def _stored(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT event_id FROM events WHERE kind = 'count'"))
            return [row[0] for row in rows]
    finally:
        engine.dispose()


def _spawn(url: str, topic: str, client_id: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "obeya.cli.main", "ingest", "mqtt", "--broker", BROKER]
    command += ["--topic", topic, "--client-id", client_id]
    environment = {**os.environ, "OBEYA_DATABASE_URL": url}
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=environment)
    assert process.stderr is not None
    line = process.stderr.readline()
    assert "subscribed" in line, line
    return process


def _wait_for(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition not reached in time")


def test_a_killed_ingestor_loses_nothing_and_stores_nothing_twice(database_url: str) -> None:
    from typer.testing import CliRunner

    from obeya.cli.main import app

    init = CliRunner().invoke(
        app, ["init", "--plant", str(PLANT)], env={"OBEYA_DATABASE_URL": database_url}
    )
    assert init.exit_code == 0, init.stderr
    root = f"obeya-test-{uuid.uuid4().hex[:8]}"
    client_id = f"{root}-ingest"
    worker = _spawn(database_url, f"{root}/#", client_id)
    publisher = threading.Thread(
        target=publish_batches,
        args=(BROKER, f"{root}/demo/L1/L1-CNC1/events", [_payload(n * 10) for n in range(300)]),
        kwargs={"rate_per_s": 150},
    )
    publisher.start()
    _wait_for(lambda: len(_stored(database_url)) >= 500)
    worker.send_signal(signal.SIGKILL)
    worker.wait(10)
    killed_at = len(_stored(database_url))
    worker = _spawn(database_url, f"{root}/#", client_id)
    publisher.join(60)
    _wait_for(lambda: len(_stored(database_url)) >= TOTAL, seconds=60)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(15) == 0
    ids = _stored(database_url)
    assert 500 <= killed_at < TOTAL, "the kill did not land midway"
    assert sorted(ids) == [f"k{number:06d}" for number in range(TOTAL)]
