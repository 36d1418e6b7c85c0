"""A real server on a free port over a temporary SQLite database, and chromium to drive it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from obeya.bootstrap import bootstrap
from obeya.services.orders import import_orders
from obeya.services.plant import init_database
from obeya.services.runtime import Runtime
from obeya.web.site import build_app

REPOSITORY = Path(__file__).resolve().parents[3]
FIXTURES = REPOSITORY / "tests" / "fixtures"
SCREENSHOTS = REPOSITORY / "test-artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Site:
    """The running dashboard: its base URL and the runtime behind it."""

    def __init__(self, url: str, runtime: Runtime) -> None:
        self.url = url
        self.runtime = runtime


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    runtime = bootstrap(f"sqlite:///{tmp_path / 'obeya.db'}")
    plant = FIXTURES / "plant_round_the_clock.yaml"
    init_database(runtime, plant.read_text(), source=plant.name)
    import_orders(runtime, FIXTURES / "orders_good.csv")
    port = _free_port()
    config = uvicorn.Config(
        build_app(runtime, auth_enabled=False), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield Site(f"http://127.0.0.1:{port}", runtime)
    server.should_exit = True
    server.force_exit = True
    thread.join(timeout=5)


@pytest.fixture
def page(site: Site) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.console_errors = []
        tab.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))
        tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))
        yield tab
        context.close()
        browser.close()
