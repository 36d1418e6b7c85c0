"""Alarms without anyone running a command: the SPC watcher beside the server."""

from __future__ import annotations

import time
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from tests.integration.quality_web.conftest import in_control, shifted, subgroup_events

from obeya.services.events import ingest_payload
from obeya.services.quality import open_alarms
from obeya.services.quality_watch import QualityWatch, changed_characteristics
from obeya.services.runtime import Runtime

counts = st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), st.integers(0, 5))


def post(client: TestClient, events: list[dict[str, Any]]) -> None:
    response = client.post("/api/v1/events", json=events)
    assert response.status_code in (200, 201, 202), response.text


def wait_for_open_alarms(client: TestClient, timeout_s: float = 5.0) -> list[dict[str, Any]]:
    """Poll the API until an open alarm exists (at most `timeout_s`)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        alarms: list[dict[str, Any]] = client.get("/api/v1/spc/alarms?open=true").json()["alarms"]
        if alarms:
            return alarms
        time.sleep(0.05)
    return []


def test_measurements_beyond_the_limits_posted_to_the_api_become_an_open_alarm(
    client: TestClient,
) -> None:
    post(client, in_control())
    post(client, shifted())
    alarms = wait_for_open_alarms(client)
    assert alarms, "no alarm appeared within 5 s of posting the measurements"
    assert {(a["chart"], a["subgroup"], a["rule"]) for a in alarms} == {("xbar", "21", "we-1")}
    assert alarms[0]["machine"] == "L1-CNC1"
    assert alarms[0]["value"] > 74.03


def test_measurements_in_control_raise_no_alarm(runtime: Runtime) -> None:
    ingest_payload(runtime, _json(in_control()))
    watch = QualityWatch(runtime)
    assert watch.check() == []
    assert open_alarms(runtime) == []


def test_a_second_round_without_new_measurements_charts_nothing(
    runtime: Runtime, monkeypatch: Any
) -> None:
    ingest_payload(runtime, _json(in_control() + shifted()))
    watch = QualityWatch(runtime)
    assert [a["subgroup"] for a in watch.check()] == ["21"]
    charted: list[list[str]] = []
    monkeypatch.setattr(
        "obeya.services.quality_watch.evaluate", lambda _r, ids: charted.append(ids) or []
    )
    assert watch.check() == []
    assert charted == []


def test_only_the_newly_measured_characteristic_is_charted_again(
    runtime: Runtime, monkeypatch: Any
) -> None:
    ingest_payload(runtime, _json(in_control()))
    watch = QualityWatch(runtime)
    watch.check()
    charted: list[list[str]] = []
    monkeypatch.setattr(
        "obeya.services.quality_watch.evaluate", lambda _r, ids: charted.append(ids) or []
    )
    ingest_payload(runtime, _json(_other("P-100.length")))
    watch.check()
    assert charted == [["P-100.length"]]


def test_measurements_of_an_undefined_characteristic_raise_nothing_and_break_nothing(
    runtime: Runtime,
) -> None:
    ingest_payload(runtime, _json(_other("P-100.bore")))
    watch = QualityWatch(runtime)
    assert watch.check() == []
    ingest_payload(runtime, _json(in_control() + shifted()))
    assert [a["rule"] for a in watch.check()] == ["we-1"]


def test_the_watcher_raises_an_alarm_stored_by_another_writer_while_serving(
    app: FastAPI, runtime: Runtime
) -> None:
    """Measurements stored straight into the database (as `obeya ingest` or MQTT would)."""
    with TestClient(app) as client:
        ingest_payload(runtime, _json(in_control() + shifted()))
        assert wait_for_open_alarms(client)


@given(counts)
def test_unchanged_counts_need_no_charting(now: dict[str, int]) -> None:
    assert changed_characteristics(dict(now), now) == []


@given(counts, counts)
def test_every_characteristic_whose_count_moved_is_charted_again(
    before: dict[str, int], now: dict[str, int]
) -> None:
    changed = set(changed_characteristics(before, now))
    assert changed == {name for name in now if before.get(name) != now[name]}
    assert set(changed_characteristics(None, now)) == set(now)


def _other(characteristic: str) -> list[dict[str, Any]]:
    events = subgroup_events(1, [74.0, 74.0])
    return [
        {**event, "id": f"{characteristic}-{event['id']}", "characteristic": characteristic}
        for event in events
    ]


def _json(events: list[dict[str, Any]]) -> bytes:
    import json

    return json.dumps(events).encode()


def test_a_slow_round_stretches_the_pause_to_ten_times_its_cost_but_at_most_10_s(
    runtime: Runtime,
) -> None:
    ticks = iter([0.0, 0.5, 1.0, 1.01, 2.0, 7.0])
    watch = QualityWatch(runtime, clock=lambda: next(ticks))
    watch.check()
    assert watch.wait_s == 5.0
    watch.check()
    assert watch.wait_s == 1.0
    watch.check()
    assert watch.wait_s == 10.0
