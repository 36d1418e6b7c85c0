"""MQTT ingestion: QoS 1, a persistent session and acknowledgement only after commit.

`MqttIngestor` subscribes to `obeya/#` (by default) with a fixed client id and
`clean_session=False`, so the broker keeps its subscription and the messages it has not
acknowledged while it is away. Messages are acknowledged manually (`manual_ack=True`)
and only after `sink.append` returned for the batch holding them: a crash before the
commit means redelivery, and the event ids make redelivery harmless (duplicates).

Topic convention: `obeya/<site>/<line>/<machine>/events`; a payload without `machine`
takes the machine from such a topic.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion

from obeya.domain.errors import InputError
from obeya.domain.events import EventSink, IngestResult, RejectedEvent, ShopFloorEvent
from obeya.domain.identifiers import is_identifier
from obeya.ingest.payload import decode_batch

IDLE_GAP_S = 0.01
logger = logging.getLogger(__name__)


def broker_address(broker_url: str) -> tuple[str, int]:
    """Host and port of an `mqtt://host:port` URL (port 1883 by default).

    Raises:
        InputError: when the URL is not an mqtt:// URL.
    """
    parts = urlsplit(broker_url)
    if parts.scheme not in ("mqtt", "tcp") or not parts.hostname:
        raise InputError(f"broker URL {broker_url!r} must look like mqtt://127.0.0.1:1883")
    return parts.hostname, parts.port or 1883


def machine_from_topic(topic: str) -> str | None:
    """The machine of a topic `obeya/<site>/<line>/<machine>/events`, else None."""
    levels = topic.split("/")
    if len(levels) == 5 and levels[0] == "obeya" and levels[4] == "events":
        return levels[3] if is_identifier(levels[3]) else None
    return None


@dataclass(frozen=True, slots=True)
class _Message:
    topic: str
    payload: bytes
    mid: int
    qos: int


class MqttIngestor:
    """Subscribes to shop-floor event topics and delivers batches to an `EventSink`.

    A batch is committed when it holds `batch_size` events, when `flush_interval_s`
    passed since its first message, or when the broker has nothing more to send right
    now. `result` accumulates what the sink answered; `ready` is set once subscribed.
    """

    def __init__(
        self,
        broker_url: str = "mqtt://127.0.0.1:1883",
        topic: str = "obeya/#",
        *,
        sink: EventSink,
        client_id: str = "obeya-ingest",
        known_machines: Collection[str] | None = None,
        batch_size: int = 5000,
        flush_interval_s: float = 0.5,
    ) -> None:
        self.host, self.port = broker_address(broker_url)
        self.topic = topic
        self.sink = sink
        self.known_machines = known_machines
        self.batch_size = batch_size
        self.flush_interval_s = flush_interval_s
        self.result = IngestResult()
        self.message_count = 0
        self.ready = threading.Event()
        self._stop = threading.Event()
        self._pending: list[_Message] = []
        self._pending_events = 0
        self._first_at = 0.0
        self._last_at = 0.0
        self.client = paho.Client(
            CallbackAPIVersion.VERSION2,
            client_id=client_id,
            clean_session=False,
            manual_ack=True,
        )
        self.client.on_connect = self._on_connect
        self.client.on_subscribe = self._on_subscribe
        self.client.on_message = self._on_message

    def _on_connect(
        self, client: paho.Client, userdata: Any, flags: Any, reason: Any, props: Any
    ) -> None:
        if not reason.is_failure:
            client.subscribe(self.topic, qos=1)

    def _on_subscribe(
        self, client: paho.Client, userdata: Any, mid: int, codes: Any, props: Any
    ) -> None:
        self.ready.set()

    def _on_message(self, client: paho.Client, userdata: Any, message: paho.MQTTMessage) -> None:
        now = time.monotonic()
        if not self._pending:
            self._first_at = now
        self._last_at = now
        self._pending.append(
            _Message(message.topic, bytes(message.payload), message.mid, message.qos)
        )
        self._pending_events += max(1, message.payload.count(b'"id"'))

    def run(self) -> IngestResult:
        """Connect, ingest until `stop()` or SIGTERM/SIGINT, commit what is pending, return.

        Raises:
            InputError: when the broker cannot be reached.
        """
        self._install_signal_handlers()
        try:
            self.client.connect(self.host, self.port, keepalive=30)
        except OSError as error:
            raise InputError(
                f"cannot reach the MQTT broker {self.host}:{self.port}: {error}"
            ) from None
        try:
            while not self._stop.is_set():
                if self.client.loop(timeout=IDLE_GAP_S) != paho.MQTT_ERR_SUCCESS:
                    self._reconnect()
                    continue
                if self._due():
                    self.flush()
            self.flush()
            self.client.loop(timeout=IDLE_GAP_S)
        finally:
            self.client.disconnect()
        return self.result

    def _reconnect(self) -> None:
        """After a lost connection: drop the unacknowledged batch (the broker redelivers
        it to the persistent session) and try again every second until stopped."""
        self._pending, self._pending_events = [], 0
        logger.warning("lost the MQTT broker %s:%s; reconnecting", self.host, self.port)
        while not self._stop.wait(1.0):
            try:
                if self.client.reconnect() == paho.MQTT_ERR_SUCCESS:
                    return
            except OSError as error:
                logger.warning("reconnect failed: %s", error)

    def stop(self) -> None:
        """Ask `run()` to commit what is pending and return (safe from any thread)."""
        self._stop.set()

    def _install_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return

        def handler(signum: int, frame: FrameType | None) -> None:
            self.stop()

        signal.signal(signal.SIGTERM, handler)
        signal.signal(signal.SIGINT, handler)

    def _due(self) -> bool:
        if not self._pending:
            return False
        now = time.monotonic()
        return (
            self._pending_events >= self.batch_size
            or now - self._first_at >= self.flush_interval_s
            or now - self._last_at >= IDLE_GAP_S
        )

    def flush(self) -> None:
        """Commit the pending messages to the sink, then acknowledge them to the broker."""
        if not self._pending:
            return
        messages, self._pending, self._pending_events = self._pending, [], 0
        events: list[ShopFloorEvent] = []
        rejected: list[RejectedEvent] = []
        for message in messages:
            machine = machine_from_topic(message.topic)
            batch, bad = decode_batch(
                message.payload,
                f"mqtt:{message.topic}",
                known_machines=self.known_machines,
                defaults={"machine": machine} if machine else None,
            )
            events.extend(batch)
            rejected.extend(bad)
        self.result += self.sink.append(events, rejected)
        for message in messages:
            if message.qos > 0:
                self.client.ack(message.mid, message.qos)
        self.message_count += len(messages)


def publish_batches(
    broker_url: str,
    topic: str,
    payloads: Collection[bytes | str],
    *,
    qos: int = 1,
    client_id: str = "",
    rate_per_s: float | None = None,
) -> int:
    """Publish payloads to `topic` (a helper for tests and benchmarks); waits for PUBACKs.

    `rate_per_s` paces the payloads (messages per second). Returns the number published.

    Raises:
        InputError: when the broker cannot be reached.
    """
    host, port = broker_address(broker_url)
    client = paho.Client(CallbackAPIVersion.VERSION2, client_id=client_id)
    client.max_queued_messages_set(0)
    client.max_inflight_messages_set(1000)
    try:
        client.connect(host, port, keepalive=30)
    except OSError as error:
        raise InputError(f"cannot reach the MQTT broker {host}:{port}: {error}") from None
    client.loop_start()
    try:
        started = time.monotonic()
        infos = []
        for index, payload in enumerate(payloads):
            if rate_per_s:
                delay = started + index / rate_per_s - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            infos.append(client.publish(topic, payload, qos=qos))
        for info in infos:
            info.wait_for_publish(timeout=60)
        return len(infos)
    finally:
        client.loop_stop()
        with contextlib.suppress(Exception):
            client.disconnect()
