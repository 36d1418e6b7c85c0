"""Bulk event ingestion into SQLite and PostgreSQL, beside the bare driver.

Writes N synthetic CONTRACTS section 2 events as a JSONL file, then measures:
- obeya: `ingest_file` (parse, validate, batch) into the real storage sink;
- baseline: the same rows inserted with the driver alone (sqlite3 executemany /
  psycopg COPY) into a table of the same shape, no parsing, no validation.
Prints events/s of each, and the ratio obeya / baseline, median of --repeat runs.

    python benchmarks/ingest_database.py [--events 200000] [--repeat 3] [--postgres URL]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from obeya.domain.events import RejectedEvent
from obeya.ingest.files import ingest_file, read_jsonl
from obeya.storage import DatabaseEventSink, migrate, open_engine
from obeya.storage.event_rows import COLUMNS, to_row

MACHINES = [f"M{number:03d}" for number in range(100)]
STATES = ["running", "idle", "down", "setup", "running", "running"]


def write_events(path: Path, count: int) -> None:
    """Synthetic state and count events, 10 s apart per machine."""
    with path.open("w") as out:
        for number in range(count):
            machine = MACHINES[number % len(MACHINES)]
            second = number // len(MACHINES) * 10
            stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1_790_000_000 + second))
            event: dict[str, object] = {"id": f"b-{number}", "ts": stamp, "machine": machine}
            if number % 4 == 3:
                event.update(kind="count", good=5, scrap=number % 2)
            else:
                event.update(kind="state", state=STATES[number % len(STATES)])
            out.write(json.dumps(event) + "\n")


def obeya_rate(path: Path, url: str, count: int) -> float:
    engine = open_engine(url)
    migrate(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM events")
    started = time.perf_counter()
    result = ingest_file(path, "jsonl", DatabaseEventSink(engine), known_machines=set(MACHINES))
    elapsed = time.perf_counter() - started
    assert result.accepted == count, result
    engine.dispose()
    return count / elapsed


def _rows(path: Path) -> list[tuple[object, ...]]:
    return [to_row(item, 0) for item in read_jsonl(path) if not isinstance(item, RejectedEvent)]


def sqlite_baseline(rows: list[tuple[object, ...]], folder: Path) -> float:
    connection = sqlite3.connect(folder / f"raw-{uuid.uuid4().hex}.db")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    columns = ", ".join(COLUMNS)
    connection.execute(f"CREATE TABLE raw (seq INTEGER PRIMARY KEY, {columns})")
    connection.execute("CREATE UNIQUE INDEX raw_id ON raw (event_id)")
    connection.execute("CREATE INDEX raw_mkt ON raw (machine_id, kind, ts_us)")
    marks = ", ".join("?" for _ in COLUMNS)
    started = time.perf_counter()
    for start in range(0, len(rows), 5000):
        chunk = rows[start : start + 5000]
        connection.executemany(f"INSERT INTO raw ({columns}) VALUES ({marks})", chunk)
        connection.commit()
    elapsed = time.perf_counter() - started
    connection.close()
    return len(rows) / elapsed


def postgres_baseline(rows: list[tuple[object, ...]], url: str) -> float:
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    columns = ", ".join(COLUMNS)
    with psycopg.connect(plain) as connection:
        connection.execute("DROP TABLE IF EXISTS bench_raw")
        connection.execute("CREATE TABLE bench_raw (LIKE events INCLUDING ALL)")
        connection.commit()
        started = time.perf_counter()
        for start in range(0, len(rows), 5000):
            with (
                connection.cursor() as cursor,
                cursor.copy(f"COPY bench_raw ({columns}) FROM STDIN") as copy,
            ):
                for row in rows[start : start + 5000]:
                    copy.write_row(row)
            connection.commit()
        elapsed = time.perf_counter() - started
        connection.execute("DROP TABLE bench_raw")
        connection.commit()
    return len(rows) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="obeya-bench-"))
    path = folder / "events.jsonl"
    write_events(path, options.events)
    rows = _rows(path)
    print(f"{options.events:,} events, median of {options.repeat} runs")
    targets = [("sqlite", f"sqlite:///{folder / 'obeya.db'}"), ("postgresql", options.postgres)]
    for name, url in targets:
        ours = [obeya_rate(path, url, options.events) for _ in range(options.repeat)]
        if name == "sqlite":
            raw = [sqlite_baseline(rows, folder) for _ in range(options.repeat)]
        else:
            raw = [postgres_baseline(rows, url) for _ in range(options.repeat)]
        mine, base = statistics.median(ours), statistics.median(raw)
        print(
            f"{name:10s} obeya {mine:>10,.0f} events/s   driver alone {base:>10,.0f} events/s"
            f"   ratio {mine / base:.2f}"
        )


if __name__ == "__main__":
    main()
