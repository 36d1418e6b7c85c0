"""Polling an MTConnect agent over HTTP: `/current`, then `/sample?from=<nextSequence>`.

The MTConnectStreams answer (namespaced, versions 1.x and 2.x alike: elements are read
by local name) gives `Execution`, `Availability` and `PartCount` observations; they go
through the same `SignalTracker` as SHDR replay. Event ids are
`MACHINE-mtc-<instanceId>-<sequence>`, so polling the same window twice is harmless.
An agent restart (new `instanceId`) or an error document (`OUT_OF_RANGE` after a long
outage) starts again from `/current`, with a fresh counter baseline.
"""

from __future__ import annotations

import logging
import threading
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx

from obeya.domain.errors import InputError
from obeya.domain.events import EventSink, IngestResult, ShopFloorEvent
from obeya.domain.times import parse_timestamp
from obeya.ingest.mtconnect_devices import local_name
from obeya.ingest.signals import (
    DEFAULT_MTCONNECT_MAPPING,
    Observation,
    Signal,
    SignalTracker,
    merge_mapping,
)

logger = logging.getLogger(__name__)
_ELEMENTS = {
    "Execution": Signal.EXECUTION,
    "Availability": Signal.AVAILABILITY,
    "PartCount": Signal.PART_COUNT,
}


@dataclass(frozen=True, slots=True)
class StreamObservation:
    """One observation of a streams document, with its agent sequence number."""

    sequence: int
    observation: Observation


@dataclass
class StreamsDocument:
    """The parts of an MTConnectStreams answer that ingestion needs."""

    instance_id: str
    next_sequence: int
    observations: list[StreamObservation] = field(default_factory=list)


def parse_streams(text: str | bytes, machine_id: str) -> StreamsDocument:
    """Read an MTConnectStreams document (1.x or 2.x) into observations by sequence.

    Raises:
        InputError: when the text is not XML, is an MTConnectError document, or has no
            Header with `instanceId` and `nextSequence`.
    """
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise InputError(f"MTConnect agent answer is not XML: {error}") from None
    if local_name(root.tag) == "MTConnectError":
        codes = [e.get("errorCode", "") for e in root.iter() if local_name(e.tag) == "Error"]
        raise InputError(f"MTConnect agent answered an error: {', '.join(codes) or 'unknown'}")
    header = next((e for e in root.iter() if local_name(e.tag) == "Header"), None)
    if header is None or header.get("nextSequence") is None:
        raise InputError("MTConnect agent answer has no Header with nextSequence")
    document = StreamsDocument(header.get("instanceId", ""), int(header.get("nextSequence", "0")))
    for element in root.iter():
        signal = _ELEMENTS.get(local_name(element.tag))
        if signal is None or element.get("sequence") is None:
            continue
        sequence = int(element.get("sequence", "0"))
        event_id = f"{machine_id}-mtc-{document.instance_id}-{sequence}"
        at = parse_timestamp(element.get("timestamp"), "MTConnect timestamp")
        value = (element.text or "").strip()
        document.observations.append(
            StreamObservation(sequence, Observation(at, signal, value, event_id))
        )
    document.observations.sort(key=lambda item: item.sequence)
    return document


class MTConnectPoller:
    """Polls one device of an agent and delivers its events to `sink`.

    `mapping` overrides the default execution mapping, as for SHDR. `run()` polls every
    `interval_s` seconds until `stop()`; `poll_once()` does one request.
    """

    def __init__(
        self,
        base_url: str,
        device: str,
        machine_id: str,
        sink: EventSink,
        *,
        mapping: Mapping[str, object] | None = None,
        interval_s: float = 1.0,
        count: int = 1000,
        client: httpx.Client | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/") + (f"/{device}" if device else "")
        self.machine_id = machine_id
        self.sink = sink
        self.interval_s = interval_s
        self.count = count
        self.client = client or httpx.Client(timeout=10)
        self.tracker = SignalTracker(machine_id, merge_mapping(DEFAULT_MTCONNECT_MAPPING, mapping))
        self.result = IngestResult()
        self.instance_id: str | None = None
        self.next_sequence: int | None = None
        self._stop = threading.Event()

    def poll_once(self) -> IngestResult:
        """One request (`/current` first, then `/sample`); delivers events, returns the result.

        Raises:
            InputError: when the agent cannot be reached or answers nonsense.
        """
        if self.next_sequence is None:
            document = self._get("/current", {})
        else:
            document = self._get("/sample", {"from": self.next_sequence, "count": self.count})
        if document.instance_id != self.instance_id:
            self.tracker.reset()
            self.instance_id = document.instance_id
        events = self._events(document)
        self.next_sequence = document.next_sequence
        result = self.sink.append(events) if events else IngestResult()
        self.result += result
        return result

    def _get(self, path: str, params: dict[str, int]) -> StreamsDocument:
        try:
            answer = self.client.get(self.base_url + path, params=params)
        except httpx.HTTPError as error:
            raise InputError(f"cannot reach the MTConnect agent {self.base_url}: {error}") from None
        if answer.status_code >= 400 and b"MTConnectError" not in answer.content:
            raise InputError(f"MTConnect agent {self.base_url}{path}: HTTP {answer.status_code}")
        return parse_streams(answer.content, self.machine_id)

    def _events(self, document: StreamsDocument) -> list[ShopFloorEvent]:
        events: list[ShopFloorEvent] = []
        for item in document.observations:
            event = self.tracker.observe(item.observation)
            if event is not None:
                events.append(event)
        return events

    def run(self, max_polls: int | None = None) -> IngestResult:
        """Poll until `stop()` (or `max_polls` requests); returns the accumulated result.

        An unreachable agent or a nonsense answer is logged and retried from `/current`.
        """
        polls = 0
        while not self._stop.is_set() and (max_polls is None or polls < max_polls):
            try:
                self.poll_once()
            except InputError as error:
                logger.warning("%s; retrying in %.1f s", error, max(self.interval_s, 1.0))
                self.next_sequence = None
                self._stop.wait(max(self.interval_s, 1.0))
            polls += 1
            self._stop.wait(self.interval_s)
        return self.result

    def stop(self) -> None:
        """Ask `run()` to return after the current request."""
        self._stop.set()
