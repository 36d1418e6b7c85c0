"""OEE by shift from the database: obeya's query path beside the bare driver fetch.

Builds a plant of M machines on one line with three shifts, fills the ledger with
state events (one every `--gap` seconds per machine, random states) and a count per
hour, then times:
- obeya with the ledger table (`services.kpi.oee(scope=site, by=shift)` over the whole
  period): the first query (cold: fills the table), the second (warm, median of
  --repeat), one after 1,000 new events appended through `EventStore.append`
  (incremental), and a single line-day (`by=machine`), cold and warm;
- baselines in the same run: the same answer computed from every event (the path
  without the table; it must equal the cached answer) and the driver alone fetching
  the same state rows (no classification).

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
from zoneinfo import ZoneInfo

from obeya.bootstrap import bootstrap
from obeya.domain.events import MachineState, StateChanged
from obeya.kpi.oee import oee_answer_from_series
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


def machine_rows(machine: int, start: datetime, days: int, gap_s: int) -> list[tuple[object, ...]]:
    """One machine's state events (one per `gap_s` seconds) and a count per hour."""
    rng = random.Random(machine)
    start_us = int(start.timestamp()) * 1_000_000
    rows: list[tuple[object, ...]] = []
    for step in range(days * 86400 // gap_s):
        ts = start_us + (step * gap_s + rng.randrange(gap_s)) * 1_000_000
        rows.append(
            (f"m{machine}-{step}", ts, f"M{machine:03d}", "state", rng.choice(STATES),
             rng.choice(REASONS), None, None, None, None, None, None, None, None, None,
             None, None, 0)
        )  # fmt: skip
    for hour in range(days * 24):
        ts = start_us + hour * 3_600_000_000
        rows.append(
            (f"c{machine}-{hour}", ts, f"M{machine:03d}", "count", None, None, 100, 2, 0,
             "P", None, None, None, None, None, None, None, 0)
        )  # fmt: skip
    return rows


def fill(runtime: object, machines: int, start: datetime, days: int, gap_s: int) -> int:
    """Write the events straight through the driver (COPY on PostgreSQL), machine by machine.

    This bypasses `EventStore.append` (no dirty marks): the ledger table starts empty.
    """
    engine = runtime.engine  # type: ignore[attr-defined]
    total = 0
    marks = ", ".join("?" for _ in COLUMNS)
    for machine in range(machines):
        rows = machine_rows(machine, start, days, gap_s)
        with engine.begin() as connection:
            driver = connection.connection.driver_connection
            if engine.dialect.name == "sqlite":
                driver.executemany(
                    f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES ({marks})", rows
                )
            else:
                with driver.cursor() as cursor:
                    columns = ", ".join(COLUMNS)
                    with cursor.copy(f"COPY events ({columns}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
        total += len(rows)
    return total


def new_events(machines: int, end: datetime, count: int) -> list[StateChanged]:
    """`count` state events spread over the machines during the last hours of the period."""
    rng = random.Random(2)
    return [
        StateChanged(
            f"new-{number}",
            end - timedelta(seconds=rng.randrange(1, 6 * 3600)),
            f"M{rng.randrange(machines):03d}",
            MachineState(rng.choice(STATES)),
        )
        for number in range(count)
    ]


def uncached(runtime: object, start: datetime, end: datetime) -> object:
    """Yesterday's path: every event of the window read and classified for each query."""
    plant = runtime.plant()  # type: ignore[attr-defined]
    series = kpi.machine_series(runtime, plant, "site", start, end)  # type: ignore[arg-type]
    return oee_answer_from_series(plant, "site", start, end, "shift", series)


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


def timed(function: object) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()  # type: ignore[operator]
    return time.perf_counter() - started, result


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
        for table in ("events", "kpi_slot_ledgers", "kpi_dirty", "kpi_cache_meta"):
            connection.exec_driver_sql(f"DELETE FROM {table}")
    started = time.perf_counter()
    events = fill(runtime, options.machines, start, options.days, options.gap)
    print(
        f"{url.split(':')[0]}: {events:,} events written in {time.perf_counter() - started:.0f} s"
    )
    local = (start + timedelta(days=options.days // 2)).astimezone(ZoneInfo("Europe/Berlin"))
    day_start = local.replace(hour=0).astimezone(UTC)  # a plant day: local midnights
    line_day = (day_start, day_start + timedelta(days=1))
    utc_day = (line_day[0] + timedelta(hours=2), line_day[1] + timedelta(hours=2))

    def site() -> object:
        return kpi.oee(runtime, "site", start, end, "shift")

    def one_line_day() -> object:
        return kpi.oee(runtime, "line:L1", *line_day, "machine")

    line_day_cold, _ = timed(one_line_day)
    utc_day_cold, _ = timed(lambda: kpi.oee(runtime, "line:L1", *utc_day, "machine"))
    cold, first = timed(site)
    warm = median_time(site, options.repeat)
    line_day_warm = median_time(one_line_day, options.repeat)
    utc_day_warm = median_time(
        lambda: kpi.oee(runtime, "line:L1", *utc_day, "machine"), options.repeat
    )
    runtime.sink().append(new_events(options.machines, end, 1000))
    incremental, _ = timed(site)
    before, expected = timed(lambda: uncached(runtime, start, end))
    raw = median_time(
        lambda: raw_fetch(runtime, int(start.timestamp() * 1e6), int(end.timestamp() * 1e6)),
        options.repeat,
    )
    assert first != expected or options.days == 0  # the 1,000 new events changed the answer
    assert site() == expected, "cached answer differs from the answer computed from events"
    print(f"  OEE by shift, whole site, {options.days} days ({options.machines} machines):")
    print(f"    first query (cold, fills the ledger table): {cold:7.2f} s")
    print(f"    second query (warm), median:                {warm:7.2f} s")
    print(f"    after 1,000 new events (incremental):       {incremental:7.2f} s")
    print(f"    baseline: without the table (every event):  {before:7.2f} s  "
          f"(warm is {before / warm:.0f}x faster)")  # fmt: skip
    print(f"    baseline: driver alone fetching state rows: {raw:7.2f} s  "
          f"(warm / fetch = {warm / raw:.2f})")  # fmt: skip
    print(f"  one line-day by machine (local midnight to midnight): cold "
          f"{line_day_cold * 1000:.0f} ms, warm {line_day_warm * 1000:.0f} ms (median)"
          )  # fmt: skip
    print(f"  one UTC day (cut inside two slots, computed from events): cold "
          f"{utc_day_cold * 1000:.0f} ms, warm {utc_day_warm * 1000:.0f} ms (median)")  # fmt: skip


if __name__ == "__main__":
    main()
