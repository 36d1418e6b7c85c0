"""Reads for the KPI engine that build no event objects: rows straight from the driver.

Months of state events are millions of rows; the KPI engine takes them as plain
tuples `(ts_us, event_id, state, reason)` per machine, in time order, and turns them
into arrays. Counts, order marks and reason assignments are far fewer and are read as
domain events.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

from obeya.domain.events import ShopFloorEvent
from obeya.storage.event_rows import COLUMNS, from_row
from obeya.storage.kpi_cache import KpiCache

StateRow = tuple[int, str, str, str | None]

# The state(s) at the latest instant before the window: two index probes, no sort (the
# engine keeps the last by id when several share the instant).
_LAST_STATE = (
    "SELECT ts_us, event_id, state, reason FROM events "
    "WHERE machine_id = {mark} AND kind = 'state' AND ts_us = (SELECT ts_us FROM events "
    "WHERE machine_id = {mark} AND kind = 'state' AND ts_us < {mark} "
    "ORDER BY ts_us DESC LIMIT 1)"
)
_STATES = (
    "SELECT ts_us, event_id, state, reason FROM events "
    "WHERE machine_id = {mark} AND kind = 'state' AND ts_us >= {mark} AND ts_us < {mark} "
    "ORDER BY ts_us, event_id"
)


class KpiReads:
    """Per-machine reads on one connection; `cache` is the ledger cache on it."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self.cache = KpiCache(connection)
        self._mark = "?" if connection.dialect.name == "sqlite" else "%s"

    def _cursor(self) -> Any:
        return self._connection.connection.driver_connection.cursor()  # type: ignore[union-attr]

    def state_rows(self, machine_id: str, start_us: int, end_us: int) -> list[StateRow]:
        """The state in force at `start_us` and every state event until `end_us`, in order."""
        cursor = self._cursor()
        try:
            cursor.execute(_LAST_STATE.format(mark=self._mark), (machine_id, machine_id, start_us))
            rows: list[StateRow] = list(cursor.fetchall())
            cursor.execute(_STATES.format(mark=self._mark), (machine_id, start_us, end_us))
            rows.extend(cursor.fetchall())
        finally:
            cursor.close()
        return rows

    def state_rows_of(
        self, machine_ids: Sequence[str], start_us: int, end_us: int
    ) -> dict[str, list[StateRow]]:
        """`state_rows` of several machines (one indexed probe and range per machine: an
        `IN` list lets PostgreSQL pick another index when statistics are stale)."""
        return {machine: self.state_rows(machine, start_us, end_us) for machine in machine_ids}

    def production_events(
        self, machine_ids: Sequence[str], start_us: int, end_us: int
    ) -> list[ShopFloorEvent]:
        """Counts in the window, order marks in it and the last one before, as events."""
        marks = ", ".join(self._mark for _ in machine_ids)
        columns = ", ".join(COLUMNS)
        inside = (
            f"SELECT {columns} FROM events WHERE machine_id IN ({marks}) "
            f"AND kind IN ('count', 'order') AND ts_us >= {self._mark} AND ts_us < {self._mark}"
        )
        before = (
            f"SELECT {columns} FROM events e WHERE e.machine_id IN ({marks}) AND e.kind = 'order' "
            f"AND e.ts_us = (SELECT MAX(ts_us) FROM events f WHERE f.machine_id = e.machine_id "
            f"AND f.kind = 'order' AND f.ts_us < {self._mark})"
        )
        cursor = self._cursor()
        try:
            cursor.execute(inside, (*machine_ids, start_us, end_us))
            rows = list(cursor.fetchall())
            cursor.execute(before, (*machine_ids, start_us))
            rows.extend(cursor.fetchall())
        finally:
            cursor.close()
        return [from_row(row) for row in rows]

    def reason_events(self, machine_ids: Sequence[str], end_us: int) -> list[ShopFloorEvent]:
        """Every reason assignment of these machines for stops that began before `end_us`."""
        marks = ", ".join(self._mark for _ in machine_ids)
        query = (
            f"SELECT {', '.join(COLUMNS)} FROM events WHERE machine_id IN ({marks}) "
            f"AND kind = 'reason' AND stop_us < {self._mark}"
        )
        cursor = self._cursor()
        try:
            cursor.execute(query, (*machine_ids, end_us))
            rows = list(cursor.fetchall())
        finally:
            cursor.close()
        return [from_row(row) for row in rows]
