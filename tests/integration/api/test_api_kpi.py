"""The API answers the same KPI numbers as the services the CLI uses (one KPI definition)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fastapi.testclient import TestClient

from obeya.services import kpi
from obeya.services.events import ingest_path
from obeya.services.runtime import Runtime

EVENTS = Path(__file__).resolve().parents[2] / "fixtures" / "events_small.jsonl"
WINDOW = {"from": "2026-11-24T00:00:00Z", "to": "2026-11-25T00:00:00Z"}


def _window() -> tuple[datetime, datetime]:
    return datetime.fromisoformat(WINDOW["from"]), datetime.fromisoformat(WINDOW["to"])


def test_oee_from_the_api_equals_the_service_answer(
    runtime: Runtime, open_client: TestClient
) -> None:
    ingest_path(runtime, EVENTS, "jsonl")
    answer = open_client.get(
        "/api/v1/kpi/oee", params={"scope": "line:L1", "by": "shift", **WINDOW}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json() == kpi.oee(runtime, "line:L1", *_window(), "shift")
    assert answer.json()["total"]["gq"] == 12


def test_losses_and_bottleneck_from_the_api_equal_the_service_answers(
    runtime: Runtime, open_client: TestClient
) -> None:
    ingest_path(runtime, EVENTS, "jsonl")
    losses = open_client.get("/api/v1/kpi/losses", params={"scope": "line:L1", **WINDOW})
    assert losses.json() == kpi.losses(runtime, "line:L1", *_window())
    bottleneck = open_client.get("/api/v1/kpi/bottleneck", params={"line": "L1", **WINDOW})
    assert bottleneck.json() == kpi.bottleneck(runtime, "L1", *_window())


def test_a_timestamp_without_an_offset_is_a_422_naming_the_parameter(
    open_client: TestClient,
) -> None:
    answer = open_client.get(
        "/api/v1/kpi/oee",
        params={"scope": "site", "from": "2026-11-24T00:00:00", "to": WINDOW["to"]},
    )
    assert answer.status_code == 422
    assert "from" in answer.json()["detail"] and "offset" in answer.json()["detail"]
