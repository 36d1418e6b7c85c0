"""Events from files: JSONL and CSV readers, and `ingest_file` feeding a sink in batches.

Every reader yields domain events and `RejectedEvent`s (source `FILE:LINE`), so a bad
line never stops the file: it lands in the dead-letter table with its reason.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Collection, Iterable, Iterator
from datetime import datetime
from pathlib import Path

from obeya.domain.errors import InputError
from obeya.domain.events import EventSink, IngestResult, RejectedEvent, ShopFloorEvent
from obeya.ingest.payload import parse_event, reject

ReadItem = ShopFloorEvent | RejectedEvent
FORMATS = ("jsonl", "csv", "shdr")

_INTEGER_KEYS = frozenset({"good", "scrap", "rework"})
_NUMBER_KEYS = frozenset({"value"})


def _lines_of(source: str | Path | Iterable[str]) -> tuple[str, Iterable[str]]:
    if isinstance(source, str | Path):
        path = Path(source)
        return path.name, _open_lines(path)
    return "input", source


def _open_lines(path: Path) -> Iterator[str]:
    try:
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            yield from handle
    except OSError as error:
        raise InputError(f"{path}: cannot read the file: {error.strerror}") from None


def read_jsonl(
    source: str | Path | Iterable[str],
    *,
    known_machines: Collection[str] | None = None,
    now: datetime | None = None,
    name: str | None = None,
) -> Iterator[ReadItem]:
    """Read one JSON event object per line; blank lines and `#` comments are skipped.

    `source` is a path or an iterable of lines; rejects carry the source `NAME:LINE`.

    Raises:
        InputError: only when the file cannot be opened.
    """
    label, lines = _lines_of(source)
    label = name or label
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        where = f"{label}:{number}"
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as error:
            yield RejectedEvent(text, f"malformed JSON: {error}", where)
            continue
        yield _parse(obj, where, known_machines, now)


def read_csv_events(
    source: str | Path | Iterable[str],
    *,
    known_machines: Collection[str] | None = None,
    now: datetime | None = None,
    name: str | None = None,
    machine_id: str | None = None,
) -> Iterator[ReadItem]:
    """Read events from CSV whose header names the JSON keys (`id,ts,machine,kind,...`).

    Empty cells are absent keys; `good`, `scrap`, `rework` become integers and `value`
    a number (a cell that does not convert is passed on as text and rejected by the
    payload rules). `machine_id` fills an absent `machine`. Rejects carry `NAME:LINE`.

    Raises:
        InputError: when the file cannot be opened or has no header row.
    """
    label, lines = _lines_of(source)
    label = name or label
    reader = csv.DictReader(iter(lines))
    if reader.fieldnames is None:
        return
    if "id" not in reader.fieldnames:
        raise InputError(
            f"{label}: line 1: the CSV header must name the JSON keys, starting with id"
        )
    for row in reader:
        where = f"{label}:{reader.line_num}"
        if None in row:
            yield RejectedEvent(_row_text(row), "more cells than header columns", where)
            continue
        obj: dict[str, object] = {
            key: _convert(key, value) for key, value in row.items() if value not in (None, "")
        }
        if not obj:
            continue
        if machine_id is not None:
            obj.setdefault("machine", machine_id)
        yield _parse(obj, where, known_machines, now)


def _row_text(row: dict[str | None, object]) -> str:
    return json.dumps({str(key): value for key, value in row.items()}, default=str)


def _convert(key: str, value: str) -> object:
    text = value.strip()
    try:
        if key in _INTEGER_KEYS:
            return int(text)
        if key in _NUMBER_KEYS:
            return float(text)
    except ValueError:
        return text
    return text


def _parse(
    obj: object, where: str, known_machines: Collection[str] | None, now: datetime | None
) -> ReadItem:
    try:
        return parse_event(obj, source=where, known_machines=known_machines, now=now)
    except InputError as error:
        return reject(obj, str(error), where)


def ingest_items(
    items: Iterable[ReadItem], sink: EventSink, *, batch_size: int = 5000
) -> IngestResult:
    """Feed events and rejects to `sink` in batches of at most `batch_size` items."""
    if batch_size < 1:
        raise InputError(f"batch_size must be at least 1, got {batch_size}")
    total = IngestResult()
    events: list[ShopFloorEvent] = []
    rejected: list[RejectedEvent] = []
    for item in items:
        if isinstance(item, RejectedEvent):
            rejected.append(item)
        else:
            events.append(item)
        if len(events) + len(rejected) >= batch_size:
            total += sink.append(events, rejected)
            events, rejected = [], []
    if events or rejected:
        total += sink.append(events, rejected)
    return total


def ingest_file(
    path: str | Path,
    fmt: str,
    sink: EventSink,
    *,
    machine_id: str | None = None,
    known_machines: Collection[str] | None = None,
    batch_size: int = 5000,
    mapping: dict[str, object] | None = None,
    devices_xml: str | Path | None = None,
) -> IngestResult:
    """Import a `jsonl`, `csv` or `shdr` file into `sink`; a bad line never stops the file.

    `machine_id` is required for `shdr` (the recording names no machine) and fills an
    absent `machine` column in CSV. `mapping` and `devices_xml` apply to `shdr` only.

    Raises:
        InputError: unknown format, missing machine id for SHDR, unreadable file.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    items = _items(path, fmt, machine_id, known_machines, mapping, devices_xml)
    return ingest_items(items, sink, batch_size=batch_size)


def _items(
    path: Path,
    fmt: str,
    machine_id: str | None,
    known_machines: Collection[str] | None,
    mapping: dict[str, object] | None,
    devices_xml: str | Path | None,
) -> Iterable[ReadItem]:
    if fmt == "jsonl":
        return read_jsonl(path, known_machines=known_machines)
    if fmt == "csv":
        return read_csv_events(path, known_machines=known_machines, machine_id=machine_id)
    if fmt == "shdr":
        from obeya.ingest.shdr import read_shdr_file

        if machine_id is None:
            raise InputError("--machine is required for SHDR files (the recording names none)")
        if known_machines is not None and machine_id not in known_machines:
            raise InputError(f"machine {machine_id!r} is not a machine of the plant")
        replay = read_shdr_file(path, machine_id, mapping, devices_xml=devices_xml)
        return [*replay.events, *replay.rejected]
    raise InputError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
