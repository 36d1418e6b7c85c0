"""Use cases of the event ledger: ingest files and batches, explain stops, list rejects."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from obeya.domain.errors import InputError
from obeya.domain.events import IngestResult, StopReasonAssigned
from obeya.domain.identifiers import check_identifier
from obeya.ingest.files import ingest_file
from obeya.ingest.payload import decode_batch
from obeya.ingest.shdr import machine_mapping
from obeya.services.runtime import Runtime
from obeya.storage.clock import from_us
from obeya.storage.event_store import now_us

MAX_BATCH = 10_000


def ingest_path(
    runtime: Runtime, path: Path, fmt: str, machine_id: str | None = None
) -> IngestResult:
    """Import a jsonl, csv or shdr file into the ledger, batch by batch."""
    plant = runtime.plant()
    if machine_id is not None:
        plant.machine(machine_id)
    known = {machine.id for machine in plant.machines}
    override = machine_mapping(plant.machine(machine_id).connector) if machine_id else None
    mapping = None if override is None else dict(override)
    return ingest_file(
        path, fmt, runtime.sink(), machine_id=machine_id, known_machines=known, mapping=mapping
    )


def ingest_payload(runtime: Runtime, raw: bytes, source: str = "api") -> IngestResult:
    """Store one REST/MQTT payload (an object or an array); returns after the commit."""
    plant = runtime.plant()
    known = {machine.id for machine in plant.machines}
    events, rejected = decode_batch(raw, source=source, known_machines=known)
    if len(events) + len(rejected) > MAX_BATCH:
        raise InputError(f"a batch holds at most {MAX_BATCH} events; split it")
    return runtime.sink().append(events, rejected)


def explain_stop(
    runtime: Runtime,
    machine_id: str,
    stop_at: datetime,
    reason: str,
    by: str,
    comment: str | None = None,
) -> IngestResult:
    """Assign (or change) the reason of the stop that began at `stop_at`.

    Stored as a `reason` event: the ledger keeps every assignment; the latest wins.
    """
    plant = runtime.plant()
    plant.machine(machine_id)
    plant.reason(reason)
    check_identifier(by, "user")
    moment = from_us(now_us())
    event = StopReasonAssigned(
        event_id=f"reason-{machine_id}-{now_us()}",
        at=moment,
        machine_id=machine_id,
        stop_at=stop_at,
        reason=reason,
        comment=comment,
        extra={"by": by},
    )
    return runtime.sink().append([event])


def rejected_events(runtime: Runtime, limit: int = 100) -> list[dict[str, Any]]:
    """The newest dead-letter entries (raw payload and reason), newest first."""
    with runtime.uow() as uow:
        rows = uow.events.rejected(limit)
    return [
        {
            "id": row["id"],
            "received_at": from_us(row["received_us"]).isoformat().replace("+00:00", "Z"),
            "source": row["source"],
            "event_id": row["event_id"],
            "reason": row["reason"],
            "raw": row["raw"],
        }
        for row in rows
    ]
