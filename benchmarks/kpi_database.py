"""OEE by shift from the database: obeya's query path beside the bare driver fetch.

Builds a plant of M machines on one line with three shifts, fills the ledger with
state events (one every `--gap` seconds per machine, random states) and a count per
hour, then times:
- obeya: `services.kpi.oee(scope=site, by=shift)` over the whole period, and a single
  line-day (`by=machine`);
- baseline: the driver alone fetching the same state rows (no classification).
Medians of --repeat runs.

    python benchmarks/kpi_database.py [--machines 100] [--days 90] [--gap 78] [--db URL]

100 machines x 90 days at one state event per 78 s is about 10 million events.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from obeya.bootstrap import bootstrap
from obeya.services import kpi
from obeya.services.plant import init_database
from obeya.storage.event_rows import COLUMNS

STATES = ("running", "running", "running", "idle", "down", "setup")
REASONS = (None, "tool-breakage", "changeover", None)


def plant_text(machines: int) -> str:
    rows = "\n".join(f"          - {{id: M{n:03d}, name: Machine {n}}}" for n in range(machines))
    cycles = ", ".join(f"M{n:03d}: 30" for n in range(machines))
    return f"""obeya: 1
site: {{id: bench, name: Bench Works, timezone: Europe/Berlin}}
calendar:
  shifts:
    - {{id: early, start: "06:00", end: "14:00", days: [mon, tue, wed, thu, fri],
       breaks: [{{start: "09:00", minutes: 15}}, {{start: "12:00", minutes: 30}}]}}
    - {{id: late, start: "14:00", end: "22:00", days: [mon, tue, wed, thu, fri]}}
    - {{id: night, start: "22:00", end: "06:00", days: [mon, tue, wed, thu, fri]}}
areas:
  - id: hall
    lines:
      - id: L1
        name: Line 1
        machines:
{rows}
reasons:
  - {{code: tool-breakage, category: unplanned}}
  - {{code: changeover, category: setup}}
products:
  - id: P
    name: Part
    routing:
      - step: 10
        machines: {{{cycles}}}
"""


def fill(runtime: object, machines: int, start: datetime, days: int, gap_s: int) -> int:
    rng = random.Random(1)
    engine = runtime.engine  # type: ignore[attr-defined]
    start_us = int(start.timestamp()) * 1_000_000
    total = 0
    marks = ", ".join("?" if engine.dialect.name == "sqlite" else "%s" for _ in COLUMNS)
    for machine in range(machines):
        rows = []
        for step in range(days * 86400 // gap_s):
            ts = start_us + (step * gap_s + rng.randrange(gap_s)) * 1_000_000
            rows.append(
                (f"m{machine}-{step}", ts, f"M{machine:03d}", "state", rng.choice(STATES),
                 rng.choice(REASONS), None, None, None, None, None, None, None, None, None,
                 None, None, 0)
            )
        for hour in range(days * 24):
            ts = start_us + hour * 3_600_000_000
            rows.append(
                (f"c{machine}-{hour}", ts, f"M{machine:03d}", "count", None, None, 100, 2, 0,
                 "P", None, None, None, None, None, None, None, 0)
            )
        with engine.begin() as connection:
            driver = connection.connection.driver_connection
            cursor = driver.cursor()
            cursor.executemany(f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES ({marks})", rows)
            cursor.close()
        total += len(rows)
    return total


def raw_fetch(runtime: object, start_us: int, end_us: int) -> int:
    engine = runtime.engine  # type: ignore[attr-defined]
    mark = "?" if engine.dialect.name == "sqlite" else "%s"
    with engine.connect() as connection:
        cursor = connection.connection.driver_connection.cursor()
        cursor.execute(
            f"SELECT ts_us, event_id, state, reason FROM events WHERE kind = 'state' "
            f"AND ts_us >= {mark} AND ts_us < {mark} ORDER BY machine_id, ts_us",
            (start_us, end_us),
        )
        count = len(cursor.fetchall())
        cursor.close()
    return count


def median_time(function: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--machines", type=int, default=100)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--gap", type=int, default=78, help="seconds between state events")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", default=None, help="database URL (default: a new SQLite file)")
    options = parser.parse_args()
    url = options.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'kpi.db'}"
    runtime = bootstrap(url)
    init_database(runtime, plant_text(options.machines), source="bench plant")
    start = datetime(2026, 6, 1, tzinfo=UTC)
    end = start + timedelta(days=options.days)
    with runtime.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM events")
    started = time.perf_counter()
    events = fill(runtime, options.machines, start, options.days, options.gap)
    print(f"{url.split(':')[0]}: {events:,} events written in {time.perf_counter() - started:.0f} s")
    site = median_time(lambda: kpi.oee(runtime, "site", start, end, "shift"), options.repeat)
    day_start = start + timedelta(days=options.days // 2)
    line_day = median_time(
        lambda: kpi.oee(runtime, "line:L1", day_start, day_start + timedelta(days=1), "machine"),
        options.repeat,
    )
    raw = median_time(
        lambda: raw_fetch(runtime, int(start.timestamp() * 1e6), int(end.timestamp() * 1e6)),
        options.repeat,
    )
    print(f"  OEE by shift, whole site, {options.days} days: {site:.2f} s (median)")
    print(f"  driver alone fetching the same state rows:  {raw:.2f} s  (ratio {site / raw:.2f})")
    print(f"  one line-day by machine:                     {line_day * 1000:.0f} ms")


if __name__ == "__main__":
    main()
