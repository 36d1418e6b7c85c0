"""The KPI ledger cache: one machine's time ledger per slot, kept up to date from events.

Three derived tables (rebuildable from events at any time, see docs/kpi.md):
- `kpi_slot_ledgers (machine_id, start_us) -> end_us, ledger columns`: the ledger of a
  finished slot (integers in `KPI_LEDGER_COLUMNS` order);
- `kpi_dirty (machine_id) -> from_us, marks`: the earliest instant touched by events
  appended since the machine's slots were last checked (`marks` counts the marks so a
  reader clears only the marks it has seen);
- `kpi_cache_meta (name) -> value`: what the ledgers were computed with (the plant
  file's fingerprint, the work order -> product map).

`EventStore.append` calls `mark_appended`; readers call `invalidate` before `read`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import psycopg
from sqlalchemy import Connection

from obeya.storage.event_rows import COLUMNS, Row
from obeya.storage.tables import KPI_LEDGER_COLUMNS

SlotRow = tuple[int, ...]
"""`(start_us, end_us, *ledger values)` of one stored slot."""

_TS, _MACHINE, _KIND, _STOP = (
    COLUMNS.index(name) for name in ("ts_us", "machine_id", "kind", "stop_us")
)
_KPI_KINDS = frozenset(("state", "count", "order"))
_VALUES = ", ".join(KPI_LEDGER_COLUMNS)
_BUSY = (sqlite3.OperationalError, psycopg.OperationalError)


class KpiCacheBusy(Exception):
    """The cache tables cannot be written now (SQLite locked, PostgreSQL deadlock).

    The caller rolls back and may answer from events alone: the cache is an optimisation.
    """


def earliest_touched(rows: Iterable[Row]) -> dict[str, int]:
    """Per machine, the earliest instant (µs) the OEE of these event rows can change.

    State, count and order events change time from their `ts_us` on; a reason
    assignment from the start of the stop it names (`stop_us`). Other kinds
    (measurements) change no KPI of the ledger.
    """
    earliest: dict[str, int] = {}
    for row in rows:
        kind = row[_KIND]
        if kind in _KPI_KINDS:
            moment = row[_TS]
        elif kind == "reason" and row[_STOP] is not None:
            moment = row[_STOP]
        else:
            continue
        machine = row[_MACHINE]
        earliest[machine] = min(moment, earliest.get(machine, moment))
    return earliest


class KpiCache:
    """The ledger cache's tables on one connection (the caller commits)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._sqlite = connection.dialect.name == "sqlite"
        self._mark = "?" if self._sqlite else "%s"

    def _cursor(self) -> Any:
        return self._connection.connection.driver_connection.cursor()  # type: ignore[union-attr]

    def _run(self, query: str, parameters: Sequence[Any] = ()) -> list[Any]:
        cursor = self._cursor()
        try:
            cursor.execute(query.replace("?", self._mark), tuple(parameters))
            return list(cursor.fetchall()) if cursor.description else []
        except _BUSY as error:
            raise KpiCacheBusy(str(error)) from error
        finally:
            cursor.close()

    def _run_many(self, query: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        cursor = self._cursor()
        try:
            cursor.executemany(query.replace("?", self._mark), rows)
        except _BUSY as error:
            raise KpiCacheBusy(str(error)) from error
        finally:
            cursor.close()

    def mark_appended(self, rows: Sequence[Row], inserted: int) -> None:
        """Mark machines dirty from the earliest instant `rows` touch (none if nothing new).

        With some rows duplicates the whole batch marks (conservative: a mark only makes
        the next query recompute more, never answer wrong).
        """
        if not inserted:
            return
        self.mark(earliest_touched(rows))

    def mark(self, earliest: Mapping[str, int]) -> None:
        """Upsert dirty marks, keeping the earliest instant per machine (machine order
        is sorted so concurrent writers lock rows in the same order)."""
        least = "min" if self._sqlite else "LEAST"
        query = (
            "INSERT INTO kpi_dirty (machine_id, from_us, marks) VALUES (?, ?, 1) "
            "ON CONFLICT (machine_id) DO UPDATE SET "
            f"from_us = {least}(kpi_dirty.from_us, excluded.from_us), "
            "marks = kpi_dirty.marks + 1"
        )
        self._run_many(query, sorted(earliest.items()))

    def invalidate(self, machine_ids: Sequence[str]) -> int:
        """Drop the stored slots and state intervals the dirty marks of these machines touch,
        then clear the marks.

        A slot is stale when it ends after the mark. Returns how many machines were dirty.
        """
        if not machine_ids:
            return 0
        marks = ", ".join("?" for _ in machine_ids)
        found = self._run(
            f"SELECT machine_id, from_us, marks FROM kpi_dirty WHERE machine_id IN ({marks})",
            machine_ids,
        )
        for machine_id, from_us, count in sorted(found):
            self._run(
                "DELETE FROM kpi_slot_ledgers WHERE machine_id = ? AND end_us > ?",
                (machine_id, from_us),
            )
            self._run(
                "DELETE FROM state_intervals WHERE machine_id = ? AND end_us > ?",
                (machine_id, from_us),
            )
            self._run(
                "DELETE FROM kpi_dirty WHERE machine_id = ? AND marks = ?", (machine_id, count)
            )
        return len(found)

    def read(
        self, machine_ids: Sequence[str], start_us: int, end_us: int
    ) -> dict[str, list[SlotRow]]:
        """Stored slots lying inside `[start_us, end_us)`, per machine in time order."""
        found: dict[str, list[SlotRow]] = {machine: [] for machine in machine_ids}
        if not machine_ids:
            return found
        marks = ", ".join("?" for _ in machine_ids)
        rows = self._run(
            f"SELECT machine_id, start_us, end_us, {_VALUES} FROM kpi_slot_ledgers "
            f"WHERE machine_id IN ({marks}) AND start_us >= ? AND end_us <= ? "
            "ORDER BY machine_id, start_us",
            (*machine_ids, start_us, end_us),
        )
        for row in rows:
            found[row[0]].append(tuple(row[1:]))
        return found

    def store(self, rows: Sequence[tuple[str, int, int, Sequence[int]]]) -> None:
        """Store `(machine_id, start_us, end_us, ledger values)`; a slot already stored
        (by a concurrent query) is kept. Rows go in key order so writers never deadlock."""
        columns = f"machine_id, start_us, end_us, {_VALUES}"
        places = ", ".join("?" for _ in range(3 + len(KPI_LEDGER_COLUMNS)))
        self._run_many(
            f"INSERT INTO kpi_slot_ledgers ({columns}) VALUES ({places}) "
            "ON CONFLICT (machine_id, start_us) DO NOTHING",
            sorted((machine, start, end, *values) for machine, start, end, values in rows),
        )

    def clear(self) -> None:
        """Forget every stored slot and mark (the next queries rebuild from events)."""
        for table in ("kpi_slot_ledgers", "state_intervals", "kpi_dirty", "kpi_cache_meta"):
            self._run(f"DELETE FROM {table}")

    def meta(self, name: str) -> str | None:
        """A stored setting of the cache (None when absent)."""
        rows = self._run("SELECT value FROM kpi_cache_meta WHERE name = ?", (name,))
        return str(rows[0][0]) if rows else None

    def set_meta(self, name: str, value: str) -> None:
        """Store a setting of the cache."""
        self._run(
            "INSERT INTO kpi_cache_meta (name, value) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (name, value),
        )

    def order_starts(self, order_ids: Sequence[str]) -> dict[str, int]:
        """Per machine, the earliest order event of these work orders (µs)."""
        if not order_ids:
            return {}
        marks = ", ".join("?" for _ in order_ids)
        rows = self._run(
            "SELECT machine_id, MIN(ts_us) FROM events "
            f"WHERE kind = 'order' AND order_id IN ({marks}) GROUP BY machine_id",
            order_ids,
        )
        return {str(machine): int(moment) for machine, moment in rows}
