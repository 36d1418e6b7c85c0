"""Polling an MTConnect agent: a tiny local HTTP server serves streams built from the
Okuma recording (mtconnect/cppagent demo/agent/okuma.txt, first run)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from ingest_memory_sink import MemorySink

from obeya.domain.errors import InputError
from obeya.domain.events import CountRecorded, StateChanged
from obeya.ingest.mtconnect_agent import MTConnectPoller, parse_streams
from obeya.ingest.shdr import read_shdr

OKUMA = (
    Path(__file__).resolve().parents[3]
    / ".."
    / "shared"
    / "research-data"
    / "mtconnect"
    / "cppagent_demo_okuma.txt"
)
ELEMENTS = {"pexecution": "Execution", "ppartcount": "PartCount", "avail": "Availability"}
Observation = tuple[int, str, str, str]


def first_run_lines() -> list[str]:
    lines = OKUMA.read_text(errors="replace").splitlines()
    second_run = next(n for n, line in enumerate(lines) if n and "|avail|AVAILABLE" in line)
    return lines[:second_run]


def observations(lines: list[str]) -> list[Observation]:
    """(sequence, timestamp, name, value) of every signal and a filler item, in order."""
    found: list[Observation] = []
    for line in lines:
        if not re.match(r"^\d{4}-", line) or "|@" in line:
            continue
        fields = line.split("|")
        for key, value in zip(fields[1::2], fields[2::2], strict=False):
            if key in ELEMENTS or key == "S1speed":
                found.append((100 + len(found), fields[0], key, value))
    return found


def streams(items: list[Observation], next_sequence: int, version: str) -> str:
    body = "".join(
        f'<{ELEMENTS.get(name, "SpindleSpeed")} dataItemId="L{name}" name="{name}" '
        f'sequence="{seq}" timestamp="{ts}">{value}</{ELEMENTS.get(name, "SpindleSpeed")}>'
        for seq, ts, name, value in items
    )
    return (
        '<?xml version="1.0"?>'
        f'<MTConnectStreams xmlns="urn:mtconnect.org:MTConnectStreams:{version}">'
        f'<Header instanceId="1659966694" nextSequence="{next_sequence}" firstSequence="100"/>'
        f'<Streams><DeviceStream name="OKUMA"><ComponentStream component="Path">'
        f"<Events>{body}</Events></ComponentStream></DeviceStream></Streams></MTConnectStreams>"
    )


class Agent:
    """Serves `/OKUMA/current` (the first items) and `/OKUMA/sample?from=&count=`."""

    def __init__(self, items: list[Observation], version: str) -> None:
        self.items = items
        self.version = version
        self.requests: list[str] = []

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, str]:
        self.requests.append(path)
        if path == "/OKUMA/current":
            latest = {name: item for item in self.items[:3] for name in [item[2]]}
            return 200, streams(sorted(latest.values()), self.items[3][0], self.version)
        if path == "/OKUMA/sample":
            start, count = int(query["from"][0]), int(query["count"][0])
            page = [item for item in self.items if item[0] >= start][:count]
            following = page[-1][0] + 1 if page else start
            return 200, streams(page, following, self.version)
        return 404, "<MTConnectError/>"


@pytest.fixture(params=["1.3", "2.0"])
def agent(request: pytest.FixtureRequest) -> Iterator[tuple[str, Agent]]:
    if not OKUMA.exists():
        pytest.skip("../shared research data absent")
    state = Agent(observations(first_run_lines()), request.param)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            status, text = state.answer(parts.path, parse_qs(parts.query))
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", state
    server.shutdown()
    server.server_close()


def summary(events: object) -> list[tuple[str, str]]:
    rows = []
    for event in events:  # type: ignore[attr-defined]
        if isinstance(event, StateChanged):
            rows.append((event.at.isoformat(), event.state.value))
        elif isinstance(event, CountRecorded):
            rows.append((event.at.isoformat(), f"+{event.good_count}"))
    return rows


def test_polling_gives_the_same_events_as_replaying_the_recording(
    agent: tuple[str, Agent],
) -> None:
    url, state = agent
    sink = MemorySink()
    poller = MTConnectPoller(url, "OKUMA", "OKUMA", sink, interval_s=0, count=2)
    poller.run(max_polls=len(state.items))
    expected = summary(read_shdr(first_run_lines(), "OKUMA").events)
    assert summary(sorted(sink.events.values(), key=lambda e: e.at)) == expected
    assert expected[-1][1] == "+1"
    assert state.requests[0] == "/OKUMA/current"
    assert set(state.requests[1:]) == {"/OKUMA/sample"}


def test_polling_again_after_a_restart_stores_nothing_twice(agent: tuple[str, Agent]) -> None:
    url, _ = agent
    sink = MemorySink()
    MTConnectPoller(url, "OKUMA", "OKUMA", sink, interval_s=0).run(max_polls=3)
    again = MTConnectPoller(url, "OKUMA", "OKUMA", sink, interval_s=0).run(max_polls=3)
    assert again.accepted == 0 and again.duplicates >= 1


def test_an_unreachable_agent_is_a_clear_input_error() -> None:
    poller = MTConnectPoller("http://127.0.0.1:9", "OKUMA", "OKUMA", MemorySink())
    with pytest.raises(InputError, match="cannot reach the MTConnect agent"):
        poller.poll_once()


def test_an_error_document_names_its_code() -> None:
    xml = (
        '<MTConnectError xmlns="urn:mtconnect.org:MTConnectError:2.0"><Errors>'
        '<Error errorCode="OUT_OF_RANGE">too old</Error></Errors></MTConnectError>'
    )
    with pytest.raises(InputError, match="OUT_OF_RANGE"):
        parse_streams(xml, "M1")


def test_polling_an_unreachable_agent_logs_and_keeps_going(
    caplog: pytest.LogCaptureFixture,
) -> None:
    poller = MTConnectPoller("http://127.0.0.1:9", "OKUMA", "OKUMA", MemorySink(), interval_s=0)
    poller._stop.wait = lambda timeout=None: False  # type: ignore[method-assign]
    result = poller.run(max_polls=2)
    assert result.accepted == 0
    assert caplog.text.count("cannot reach the MTConnect agent") == 2
