"""MQTT ingestion into the ledger: as a command, or in the background of the server."""

from __future__ import annotations

import threading
from collections.abc import Callable

from obeya.domain.events import IngestResult
from obeya.ingest.mqtt import MqttIngestor
from obeya.services.runtime import Runtime


def mqtt_ingestor(
    runtime: Runtime, broker_url: str, topic: str, client_id: str | None = None
) -> MqttIngestor:
    """An MQTT ingestor into the ledger: QoS 1, persistent session, ack after commit."""
    plant = runtime.plant()
    return MqttIngestor(
        broker_url=broker_url,
        topic=topic,
        sink=runtime.sink(),
        client_id=client_id or f"obeya-ingest-{plant.site.id}",
        known_machines={machine.id for machine in plant.machines},
    )


def run_mqtt_ingestion(
    runtime: Runtime,
    broker_url: str,
    topic: str,
    client_id: str | None = None,
    on_ready: Callable[[], None] | None = None,
) -> IngestResult:
    """Subscribe and ingest until SIGTERM/SIGINT; `on_ready` runs once subscribed."""
    ingestor = mqtt_ingestor(runtime, broker_url, topic, client_id)
    if on_ready is not None:
        callback = on_ready

        def announce() -> None:
            if ingestor.ready.wait(timeout=60):
                callback()

        threading.Thread(target=announce, name="obeya-mqtt-ready", daemon=True).start()
    return ingestor.run()


class BackgroundIngestion:
    """MQTT ingestion in a thread beside the server (`obeya serve --mqtt URL`)."""

    def __init__(self, runtime: Runtime, broker_url: str, topic: str) -> None:
        self.ingestor = mqtt_ingestor(runtime, broker_url, topic)
        self._thread = threading.Thread(target=self.ingestor.run, name="obeya-mqtt", daemon=True)

    def start(self) -> None:
        """Connect and ingest in the background."""
        self._thread.start()

    def stop(self) -> None:
        """Commit what is pending and disconnect."""
        self.ingestor.stop()
        self._thread.join(timeout=10)
