"""MTConnect SHDR replay: adapter recordings (`timestamp|key|value|key|value...`) to events.

Choices (see docs/connectors.md):
- A timestamp without an offset is UTC, as the MTConnect standard defines; this holds
  for SHDR only (JSON events still need an offset).
- A recording may hold several runs (the Okuma file has four): a line announcing
  `AVAILABLE` availability (the adapter's (re)connection dump), or a timestamp more than
  60 s before the latest one seen, starts a new run. A new run forgets the machine state
  and the part counter's baseline, so the first counter value of a run counts nothing.
- Event ids are `MACHINE-shdr-<sha1 of line number, line text and data item key>`, so
  importing the same file again is idempotent.
- Asset documents (`@ASSET@`, multi-line bodies), adapter commands (`* key: value`) and
  blank lines are skipped and counted with their reason; a line whose timestamp does
  not parse is rejected.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from obeya.domain.errors import InputError
from obeya.domain.events import RejectedEvent, ShopFloorEvent
from obeya.ingest.mtconnect_devices import DataItemInfo, classify_key, is_condition, load_devices
from obeya.ingest.signals import (
    DEFAULT_MTCONNECT_MAPPING,
    Observation,
    Signal,
    SignalTracker,
    merge_mapping,
)

RUN_GAP = timedelta(seconds=60)
_CONDITION_LEVELS = frozenset({"NORMAL", "WARNING", "FAULT"})


@dataclass
class ShdrReplay:
    """What a replay produced: events, rejected lines, and skipped lines by reason."""

    events: list[ShopFloorEvent] = field(default_factory=list)
    rejected: list[RejectedEvent] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    runs: int = 0


def parse_shdr_timestamp(text: str) -> datetime:
    """Parse an SHDR timestamp; without an offset it is UTC (MTConnect). Drops `@duration`.

    Raises:
        InputError: when the text is not an ISO 8601 timestamp.
    """
    stamp = text.strip().split("@", 1)[0]
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        raise InputError(f"SHDR timestamp {text!r} is not an ISO 8601 timestamp") from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def machine_mapping(connector: Mapping[str, object] | None) -> Mapping[str, object] | None:
    """The MTConnect override of a plant `Machine.connector` (its `mtconnect` key)."""
    if not connector:
        return None
    section = connector.get("mtconnect")
    if section is None:
        return None
    if not isinstance(section, Mapping):
        raise InputError("connector mapping mtconnect: must be a mapping")
    return section


def pairs(fields: list[str], devices: dict[str, DataItemInfo] | None) -> list[tuple[str, str]]:
    """The (key, value) pairs of one line's fields after the timestamp.

    A condition (`key|LEVEL|native code|severity|qualifier|text`) spans six fields: it is
    recognised by the device model or by a level value NORMAL, WARNING or FAULT.
    """
    result: list[tuple[str, str]] = []
    index = 0
    while index < len(fields):
        key = fields[index]
        value = fields[index + 1] if index + 1 < len(fields) else ""
        if is_condition(key, devices) or value.upper() in _CONDITION_LEVELS:
            index += 6
        else:
            index += 2
        if key:
            result.append((key, value))
    return result


class ShdrReader:
    """Replays SHDR lines for one machine; see the module docstring for the rules."""

    def __init__(
        self,
        machine_id: str,
        mapping: Mapping[str, object] | None = None,
        devices: dict[str, DataItemInfo] | None = None,
        source: str = "shdr",
    ) -> None:
        self.machine_id = machine_id
        self.devices = devices
        self.source = source
        self.tracker = SignalTracker(machine_id, merge_mapping(DEFAULT_MTCONNECT_MAPPING, mapping))
        self.replay = ShdrReplay()
        self.latest: datetime | None = None
        self.multiline_end: str | None = None

    def feed(self, number: int, line: str) -> None:
        """Read one line (numbered from 1)."""
        text = line.rstrip("\r\n")
        if self.multiline_end is not None:
            if text.strip() == self.multiline_end:
                self.multiline_end = None
            self.replay.skipped["asset document body"] += 1
            return
        if not text.strip():
            self.replay.skipped["blank line"] += 1
            return
        if text.startswith("*"):
            self.replay.skipped["adapter command (* key: value)"] += 1
            return
        fields = text.split("|")
        if len(fields) > 1 and fields[1].startswith("@"):
            self._skip_asset(fields)
            return
        try:
            at = parse_shdr_timestamp(fields[0])
        except InputError as error:
            where = f"{self.source}:{number}"
            self.replay.rejected.append(RejectedEvent(text, str(error), where))
            return
        self._observe(number, text, at, pairs(fields[1:], self.devices))

    def _skip_asset(self, fields: list[str]) -> None:
        self.replay.skipped["asset command (@ASSET@ and the like)"] += 1
        last = fields[-1].strip()
        if last.startswith("--multiline--"):
            self.multiline_end = last

    def _observe(self, number: int, text: str, at: datetime, items: list[tuple[str, str]]) -> None:
        signals = [(key, value, classify_key(key, self.devices)) for key, value in items]
        announces = any(
            signal is Signal.AVAILABILITY and value.strip().upper() == "AVAILABLE"
            for _, value, signal in signals
        )
        if announces or self.latest is None or at < self.latest - RUN_GAP:
            self.tracker.reset()
            self.replay.runs += 1
            self.latest = at
        self.latest = max(self.latest, at)
        for key, value, signal in signals:
            if signal is None:
                continue
            event_id = self._event_id(number, text, key)
            event = self.tracker.observe(Observation(at, signal, value, event_id))
            if event is not None:
                self.replay.events.append(event)

    def _event_id(self, number: int, text: str, key: str) -> str:
        digest = hashlib.sha1(f"{number}|{text}|{key}".encode(), usedforsecurity=False)
        return f"{self.machine_id}-shdr-{digest.hexdigest()}"


def read_shdr(
    lines: Iterable[str],
    machine_id: str,
    mapping: Mapping[str, object] | None = None,
    *,
    devices: dict[str, DataItemInfo] | None = None,
    source: str = "shdr",
) -> ShdrReplay:
    """Replay SHDR lines into the events of machine `machine_id`.

    `mapping` overrides the default execution/availability mapping, e.g.
    `{"execution": {"FEED_HOLD": "idle"}}` (a plant machine's `connector["mtconnect"]`);
    `devices` is the device model from `parse_devices` (else key-name heuristics).

    Raises:
        InputError: when the mapping is invalid.
    """
    reader = ShdrReader(machine_id, mapping, devices, source)
    for number, line in enumerate(lines, start=1):
        reader.feed(number, line)
    return reader.replay


def read_shdr_file(
    path: str | Path,
    machine_id: str,
    mapping: Mapping[str, object] | None = None,
    *,
    devices_xml: str | Path | None = None,
) -> ShdrReplay:
    """Replay an SHDR file; `devices_xml` is an optional MTConnectDevices file.

    Raises:
        InputError: when a file cannot be read or the mapping is invalid.
    """
    path = Path(path)
    devices = load_devices(devices_xml) if devices_xml is not None else None
    try:
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            return read_shdr(handle, machine_id, mapping, devices=devices, source=path.name)
    except OSError as error:
        raise InputError(f"{path}: cannot read the file: {error.strerror}") from None
