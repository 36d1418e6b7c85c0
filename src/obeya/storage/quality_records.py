"""Quality records: characteristics, SPC alarms, nonconformance reports, measurements.

Rows travel as plain dicts (the service layer shapes them). Alarms are idempotent: the
unique index on (characteristic, chart, subgroup, rule) makes a second insert of the
same signal a no-op on SQLite and PostgreSQL alike (`ON CONFLICT DO NOTHING`).
Measurements are read from the append-only `events` table (kind `measurement`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from obeya.domain.errors import ConflictError, InputError, NotFoundError
from obeya.storage.database import is_initialised
from obeya.storage.event_store import now_us
from obeya.storage.floor_records import _Records
from obeya.storage.tables import characteristics, events, nonconformance_reports, spc_alarms

_SIGNAL = ("characteristic_id", "chart", "subgroup", "rule")
_MEASUREMENT_COLUMNS = ("event_id", "ts_us", "machine_id", "characteristic", "value", "subgroup")


class Characteristics(_Records):
    """Measured product characteristics with their limits and chart settings."""

    table = characteristics

    def create(self, **values: Any) -> None:
        """Insert a characteristic; raises ConflictError when its id is taken."""
        if self.find(values["id"]) is not None:
            raise ConflictError(f"characteristic {values['id']!r} already exists")
        self._connection.execute(self.table.insert().values(created_us=now_us(), **values))

    def find(self, characteristic_id: str) -> dict[str, Any] | None:
        """The characteristic's row, or None."""
        query = select(self.table).where(self.table.c.id == characteristic_id)
        row = self._connection.execute(query).first()
        return None if row is None else dict(row._mapping)

    def get(self, characteristic_id: str) -> dict[str, Any]:
        """The characteristic's row; raises NotFoundError."""
        row = self.find(characteristic_id)
        if row is None:
            raise NotFoundError(f"no characteristic {characteristic_id!r}")
        return row

    def all(self) -> list[dict[str, Any]]:
        """Every characteristic, by id."""
        query = select(self.table).order_by(self.table.c.id)
        return [dict(row._mapping) for row in self._connection.execute(query)]


class SpcAlarms(_Records):
    """Rule violations recorded by the monitor; open while `acknowledged_us` is null."""

    table = spc_alarms

    def raise_once(self, **values: Any) -> bool:
        """Insert an alarm unless the same signal is stored; True when it was new."""
        dialect = self._connection.dialect.name
        builder = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = (
            builder(self.table)
            .values(raised_us=now_us(), **values)
            .on_conflict_do_nothing(index_elements=list(_SIGNAL))
            .returning(self.table.c.id)
        )
        return self._connection.execute(statement).first() is not None

    def signal(
        self, characteristic_id: str, chart: str, subgroup: str, rule: str
    ) -> dict[str, Any]:
        """The stored alarm of one signal; raises NotFoundError."""
        table = self.table
        query = select(table).where(
            table.c.characteristic_id == characteristic_id,
            table.c.chart == chart,
            table.c.subgroup == subgroup,
            table.c.rule == rule,
        )
        row = self._connection.execute(query).first()
        if row is None:
            raise NotFoundError(f"no alarm {characteristic_id}/{chart}/{subgroup}/{rule}")
        return dict(row._mapping)

    def since(self, open_only: bool, at_least_us: int | None = None) -> list[dict[str, Any]]:
        """Alarms (open ones only when asked) raised for signals at or after `at_least_us`."""
        query = select(self.table).order_by(self.table.c.at_us, self.table.c.id)
        if open_only:
            query = query.where(self.table.c.acknowledged_us.is_(None))
        if at_least_us is not None:
            query = query.where(self.table.c.at_us >= at_least_us)
        return [dict(row._mapping) for row in self._connection.execute(query)]

    def acknowledge(self, alarm_id: int, by: str) -> None:
        """Mark an alarm acknowledged now; raises NotFoundError."""
        self.change(alarm_id, acknowledged_us=now_us(), acknowledged_by=by)


class NonconformanceReports(_Records):
    """Typed nonconformance reports (product, line, defect, quantity, disposition)."""

    table = nonconformance_reports

    def between(self, start_us: int | None, end_us: int | None) -> list[dict[str, Any]]:
        """Reports found in `[start, end)` (open ends allowed), oldest first."""
        query = select(self.table).order_by(self.table.c.found_us, self.table.c.id)
        if start_us is not None:
            query = query.where(self.table.c.found_us >= start_us)
        if end_us is not None:
            query = query.where(self.table.c.found_us < end_us)
        return [dict(row._mapping) for row in self._connection.execute(query)]


class Measurements:
    """Read-only access to measurement events of the ledger."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def of(self, characteristic_ids: Iterable[str]) -> list[dict[str, Any]]:
        """Measurements of these characteristics, by time then event id."""
        ids = list(characteristic_ids)
        if not ids:
            return []
        query = (
            select(*[events.c[name] for name in _MEASUREMENT_COLUMNS])
            .where(events.c.kind == "measurement", events.c.characteristic.in_(ids))
            .order_by(events.c.ts_us, events.c.event_id)
        )
        return [dict(row._mapping) for row in self._connection.execute(query)]

    def unknown(self, known_ids: Iterable[str]) -> dict[str, int]:
        """Measurement counts per characteristic id that is not among `known_ids`."""
        query = (
            select(events.c.characteristic, func.count())
            .where(events.c.kind == "measurement")
            .group_by(events.c.characteristic)
        )
        known = set(known_ids)
        rows = self._connection.execute(query)
        return {str(name): int(count) for name, count in rows if name not in known}


class QualityRecords:
    """The quality repositories on one connection: `uow.quality.characteristics` etc."""

    def __init__(self, connection: Connection) -> None:
        self.characteristics = Characteristics(connection)
        self.alarms = SpcAlarms(connection)
        self.nonconformances = NonconformanceReports(connection)
        self.measurements = Measurements(connection)


def require_quality_schema(engine: Engine) -> None:
    """Raise InputError with the fix when the database lacks the quality tables.

    A database made before migration 0002 is brought up to date by `obeya init`.
    """
    if not is_initialised(engine):
        raise InputError(
            f"the database {engine.url!r} has no obeya tables yet: run "
            "`obeya init --plant FILE` (or `obeya demo`) first"
        )
    if not inspect(engine).has_table("characteristics"):
        raise InputError(
            f"the database {engine.url!r} has no quality tables yet: run "
            "`obeya init --plant FILE` again to migrate it"
        )
