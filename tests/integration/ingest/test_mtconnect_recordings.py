"""Real MTConnect recordings (../shared/research-data/mtconnect) import cleanly.

The expected running time and cycle count are computed here by an independent, simple
scan of the raw lines (regular expressions over `|execution|VALUE` and the part counter),
never by the code under test. Sources: mtconnect/cppagent demo/agent/okuma.txt (Okuma
MULTUS U3000, IMTS 2022) and mtconnect/mtconnect-agent simulator logs Mazak01/Mazak03
(see SOURCES.md there).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from ingest_memory_sink import MemorySink

from obeya.domain.events import CountRecorded, MachineState, ShopFloorEvent, StateChanged
from obeya.ingest.files import ingest_file
from obeya.ingest.shdr import read_shdr_file

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "research-data" / "mtconnect"
OKUMA = DATA / "cppagent_demo_okuma.txt"
_STAMP = re.compile(r"^(\d{4}-\d\d-\d\dT[\d:.]+)Z?\|")

pytestmark = pytest.mark.skipif(not OKUMA.exists(), reason="../shared research data absent")


def stamp(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def raw_scan(path: Path, execution_key: str, count_key: str) -> tuple[timedelta, int, datetime]:
    """Running time (ACTIVE until the next other execution value, or the file's last
    timestamp), cycles (counter increases; the first value after `avail|AVAILABLE` is a
    baseline), and the last timestamp: a plain scan of the raw text."""
    running = timedelta()
    cycles = 0
    active_since: datetime | None = None
    last_count: int | None = None
    latest = datetime.min.replace(tzinfo=UTC)
    for line in path.read_text(errors="replace").splitlines():
        match = _STAMP.match(line)
        if not match or "|@" in line:
            continue
        at = stamp(match.group(1))
        latest = max(latest, at)
        if "|avail|AVAILABLE" in line:
            last_count = None
        for value in re.findall(rf"\|{execution_key}\|([A-Z_]+)", line):
            if value == "ACTIVE" and active_since is None:
                active_since = at
            elif value != "ACTIVE" and active_since is not None:
                running += at - active_since
                active_since = None
        for value in re.findall(rf"\|{count_key}\|(\d+)", line):
            if last_count is not None and int(value) > last_count:
                cycles += int(value) - last_count
            last_count = int(value)
    if active_since is not None:
        running += latest - active_since
    return running, cycles, latest


def folded_running_time(events: list[ShopFloorEvent], end: datetime) -> timedelta:
    """Each state holds until the next state event by time (CONTRACTS.md section 2)."""
    timeline = sorted((e for e in events if isinstance(e, StateChanged)), key=lambda e: e.at)
    total = timedelta()
    for current, following in zip(timeline, [*timeline[1:], None], strict=True):
        if current.state is MachineState.RUNNING:
            total += (following.at if following else end) - current.at
    return total


def cycles_of(events: list[ShopFloorEvent]) -> int:
    return sum(event.good_count for event in events if isinstance(event, CountRecorded))


def test_the_okuma_recording_gives_four_cycles_and_the_scanned_running_time() -> None:
    expected_running, expected_cycles, latest = raw_scan(OKUMA, "pexecution", "ppartcount")
    replay = read_shdr_file(OKUMA, "OKUMA", devices_xml=DATA / "cppagent_demo_Devices.xml")
    assert replay.rejected == []
    assert replay.runs == 4
    assert expected_cycles == 4
    assert cycles_of(replay.events) == expected_cycles
    assert folded_running_time(replay.events, latest) == expected_running
    assert timedelta(minutes=20) < expected_running < timedelta(minutes=35)


def test_the_okuma_recording_skips_only_assets_and_adapter_commands() -> None:
    replay = read_shdr_file(OKUMA, "OKUMA")
    assert set(replay.skipped) == {
        "asset command (@ASSET@ and the like)",
        "asset document body",
        "adapter command (* key: value)",
    }
    assert replay.skipped["adapter command (* key: value)"] == 9


def test_the_okuma_recording_without_the_device_model_gives_the_same_events() -> None:
    with_model = read_shdr_file(OKUMA, "OKUMA", devices_xml=DATA / "cppagent_demo_Devices.xml")
    heuristic = read_shdr_file(OKUMA, "OKUMA")
    assert with_model.events == heuristic.events


@pytest.mark.parametrize("name", ["Mazak01", "Mazak03"])
def test_the_mazak_logs_import_without_rejects_and_give_the_scanned_running_time(name: str) -> None:
    path = DATA / f"mtconnect-agent_{name}.log"
    expected_running, expected_cycles, latest = raw_scan(path, "execution", "PartCountAct")
    replay = read_shdr_file(path, name, devices_xml=DATA / f"mtconnect-agent_{name}.xml")
    assert replay.rejected == []
    assert sum(replay.skipped.values()) == 0
    assert cycles_of(replay.events) == expected_cycles == 0
    assert folded_running_time(replay.events, latest) == expected_running > timedelta(0)


def test_importing_a_recording_twice_stores_every_event_once() -> None:
    sink = MemorySink()
    first = ingest_file(OKUMA, "shdr", sink, machine_id="OKUMA")
    second = ingest_file(OKUMA, "shdr", sink, machine_id="OKUMA")
    assert (first.accepted, first.rejected) == (16, 0)
    assert (second.accepted, second.duplicates) == (0, 16)
