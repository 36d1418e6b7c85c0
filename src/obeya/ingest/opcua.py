"""OPC UA ingestion: OPC 40001-1 (Machinery) state, operation mode and a part counter.

`OpcUaIngestor` subscribes (asyncua) to three variables of one machine. Both Machinery
building blocks are state machines: point the node at their `CurrentState/Number`
(the StateNumber; numbers as listed in OPC 40082-5 sections 11.2 and 11.3, which cite
OPC 40001-1):
- `item_state`: MachineryItemState (`MachineryItemState_StateMachineType`:
  0 NotAvailable -> offline, 1 OutOfService -> down, 2 NotExecuting -> idle,
  3 Executing -> running);
- `operation_mode` (optional): MachineryOperationMode (0 None, 1 Maintenance -> down,
  2 Setup -> setup, 3 Processing -> no override); a mapped mode overrides the item
  state, except that NotAvailable always means offline;
- `part_count` (optional): a cumulative counter; deltas become counts, a counter going
  down is a reset (see `PartCounter`).
Event ids are `MACHINE-opcua-<sha1 of role, source timestamp and value>`, so a
notification delivered twice is a duplicate. asyncua is imported lazily.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from obeya.domain.errors import InputError
from obeya.domain.events import (
    CountRecorded,
    EventSink,
    IngestResult,
    MachineState,
    ShopFloorEvent,
    StateChanged,
)
from obeya.domain.times import ensure_utc
from obeya.ingest.signals import PartCounter

DEFAULT_OPCUA_MAPPING: dict[str, dict[str, str]] = {
    "item_state": {"0": "offline", "1": "down", "2": "idle", "3": "running"},
    "operation_mode": {"1": "down", "2": "setup"},
}
NODE_ROLES = ("item_state", "operation_mode", "part_count")


def merge_opcua_mapping(override: Mapping[str, object] | None) -> dict[str, dict[str, str]]:
    """Merge a machine's `connector["opcua"]` mapping over the default.

    Raises:
        InputError: when a value is not a machine state, naming the key path.
    """
    merged = {role: dict(values) for role, values in DEFAULT_OPCUA_MAPPING.items()}
    states = {member.value for member in MachineState}
    for role, values in (override or {}).items():
        if role not in DEFAULT_OPCUA_MAPPING or not isinstance(values, Mapping):
            raise InputError(
                f"connector mapping opcua.{role}: expected item_state or operation_mode"
            )
        for value, state in values.items():
            if state not in states:
                raise InputError(
                    f"connector mapping opcua.{role}.{value}: {state!r} is not a state"
                )
            merged[role][str(value)] = str(state)
    return merged


class OpcUaStateFolder:
    """Folds item state, operation mode and counter values into events (no I/O)."""

    def __init__(self, machine_id: str, mapping: Mapping[str, object] | None = None) -> None:
        self.machine_id = machine_id
        self.mapping = merge_opcua_mapping(mapping)
        self.values: dict[str, int] = {}
        self.state: MachineState | None = None
        self.counter = PartCounter()

    def observe(self, role: str, value: int, at: datetime, event_id: str) -> ShopFloorEvent | None:
        """The event caused by a new value of the variable with this role, if any."""
        if role == "part_count":
            delta = self.counter.delta(int(value))
            return CountRecorded(event_id, at, self.machine_id, delta) if delta > 0 else None
        self.values[role] = int(value)
        target = self._state()
        if target is None or target == self.state:
            return None
        self.state = target
        return StateChanged(event_id, at, self.machine_id, target)

    def _state(self) -> MachineState | None:
        item = self.values.get("item_state")
        if item == 0:
            return MachineState.OFFLINE
        mode = self.values.get("operation_mode")
        if mode is not None and str(mode) in self.mapping["operation_mode"]:
            return MachineState(self.mapping["operation_mode"][str(mode)])
        if item is None or str(item) not in self.mapping["item_state"]:
            return None
        return MachineState(self.mapping["item_state"][str(item)])


class OpcUaIngestor:
    """Subscribes to one machine's Machinery variables and delivers events to `sink`.

    `nodes` maps roles (`item_state`, and optionally `operation_mode`, `part_count`) to
    node ids such as `ns=2;i=7` or `ns=2;s=Machine.State`.
    """

    def __init__(
        self,
        endpoint: str,
        machine_id: str,
        nodes: Mapping[str, str],
        sink: EventSink,
        *,
        mapping: Mapping[str, object] | None = None,
        publishing_interval_ms: int = 100,
    ) -> None:
        unknown = set(nodes) - set(NODE_ROLES)
        if unknown or "item_state" not in nodes:
            raise InputError(
                f"OPC UA nodes must name item_state (and may name "
                f"operation_mode, part_count); got {sorted(nodes)}"
            )
        self.endpoint = endpoint
        self.nodes = dict(nodes)
        self.sink = sink
        self.folder = OpcUaStateFolder(machine_id, mapping)
        self.publishing_interval_ms = publishing_interval_ms
        self.result = IngestResult()
        self._roles: dict[Any, str] = {}
        self.ready = asyncio.Event()
        self._stop = asyncio.Event()

    def datachange_notification(self, node: Any, value: Any, data: Any) -> None:
        """asyncua subscription callback: fold the value and commit its event."""
        role = self._roles.get(node.nodeid)
        if role is None:
            return
        data_value = data.monitored_item.Value
        moment = data_value.SourceTimestamp or data_value.ServerTimestamp or datetime.now(UTC)
        at = ensure_utc(moment)
        digest = hashlib.sha1(f"{role}|{at.isoformat()}|{value}".encode(), usedforsecurity=False)
        event_id = f"{self.folder.machine_id}-opcua-{digest.hexdigest()}"
        if value is None:
            return
        event = self.folder.observe(role, int(value), at, event_id)
        if event is not None:
            self.result += self.sink.append([event])

    async def run(self) -> IngestResult:
        """Connect, subscribe, deliver events until `stop()`; returns the result.

        Raises:
            InputError: when the server cannot be reached or a node does not exist.
        """
        from asyncua.client.client import Client

        client = Client(url=self.endpoint)
        try:
            await client.connect()
        except (TimeoutError, OSError) as error:
            raise InputError(f"cannot reach the OPC UA server {self.endpoint}: {error}") from None
        try:
            subscription = await client.create_subscription(self.publishing_interval_ms, self)
            nodes = [client.get_node(node_id) for node_id in self.nodes.values()]
            self._roles = {node.nodeid: role for node, role in zip(nodes, self.nodes, strict=True)}
            await subscription.subscribe_data_change(nodes)
            self.ready.set()
            await self._stop.wait()
        finally:
            await client.disconnect()
        return self.result

    def stop(self) -> None:
        """Ask `run()` to unsubscribe and return (call from the event loop's thread)."""
        self._stop.set()
