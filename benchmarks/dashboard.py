"""Dashboard and morning report speed on a generated plant (server side, no browser).

    python benchmarks/dashboard.py [--machines 200] [--days 2] [--db URL]

Prints server-side medians of the dashboard's requests (in-process HTTP, no network):
the overview (served from the floor monitor's snapshot) and the same status computed
afresh, a line page, the site-day report as HTML and PDF, beside the baseline measured
in the same run: `obeya kpi oee --scope site --by machine` over 24 h (the KPI engine).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from obeya.bootstrap import bootstrap
from obeya.services.events import ingest_payload
from obeya.services.floor import floor_status
from obeya.services.kpi import oee
from obeya.services.plant import init_database
from obeya.web.site import build_app

EVERY_DAY = "[mon, tue, wed, thu, fri, sat, sun]"
STATES = ["running"] * 6 + ["down", "idle", "setup"]


def plant_text(machines: int) -> str:
    lines = []
    for line in range(machines // 10):
        members = ", ".join(f"{{id: M{line}-{m}, name: M {m}}}" for m in range(10))
        lines.append(
            f"      - {{id: L{line}, name: Line {line}, oee_target: 0.7, machines: [{members}]}}"
        )
    return "\n".join([
        "obeya: 1",
        "site: {id: bench, name: Bench Works, timezone: Europe/Berlin}",
        "calendar:",
        "  shifts:",
        f'    - {{id: early, start: "06:00", end: "14:00", days: {EVERY_DAY}}}',
        f'    - {{id: late, start: "14:00", end: "22:00", days: {EVERY_DAY}}}',
        "areas:",
        "  - id: hall",
        "    lines:",
        *lines,
        "reasons:",
        "  - {code: breakdown, category: unplanned}",
        "products:",
        "  - {id: P1, name: Part, routing: [{step: 10, machines: {M0-0: 30}}]}",
    ]) + "\n"  # fmt: skip


def history(machines: list[str], start: datetime, days: int, seed: int) -> list[dict[str, object]]:
    chooser = random.Random(seed)
    found: list[dict[str, object]] = []
    for machine in machines:
        moment = start
        while moment < start + timedelta(days=days):
            stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
            state = chooser.choice(STATES)
            found.append({"id": f"{machine}-{len(found)}", "ts": stamp, "machine": machine,
                          "kind": "state", "state": state})  # fmt: skip
            if state == "running":
                found.append({"id": f"{machine}-c{len(found)}", "ts": stamp, "machine": machine,
                              "kind": "count", "good": 20, "scrap": 1})  # fmt: skip
            moment += timedelta(minutes=chooser.randint(10, 40))
    return found


def median_s(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--machines", type=int, default=200)
    parser.add_argument("--days", type=int, default=2)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    runtime = bootstrap(url)
    init_database(runtime, plant_text(args.machines), source="bench plant")
    now = datetime.now(UTC).replace(microsecond=0)
    machines = [machine.id for machine in runtime.plant().machines]
    events = history(machines, now - timedelta(days=args.days), args.days, seed=1)
    began = time.perf_counter()
    for index in range(0, len(events), 10_000):
        ingest_payload(runtime, json.dumps(events[index : index + 10_000]).encode())
    print(f"{url}: {args.machines} machines, {args.days} days, {len(events)} events "
          f"(written in {time.perf_counter() - began:.0f} s)")  # fmt: skip
    day = (now - timedelta(days=1)).date().isoformat()
    start_at, end_at = (now - timedelta(days=1)), now
    app = build_app(runtime, auth_enabled=False)
    with TestClient(app) as client:

        def get(path: str) -> None:
            assert client.get(path).status_code == 200, path

        get("/")
        overview = median_s(lambda: get("/"), 20)
        app.state.floor_monitor.stop()  # its refreshes would compete with what follows
        figures = {
            "baseline: kpi oee site by machine, 24 h": median_s(
                lambda: oee(runtime, "site", start_at, end_at, "machine", now), 5
            ),
            "overview GET / (monitor snapshot)": overview,
            "overview status computed afresh": median_s(lambda: floor_status(runtime), 3),
            "line page GET /lines/L0": median_s(lambda: get(f"/lines/L0?date={day}"), 5),
            "site-day report GET /reports (HTML)": median_s(lambda: get(f"/reports?date={day}"), 3),
            "site-day report GET /reports.pdf": median_s(
                lambda: get(f"/reports.pdf?date={day}"), 2
            ),
        }
    baseline = figures["baseline: kpi oee site by machine, 24 h"]
    for name, seconds in figures.items():
        print(f"{name:42s} median {seconds * 1000:8.1f} ms  ({seconds / baseline:5.2f} x baseline)")


if __name__ == "__main__":
    main()
