"""The /api/v1 foundation: health, plant, orders, events, authentication and errors."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

ORDER = {"id": "WO-1", "product": "P-100", "quantity": 20, "due": "2026-12-01T14:00:00+01:00"}


def test_health_answers_without_a_token(client_as: Callable[[str | None], TestClient]) -> None:
    answer = client_as(None).get("/api/v1/health")
    assert answer.status_code == 200
    assert answer.json()["database"] == "ok"


def test_reads_need_a_token_when_authentication_is_on(
    client_as: Callable[[str | None], TestClient],
) -> None:
    answer = client_as(None).get("/api/v1/machines")
    assert answer.status_code == 401
    assert "Bearer" in answer.json()["detail"]
    wrong = client_as(None).get("/api/v1/machines", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401


def test_a_viewer_reads_but_cannot_create_orders(
    client_as: Callable[[str | None], TestClient],
) -> None:
    viewer = client_as("viewer")
    assert [m["id"] for m in viewer.get("/api/v1/machines").json()] == [
        "L1-SAW",
        "L1-CNC1",
        "L1-CNC2",
    ]
    refused = viewer.post("/api/v1/orders", json=ORDER)
    assert refused.status_code == 403
    assert "planner" in refused.json()["detail"]


def test_a_planner_creates_and_releases_an_order(
    client_as: Callable[[str | None], TestClient],
) -> None:
    planner = client_as("planner")
    created = planner.post("/api/v1/orders", json=ORDER)
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "planned"
    assert created.json()["due"].startswith("2026-12-01T13:00:00")
    released = planner.post("/api/v1/orders/WO-1/release")
    assert released.json()["status"] == "released"
    again = planner.post("/api/v1/orders/WO-1/release")
    assert again.status_code == 409
    assert "released" in again.json()["detail"]


def test_errors_are_json_a_person_can_act_on(open_client: TestClient) -> None:
    assert open_client.get("/api/v1/orders/NOPE").status_code == 404
    assert "NOPE" in open_client.get("/api/v1/orders/NOPE").json()["detail"]
    assert open_client.get("/api/v1/machines/NOPE").status_code == 404
    open_client.post("/api/v1/orders", json=ORDER)
    assert open_client.post("/api/v1/orders", json=ORDER).status_code == 409
    naive = open_client.post(
        "/api/v1/orders", json={**ORDER, "id": "WO-2", "due": "2026-12-01T14:00:00"}
    )
    assert naive.status_code == 422
    assert "due" in naive.json()["detail"]
    unknown = open_client.post("/api/v1/orders", json={**ORDER, "id": "WO-3", "product": "X"})
    assert unknown.status_code == 422 and "product" in unknown.json()["detail"]


def test_posted_events_are_stored_once_and_bad_ones_rejected(open_client: TestClient) -> None:
    batch = [
        {
            "id": "a1",
            "ts": "2026-11-24T06:00:00Z",
            "machine": "L1-CNC1",
            "kind": "state",
            "state": "running",
        },
        {
            "id": "a2",
            "ts": "2026-11-24T06:10:00Z",
            "machine": "L1-CNC1",
            "kind": "count",
            "good": 3,
        },
        {
            "id": "a3",
            "ts": "2026-11-24T06:20:00Z",
            "machine": "GHOST",
            "kind": "state",
            "state": "down",
        },
    ]
    first = open_client.post("/api/v1/events", json=batch)
    assert first.status_code == 200, first.text
    assert first.json()["accepted"] == 2 and first.json()["rejected"] == 1
    second = open_client.post("/api/v1/events", json=batch[:2])
    assert second.json() == {"accepted": 0, "duplicates": 2, "rejected": 0, "errors": []}
    garbage = open_client.post(
        "/api/v1/events", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert garbage.status_code == 422
    kept = open_client.get("/api/v1/events/rejected").json()["rejected"]
    assert any(row["raw"] == "{not json" for row in kept)
