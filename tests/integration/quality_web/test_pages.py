"""Quality on the dashboard over HTTP: line page, /quality, overview counts, acknowledging."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.quality_web.conftest import PLANT, add_diameter, in_control, shifted

from obeya.bootstrap import bootstrap
from obeya.services.events import ingest_payload
from obeya.services.plant import init_database
from obeya.services.quality import list_alarms, monitor, open_alarms
from obeya.services.runtime import Runtime
from obeya.services.users import create_user
from obeya.web.quality import local_path
from obeya.web.site import build_app


@pytest.fixture
def alarmed(runtime: Runtime) -> Runtime:
    """The measurements stored and the monitor run once: one open we-1 alarm at subgroup 21."""
    ingest_payload(runtime, json.dumps(in_control() + shifted()).encode())
    monitor(runtime)
    return runtime


def test_the_line_page_shows_the_chart_and_the_violation_in_words(
    client: TestClient, alarmed: Runtime
) -> None:
    html = client.get("/lines/L1").text
    assert 'id="quality"' in html
    assert 'class="chart spc-chart"' in html
    assert "we-1: a point beyond the control limits" in html
    assert "xbar subgroup 21 = 74.05" in html
    assert "Acknowledge alarm" in html


def test_the_overview_counts_open_alarms_per_line_with_a_link(
    client: TestClient, alarmed: Runtime
) -> None:
    assert 'hx-get="/quality/alarm-counts"' in client.get("/").text
    fragment = client.get("/quality/alarm-counts").text
    assert '<a href="/lines/L1#quality">' in fragment
    assert "<strong>1</strong> open SPC alarm" in fragment


def test_without_alarms_the_overview_says_so(client: TestClient) -> None:
    assert "No open SPC alarms." in client.get("/quality/alarm-counts").text


def test_the_quality_page_has_capability_nonconformances_and_the_pareto(
    client: TestClient, alarmed: Runtime
) -> None:
    response = client.get("/quality?characteristic=P-100.diameter")
    assert response.status_code == 200
    html = response.text
    for text in ("<td>Cp</td>", "<td>Cpk</td>", "<td>Pp</td>", "<td>Ppk</td>", 'id="histogram"'):
        assert text in html
    assert "No nonconformance recorded." in html
    assert "Defect Pareto" in html
    assert '<a href="/quality">Quality</a>' in html


def test_an_unknown_characteristic_on_the_quality_page_is_a_404_naming_it(
    client: TestClient,
) -> None:
    response = client.get("/quality?characteristic=P-100.nope")
    assert response.status_code == 404
    assert "P-100.nope" in response.text


def test_acknowledging_from_the_page_closes_the_alarm_and_returns_to_the_line(
    client: TestClient, alarmed: Runtime
) -> None:
    alarm = open_alarms(alarmed)[0]
    response = client.post(
        f"/quality/alarms/{alarm['id']}/acknowledge",
        data={"back": "/lines/L1#quality"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/lines/L1#quality"
    assert open_alarms(alarmed) == []
    assert list_alarms(alarmed)[0]["acknowledged_by"] == "local"


def test_acknowledging_an_unknown_alarm_says_which(client: TestClient) -> None:
    response = client.post("/quality/alarms/999/acknowledge", data={"back": "/quality"})
    assert response.status_code == 404
    assert "999" in response.text


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example", "\\\\evil", "x"])
def test_the_way_back_after_acknowledging_never_leaves_the_site(target: str) -> None:
    assert local_path(target) == "/quality"


def test_a_viewer_may_not_acknowledge(database_url: str) -> None:
    runtime = bootstrap(database_url)
    init_database(runtime, PLANT.read_text(), source=PLANT.name)
    add_diameter(runtime)
    ingest_payload(runtime, json.dumps(in_control() + shifted()).encode())
    monitor(runtime)
    client = TestClient(build_app(runtime, auth_enabled=True))
    client.cookies.set("obeya_token", create_user(runtime, "viewer1", "viewer"))
    alarm_id = open_alarms(runtime)[0]["id"]
    response = client.post(f"/quality/alarms/{alarm_id}/acknowledge", data={"back": "/"})
    assert response.status_code == 403
    assert "operator" in response.text
    assert len(open_alarms(runtime)) == 1
    runtime.engine.dispose()


def test_user_text_is_escaped(database_url: str) -> None:
    runtime = bootstrap(database_url)
    init_database(runtime, PLANT.read_text(), source=PLANT.name)
    add_diameter(runtime, name="<script>alert(1)</script>")
    html: Any = TestClient(build_app(runtime, auth_enabled=False)).get("/quality").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    runtime.engine.dispose()
