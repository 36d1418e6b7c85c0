"""The dashboard's pages over HTTP (no browser): roles, bad input, escaping, the monitor."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from obeya.bootstrap import bootstrap
from obeya.services.events import ingest_payload
from obeya.services.floor import raise_andon
from obeya.services.orders import import_orders
from obeya.services.plant import init_database
from obeya.services.runtime import Runtime
from obeya.services.scheduling import solve_schedule
from obeya.services.users import create_user
from obeya.web.monitor import FloorMonitor
from obeya.web.site import build_app

PLANT = Path(__file__).resolve().parents[2] / "fixtures" / "plant_small.yaml"


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def runtime(tmp_path: Path) -> Runtime:
    runtime = bootstrap(f"sqlite:///{tmp_path / 'obeya.db'}")
    init_database(runtime, PLANT.read_text(), source="plant_small")
    return runtime


@pytest.fixture
def open_site(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(build_app(runtime, auth_enabled=False)) as client:
        yield client


@pytest.fixture
def guarded_site(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(build_app(runtime, auth_enabled=True)) as client:
        yield client


def post(runtime: Runtime, *events: dict[str, object]) -> None:
    assert ingest_payload(runtime, json.dumps(list(events)).encode()).accepted == len(events)


def test_a_page_without_a_token_redirects_to_the_login_form(guarded_site: TestClient) -> None:
    answer = guarded_site.get("/", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login"


def test_a_wrong_token_is_refused_with_a_message(guarded_site: TestClient) -> None:
    answer = guarded_site.post("/login", data={"token": "nope"})
    assert "unknown or revoked token" in answer.text
    assert "obeya_token" not in guarded_site.cookies


def test_a_viewer_sees_pages_but_may_not_explain_stops(
    runtime: Runtime, guarded_site: TestClient
) -> None:
    token = create_user(runtime, "vera", "viewer")
    assert guarded_site.post("/login", data={"token": token}).status_code == 200
    assert guarded_site.get("/lines/L1").status_code == 200
    form = {"machine": "L1-CNC1", "stop_at": "2026-11-24T06:00:00Z", "reason": "spindle"}
    answer = guarded_site.post("/operator/explain", data=form)
    assert answer.status_code == 403
    assert "needs the role operator" in answer.text


def test_an_operator_may_explain_stops_but_not_reschedule(
    runtime: Runtime, guarded_site: TestClient
) -> None:
    token = create_user(runtime, "otto", "operator")
    guarded_site.post("/login", data={"token": token})
    form = {"machine": "L1-CNC1", "stop_at": "2026-11-24T06:00:00Z", "reason": "spindle"}
    assert guarded_site.post("/operator/explain", data=form).status_code == 200
    down = {"machine": "L1-CNC1", "start": "2026-11-24T06:00:00Z", "duration": "4h"}
    assert guarded_site.post("/schedule/machine-down", data=down).status_code == 403


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/lines/NOPE", 404, "no line &#39;NOPE&#39;"),
        ("/reports?date=2026-02-30", 400, "--date &#39;2026-02-30&#39; is not a date"),
        ("/reports?scope=line:NOPE", 404, "no line &#39;NOPE&#39;"),
        ("/reports?date=2026-11-24&shift=late", 400, "--shift &#39;late&#39;"),
        ("/schedule/gantt", 400, "there is no schedule yet"),
    ],
)
def test_bad_input_gives_a_page_that_names_it(
    open_site: TestClient, path: str, status: int, message: str
) -> None:
    answer = open_site.get(path)
    assert answer.status_code == status
    assert message in answer.text
    assert "Traceback" not in answer.text


def test_a_day_without_shifts_says_so_on_the_report_page(open_site: TestClient) -> None:
    answer = open_site.get("/reports?date=2026-11-21")
    assert "no shift is planned on 2026-11-21" in answer.text


def test_an_andon_message_with_markup_stays_text_on_the_overview(
    runtime: Runtime, open_site: TestClient
) -> None:
    raise_andon(runtime, "L1-SAW", "help", "ann", "<img src=x onerror=alert(1)>")
    answer = open_site.get("/")
    assert "<img src=x" not in answer.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in answer.text


def test_scrap_logged_on_the_operator_page_is_counted_by_the_kpi_engine(
    runtime: Runtime, open_site: TestClient
) -> None:
    answer = open_site.post("/operator/scrap", data={"machine": "L1-SAW", "scrap_count": "3"})
    assert "3 scrapped logged" in answer.text
    tiles = open_site.get("/tiles").text
    assert "L1-SAW" in tiles


def test_the_pdf_link_answers_a_pdf(open_site: TestClient) -> None:
    answer = open_site.get("/reports.pdf?date=2026-11-24")
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")


def test_the_monitor_reports_only_machines_whose_state_changed(runtime: Runtime) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    post(runtime, {"id": "m1", "ts": stamp(now - timedelta(minutes=9)), "machine": "L1-SAW",
                   "kind": "state", "state": "running"})  # fmt: skip
    monitor = FloorMonitor(runtime, clock=lambda: 0.0)
    monitor.poll()
    version, _ = monitor.changes_since(0)
    post(runtime, {"id": "m2", "ts": stamp(now), "machine": "L1-SAW", "kind": "state",
                   "state": "down"})  # fmt: skip
    monitor.poll()
    newest, changed = monitor.changes_since(version)
    assert newest == version + 1
    assert [(c["machine"], c["state"]) for c in changed] == [("L1-SAW", "down")]
    tile = monitor.status()[1].lines[0].tiles[0]
    monitor.stop()
    assert (tile.machine_id, tile.state) == ("L1-SAW", "down")


def test_the_overview_figures_refresh_less_often_when_they_are_expensive(
    runtime: Runtime,
) -> None:
    monitor = FloorMonitor(runtime)
    assert monitor.status_ttl_s == 10.0
    monitor._status_cost_s = 3.0
    assert monitor.status_ttl_s == 30.0


def test_a_malformed_down_duration_is_refused_with_its_field_named(
    open_site: TestClient,
) -> None:
    form = {"machine": "L1-SAW", "start": "2026-11-24T06:00:00Z", "duration": "four hours"}
    answer = open_site.post("/schedule/machine-down", data=form)
    assert answer.status_code == 400
    assert "duration" in answer.text


def test_the_live_stream_ends_by_itself_and_resumes_from_the_last_version_seen(
    runtime: Runtime, open_site: TestClient
) -> None:
    """A stream lasts STREAM_S, so a server never waits for viewers to shut down."""
    now = datetime.now(UTC).replace(microsecond=0)
    post(runtime, {"id": "l1", "ts": stamp(now), "machine": "L1-CNC2", "kind": "state",
                   "state": "setup"})  # fmt: skip
    monitor = open_site.app.state.floor_monitor  # type: ignore[attr-defined]
    monitor.poll()
    with open_site.stream("GET", "/live", headers={"last-event-id": "0"}) as answer:
        body = "".join(answer.iter_text())
    assert "retry: 250" in body
    assert f"id: {monitor.version}" in body
    assert '"machine": "L1-CNC2", "state": "setup"' in body


def test_the_orders_page_shows_each_orders_planned_end_in_the_schedule(
    runtime: Runtime, open_site: TestClient
) -> None:
    import_orders(runtime, PLANT.parent / "orders_good.csv")
    assert "No work orders yet" not in open_site.get("/orders").text
    answer = solve_schedule(runtime, time_limit_s=2)
    page = open_site.get("/orders").text
    ends = {op["order"]: op["end"] for op in answer["operations"]}
    for order in ends:
        assert order in page
    assert max(ends.values()) in page
    assert page.count("on time") + page.count("late by") == len(ends)
