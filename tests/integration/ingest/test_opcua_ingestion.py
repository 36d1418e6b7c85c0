"""OPC UA ingestion against an in-process asyncua server on 127.0.0.1 (random port)."""

from __future__ import annotations

import asyncio
import socket
from datetime import UTC, datetime, timedelta

import pytest
from ingest_memory_sink import MemorySink

from obeya.domain.errors import InputError
from obeya.domain.events import CountRecorded, MachineState, StateChanged
from obeya.ingest.opcua import OpcUaIngestor, OpcUaStateFolder

asyncua = pytest.importorskip("asyncua")
START = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_until(condition: object, seconds: float = 10) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():  # type: ignore[operator]
            return
        await asyncio.sleep(0.05)


async def scenario() -> tuple[MemorySink, list[int]]:
    from asyncua import Server, ua

    endpoint = f"opc.tcp://127.0.0.1:{free_port()}/obeya/"
    server = Server()
    await server.init()
    server.set_endpoint(endpoint)
    namespace = await server.register_namespace("urn:obeya:test")
    machine = await server.nodes.objects.add_object(namespace, "L1-CNC1")
    item_state = await machine.add_variable(
        namespace, "ItemState", ua.Variant(2, ua.VariantType.Int32)
    )
    mode = await machine.add_variable(
        namespace, "OperationMode", ua.Variant(3, ua.VariantType.Int32)
    )
    counter = await machine.add_variable(
        namespace, "PartCount", ua.Variant(40, ua.VariantType.UInt32)
    )
    sink = MemorySink()
    steps: list[int] = []
    async with server:
        nodes = {
            "item_state": item_state.nodeid.to_string(),
            "operation_mode": mode.nodeid.to_string(),
            "part_count": counter.nodeid.to_string(),
        }
        ingestor = OpcUaIngestor(endpoint, "L1-CNC1", nodes, sink, publishing_interval_ms=50)
        task = asyncio.create_task(ingestor.run())
        await asyncio.wait_for(ingestor.ready.wait(), 10)
        await wait_until(lambda: len(sink.events) >= 1)
        changes = [
            (item_state, 3, ua.VariantType.Int32),  # Executing -> running
            (counter, 41, ua.VariantType.UInt32),
            (counter, 43, ua.VariantType.UInt32),
            (mode, 2, ua.VariantType.Int32),  # Setup -> setup
            (mode, 3, ua.VariantType.Int32),  # Processing -> back to running
            (counter, 2, ua.VariantType.UInt32),  # reset: counts 2
            (item_state, 0, ua.VariantType.Int32),  # NotAvailable -> offline
        ]
        for number, (node, value, kind) in enumerate(changes, start=1):
            stamp = START + timedelta(minutes=number)
            await node.write_value(ua.DataValue(ua.Variant(value, kind), SourceTimestamp=stamp))
            steps.append(number)
            await wait_until(lambda n=number: sink.batch_count >= 1 + n, seconds=5)
        await wait_until(lambda: sink.batch_count >= 1 + len(changes), seconds=30)
        ingestor.stop()
        await asyncio.wait_for(task, 10)
    return sink, steps


def test_machinery_state_mode_and_counter_changes_become_events() -> None:
    sink, _ = asyncio.run(scenario())
    timeline = list(sink.events.values())  # arrival order
    states = [(e.at, e.state) for e in timeline if isinstance(e, StateChanged)]
    counts = [(e.at, e.good_count) for e in timeline if isinstance(e, CountRecorded)]
    assert [state for _, state in states] == [
        MachineState.IDLE,
        MachineState.RUNNING,
        MachineState.SETUP,
        MachineState.RUNNING,
        MachineState.OFFLINE,
    ]
    assert [at for at, _ in states[1:]] == [START + timedelta(minutes=n) for n in (1, 4, 5, 7)]
    assert counts == [(START + timedelta(minutes=n), good) for n, good in ((2, 1), (3, 2), (6, 2))]


def test_maintenance_mode_counts_as_down_unless_the_machine_maps_it() -> None:
    folder = OpcUaStateFolder("M1")
    folder.observe("item_state", 2, START, "a")
    event = folder.observe("operation_mode", 1, START, "b")
    assert isinstance(event, StateChanged) and event.state is MachineState.DOWN
    custom = OpcUaStateFolder("M1", {"operation_mode": {"1": "planned_stop"}})
    custom.observe("item_state", 2, START, "a")
    event = custom.observe("operation_mode", 1, START, "b")
    assert isinstance(event, StateChanged) and event.state is MachineState.PLANNED_STOP


def test_a_bad_mapping_or_node_list_is_a_clear_input_error() -> None:
    with pytest.raises(InputError, match=r"opcua.item_state.3: 'busy' is not a state"):
        OpcUaStateFolder("M1", {"item_state": {"3": "busy"}})
    with pytest.raises(InputError, match="must name item_state"):
        OpcUaIngestor("opc.tcp://127.0.0.1:4840", "M1", {"state": "ns=2;i=1"}, MemorySink())
