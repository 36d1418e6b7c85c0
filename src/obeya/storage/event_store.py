"""The append-only event ledger: idempotent bulk appends and reads for the KPI engine.

An event whose id is already stored is a duplicate and changes nothing. Appends use the
fastest path each database offers (SQLite `INSERT OR IGNORE` through the driver,
PostgreSQL `COPY` into a staging table then `INSERT ... ON CONFLICT DO NOTHING`); both
count exactly how many rows were new.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from obeya.domain.events import IngestResult, RejectedEvent, ShopFloorEvent
from obeya.storage.event_rows import COLUMNS, Row, from_row, to_row
from obeya.storage.kpi_cache import KpiCache
from obeya.storage.tables import events, rejected_events

_COLUMN_LIST = ", ".join(COLUMNS)
_STAGING_DDL = (
    "CREATE TEMP TABLE IF NOT EXISTS events_staging "
    "(LIKE events INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
)


def now_us() -> int:
    """The current instant in epoch microseconds."""
    return time.time_ns() // 1000


class EventStore:
    """Events and rejected inputs on one connection (the caller commits)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def append(
        self, batch: Sequence[ShopFloorEvent], rejected: Sequence[RejectedEvent] = ()
    ) -> IngestResult:
        """Insert the new events of `batch`, count duplicates, keep the rejects."""
        received = now_us()
        unique: dict[str, Row] = {}
        for item in batch:
            unique.setdefault(item.event_id, to_row(item, received))
        rows = list(unique.values())
        inserted = self._insert(rows) if rows else 0
        KpiCache(self._connection).mark_appended(rows, inserted)
        self._keep_rejected(rejected, received)
        errors = tuple(_describe(item) for item in rejected)
        return IngestResult(inserted, len(batch) - inserted, len(rejected), errors)

    def _insert(self, rows: list[Row]) -> int:
        dialect = self._connection.dialect.name
        driver: Any = self._connection.connection.driver_connection
        if dialect == "sqlite":
            before = driver.total_changes
            placeholders = ", ".join("?" for _ in COLUMNS)
            driver.executemany(
                f"INSERT OR IGNORE INTO events ({_COLUMN_LIST}) VALUES ({placeholders})", rows
            )
            return int(driver.total_changes - before)
        with driver.cursor() as cursor:
            cursor.execute(_STAGING_DDL)
            with cursor.copy(f"COPY events_staging ({_COLUMN_LIST}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO events ({_COLUMN_LIST}) SELECT {_COLUMN_LIST} FROM events_staging "
                "ON CONFLICT (event_id) DO NOTHING"
            )
            inserted = cursor.rowcount
            cursor.execute("TRUNCATE events_staging")
            return int(inserted)

    def _keep_rejected(self, rejected: Sequence[RejectedEvent], received: int) -> None:
        if not rejected:
            return
        self._connection.execute(
            rejected_events.insert(),
            [
                {
                    "received_us": received,
                    "source": item.source[:256],
                    "event_id": None if item.event_id is None else item.event_id[:128],
                    "reason": item.reason,
                    "raw": item.raw,
                }
                for item in rejected
            ],
        )

    def count(self) -> int:
        """How many events the ledger holds."""
        return int(self._connection.execute(select(func.count()).select_from(events)).scalar_one())

    def for_machines(
        self, machine_ids: Iterable[str], start_us: int, end_us: int
    ) -> list[ShopFloorEvent]:
        """Events the KPI engine needs for these machines and `[start, end)`.

        Every event inside the window, plus per machine the last state event and the
        last order event before the window (the state and order then in force), plus
        reason assignments made later for stops inside the window.
        """
        ids = list(machine_ids)
        if not ids:
            return []
        columns = [events.c[name] for name in COLUMNS]
        inside = and_(events.c.ts_us >= start_us, events.c.ts_us < end_us)
        late_reasons = and_(events.c.kind == "reason", events.c.stop_us < end_us)
        query = select(*columns).where(events.c.machine_id.in_(ids), or_(inside, late_reasons))
        rows = list(self._connection.execute(query))
        rows.extend(self._last_before(ids, start_us, "state"))
        rows.extend(self._last_before(ids, start_us, "order"))
        return [from_row(row) for row in rows]

    def _last_before(self, ids: list[str], start_us: int, kind: str) -> list[Any]:
        """Per machine, the newest event of `kind` before `start_us` (one index probe each)."""
        columns = [events.c[name] for name in COLUMNS]
        rows: list[Any] = []
        for machine_id in ids:
            query = (
                select(*columns)
                .where(
                    events.c.machine_id == machine_id,
                    events.c.kind == kind,
                    events.c.ts_us < start_us,
                )
                .order_by(events.c.ts_us.desc(), events.c.event_id.desc())
                .limit(1)
            )
            rows.extend(self._connection.execute(query))
        return rows

    def latest_states(self) -> dict[str, ShopFloorEvent]:
        """Each machine's newest state event."""
        latest = (
            select(events.c.machine_id, func.max(events.c.ts_us).label("ts_us"))
            .where(events.c.kind == "state")
            .group_by(events.c.machine_id)
            .subquery()
        )
        columns = [events.c[name] for name in COLUMNS]
        query = select(*columns).join(
            latest,
            and_(
                events.c.machine_id == latest.c.machine_id,
                events.c.ts_us == latest.c.ts_us,
                events.c.kind == "state",
            ),
        )
        return {row.machine_id: from_row(row) for row in self._connection.execute(query)}

    def rejected(self, limit: int = 100) -> list[dict[str, Any]]:
        """The newest rejected inputs, newest first."""
        query = select(rejected_events).order_by(rejected_events.c.id.desc()).limit(limit)
        return [dict(row._mapping) for row in self._connection.execute(query)]


def _describe(item: RejectedEvent) -> str:
    where = f"{item.source}: " if item.source else ""
    return f"{where}{item.reason}"
