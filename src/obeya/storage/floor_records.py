"""Records people keep on the floor: andon calls, improvement actions, safety incidents."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, select, update

from obeya.domain.errors import NotFoundError
from obeya.storage.event_store import now_us
from obeya.storage.tables import andon_calls, improvement_actions, safety_incidents


class _Records:
    """Rows of one table as plain dicts (the service layer shapes them)."""

    table: Table

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, **values: Any) -> int:
        """Insert a row; returns its id."""
        result = self._connection.execute(self.table.insert().values(**values))
        key = result.inserted_primary_key
        return int(key[0]) if key else 0

    def list(self, limit: int = 500, **equal: Any) -> list[dict[str, Any]]:
        """Rows matching `column=value` filters, newest id first."""
        query = select(self.table).order_by(self.table.c.id.desc()).limit(limit)
        for column, value in equal.items():
            query = query.where(self.table.c[column] == value)
        return [dict(row._mapping) for row in self._connection.execute(query)]

    def change(self, row_id: int, **values: Any) -> None:
        """Update a row; raises NotFoundError when there is none."""
        result = self._connection.execute(
            update(self.table).where(self.table.c.id == row_id).values(**values)
        )
        if result.rowcount == 0:
            raise NotFoundError(f"no {self.table.name} record {row_id}")


class AndonCalls(_Records):
    """Andon calls raised from the operator screen; open while `resolved_us` is null."""

    table = andon_calls

    def resolve(self, call_id: int, by: str) -> None:
        """Mark a call resolved now."""
        self.change(call_id, resolved_us=now_us(), resolved_by=by)


class ImprovementActions(_Records):
    """Kaizen actions, each tied to the loss reason it attacks; status open or done."""

    table = improvement_actions


class SafetyIncidents(_Records):
    """Incidents, near misses, first-aid and lost-time cases."""

    table = safety_incidents
