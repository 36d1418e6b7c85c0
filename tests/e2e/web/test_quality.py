"""Quality in chromium: alarms appear by themselves, charts draw, acknowledging clears the list."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from tests.e2e.web.conftest import SCREENSHOTS, Site
from tests.integration.quality_web.conftest import add_diameter, in_control, shifted

pytestmark = pytest.mark.browser


def post_measurements(site: Site, events: list[dict[str, Any]]) -> None:
    response = httpx.post(f"{site.url}/api/v1/events", json=events, timeout=30)
    assert response.status_code < 300, response.text


def test_the_line_page_shows_the_chart_and_the_alarm_after_out_of_limit_measurements(
    site: Site, page: Any
) -> None:
    add_diameter(site.runtime)
    post_measurements(site, in_control() + shifted())
    page.goto(site.url + "/")  # nobody runs the monitor: the SPC watcher raises the alarm
    page.wait_for_selector("#alarm-counts a[href='/lines/L1#quality']", timeout=10_000)
    page.click("#alarm-counts a[href='/lines/L1#quality']")
    page.wait_for_selector(".spc-chart canvas")
    assert "we-1: a point beyond the control limits" in page.locator(".violations").inner_text()
    alarm = page.locator(".open-alarms").inner_text()
    assert "subgroup 21" in alarm and "we-1" in alarm
    page.screenshot(path=str(SCREENSHOTS / "line-quality.png"), full_page=True)
    assert page.console_errors == []


def test_the_quality_page_loads_with_no_console_errors(site: Site, page: Any) -> None:
    add_diameter(site.runtime)
    post_measurements(site, in_control() + shifted())
    response = page.goto(site.url + "/quality")
    assert response.status == 200
    page.wait_for_selector("#histogram canvas")
    page.wait_for_selector(".spc-chart canvas")
    assert "Cpk" in page.locator("#capability").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "quality.png"), full_page=True)
    assert page.console_errors == []


def test_an_alarm_acknowledged_on_the_line_page_leaves_the_open_list(site: Site, page: Any) -> None:
    add_diameter(site.runtime)
    post_measurements(site, in_control() + shifted())
    page.goto(site.url + "/lines/L1")
    for _ in range(50):  # the watcher raises the alarm within a few seconds
        if page.locator(".open-alarms").count():
            break
        page.wait_for_timeout(200)
        page.reload()
    page.get_by_role("button", name="Acknowledge alarm").first.click()
    page.wait_for_url("**/lines/L1#quality")
    assert page.locator(".open-alarms").count() == 0
    assert "No open alarm." in page.locator(".spc").inner_text()
    assert page.console_errors == []
