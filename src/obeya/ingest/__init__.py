"""Ingestion: shop-floor events from files, MQTT, MTConnect and OPC UA into an `EventSink`.

The light, dependency-free entry points are exported here. The network connectors are
imported from their modules, so that importing `obeya.ingest` stays cheap:
`obeya.ingest.mqtt.MqttIngestor` (paho-mqtt), `obeya.ingest.mtconnect_agent.MTConnectPoller`
(httpx) and `obeya.ingest.opcua.OpcUaIngestor` (asyncua, imported when it runs).
"""

from __future__ import annotations

from obeya.ingest.files import ingest_file, ingest_items, read_csv_events, read_jsonl
from obeya.ingest.payload import decode_batch, parse_event
from obeya.ingest.shdr import ShdrReplay, machine_mapping, read_shdr, read_shdr_file

__all__ = [
    "ShdrReplay",
    "decode_batch",
    "ingest_file",
    "ingest_items",
    "machine_mapping",
    "parse_event",
    "read_csv_events",
    "read_jsonl",
    "read_shdr",
    "read_shdr_file",
]
