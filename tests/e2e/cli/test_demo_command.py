"""`obeya demo`: the README's main job, on both databases and as a running server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from tests.e2e.cli.conftest import Obeya


def test_the_demo_writes_a_plant_orders_and_history_that_the_kpis_read(obeya: Obeya) -> None:
    first = obeya("demo", "--no-serve", "--history-days", "7")
    assert first.code == 0, first.stderr
    assert "15 machines" in first.stderr
    orders = obeya("orders", "list", "--json").json()["orders"]
    statuses = {order["status"] for order in orders}
    assert {"completed", "released"} <= statuses
    now = datetime.now(UTC).replace(microsecond=0)
    window = ("--from", (now - timedelta(days=7)).isoformat(), "--to", now.isoformat())
    oee = obeya("kpi", "oee", "--scope", "site", *window, "--json").json()["total"]
    assert oee["pq"] > 0 and oee["apt_s"] > 0
    assert 0 < oee["oee"] < 1
    again = obeya("demo", "--no-serve", "--history-days", "7")
    assert again.code == 0, again.stderr
    assert len(obeya("orders", "list", "--json").json()["orders"]) == len(orders)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_demo_serves_the_dashboard_and_the_api(tmp_path: Path) -> None:
    port = _free_port()
    command = [sys.executable, "-m", "obeya.cli.main", "demo", "--port", str(port)]
    command += ["--history-days", "1", "--db", f"sqlite:///{tmp_path / 'demo.db'}"]
    server = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy()
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
                break
            except httpx.HTTPError:
                assert server.poll() is None, "the demo exited instead of serving"
                assert time.monotonic() < deadline, "the demo did not start serving"
                time.sleep(0.5)
        assert health.json()["database"] == "ok"
        overview = httpx.get(f"http://127.0.0.1:{port}/", timeout=10)
        assert overview.status_code == 200
        assert "L1-CNC1" in overview.text and "Demo" in overview.text
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(30)
