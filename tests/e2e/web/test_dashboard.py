"""The dashboard in chromium: pages load cleanly, tiles go live, operators and supervisors act."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from tests.e2e.web.conftest import SCREENSHOTS, Site

from obeya.services.events import ingest_payload
from obeya.services.scheduling import solve_schedule

pytestmark = pytest.mark.browser

PAGES = ["/", "/lines/L1", "/schedule", "/orders", "/operator", "/reports"]


def post(site: Site, *events: dict[str, object]) -> None:
    result = ingest_payload(site.runtime, json.dumps(list(events)).encode())
    assert result.accepted == len(events), result.errors


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_every_page_loads_with_no_console_errors(site: Site, page: Any) -> None:
    now = datetime.now(UTC)
    post(site, {"id": "a1", "ts": stamp(now - timedelta(hours=1)), "machine": "L1-CNC1",
                "kind": "state", "state": "running"})  # fmt: skip
    for path in PAGES:
        response = page.goto(site.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle") if path != "/" else page.wait_for_timeout(500)
        name = path.strip("/").replace("/", "-") or "overview"
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        assert page.console_errors == [], (path, page.console_errors)


def test_an_unknown_line_shows_a_clear_message(site: Site, page: Any) -> None:
    response = page.goto(site.url + "/lines/NOPE")
    assert response.status == 404
    assert "no line 'NOPE'" in page.locator(".problem").inner_text()


def test_posting_a_down_event_turns_the_tile_red_within_2_s(site: Site, page: Any) -> None:
    now = datetime.now(UTC)
    post(site, {"id": "b1", "ts": stamp(now - timedelta(minutes=5)), "machine": "L1-SAW",
                "kind": "state", "state": "running"})  # fmt: skip
    page.goto(site.url + "/")
    tile = page.locator('[data-machine="L1-SAW"]')
    assert tile.get_attribute("data-state") == "running"
    page.wait_for_function("document.getElementById('live-status').textContent.length > 0")
    post(site, {"id": "b2", "ts": stamp(datetime.now(UTC)), "machine": "L1-SAW",
                "kind": "state", "state": "down"})  # fmt: skip
    page.wait_for_selector('[data-machine="L1-SAW"][data-state="down"]', timeout=2000)
    assert "DOWN" in page.locator('[data-machine="L1-SAW"] .tile-state').inner_text().upper()
    color = tile.evaluate("element => getComputedStyle(element).backgroundColor")
    assert color == "rgb(207, 34, 46)"
    page.screenshot(path=str(SCREENSHOTS / "overview-down.png"), full_page=True)


def test_an_operator_explains_a_stop_and_the_reports_unexplained_list_shrinks(
    site: Site, page: Any
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    local = (now - timedelta(minutes=20)).astimezone(ZoneInfo("Europe/Berlin"))
    today = (local - timedelta(hours=6)).date().isoformat()  # the production day starts 06:00
    post(site, {"id": "c1", "ts": stamp(now - timedelta(minutes=20)), "machine": "L1-CNC2",
                "kind": "state", "state": "down"},
         {"id": "c2", "ts": stamp(now - timedelta(minutes=5)), "machine": "L1-CNC2",
                "kind": "state", "state": "running"})  # fmt: skip
    page.goto(f"{site.url}/reports?date={today}")
    assert "L1-CNC2" in page.locator("#unexplained").inner_text()
    page.goto(site.url + "/operator?machine=L1-CNC2")
    page.select_option("#reason-1", "spindle")
    page.fill("#comment-1", "<script>alert('x')</script>")
    page.click("text=Explain stop")
    assert "explained as spindle" in page.locator(".done").inner_text()
    page.goto(f"{site.url}/reports?date={today}")
    assert "every stop has a reason" in page.locator("#unexplained").inner_text()
    assert "<script>alert('x')</script>" in page.locator("#long-stops").inner_text()
    assert page.console_errors == []
    page.screenshot(path=str(SCREENSHOTS / "report-explained.png"), full_page=True)


def test_a_supervisor_marks_a_machine_down_and_publishes_the_repaired_schedule(
    site: Site, page: Any
) -> None:
    answer = solve_schedule(site.runtime, time_limit_s=3)
    page.goto(site.url + "/schedule")
    gantt = page.frame_locator("#gantt")
    bars = gantt.locator("svg").first.locator("g.operation")
    bars.first.wait_for()
    assert bars.count() == len(answer["operations"])
    machine = answer["operations"][0]["machine"]
    page.select_option("#down-machine", machine)
    page.fill("#down-start", stamp(datetime.now(UTC)))
    page.fill("#down-duration", "4h")
    page.click("#preview")
    assert page.locator("#schedule-state").inner_text() == "draft"
    assert page.locator("#schedule-id").inner_text() != answer["schedule_id"]
    page.screenshot(path=str(SCREENSHOTS / "schedule-preview.png"), full_page=True)
    page.click("#publish")
    assert page.locator("#schedule-state").inner_text() == "published"
    assert page.console_errors == []


def test_an_operator_can_explain_a_stop_with_the_keyboard_alone(site: Site, page: Any) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    post(site, {"id": "k1", "ts": stamp(now - timedelta(minutes=3)), "machine": "L1-SAW",
                "kind": "state", "state": "down"})  # fmt: skip
    page.goto(site.url + "/operator?machine=L1-SAW")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "reason-1":
            break
    else:
        pytest.fail("the reason list cannot be reached with Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("jammed")
    page.keyboard.press("Enter")
    page.wait_for_selector(".done")
    assert "explained as breakdown" in page.locator(".done").inner_text()
