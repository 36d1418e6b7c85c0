"""The derived state-interval table: what each machine did, as closed intervals.

`state_intervals (machine_id, start_us) -> end_us, state, reason` holds each machine's
closed intervals (ended by its next state event) from its first state event up to
the newest one folded. It is derived from the event ledger: appends mark machines
dirty (see `kpi_cache`), invalidation deletes every interval ending after the mark,
and the next read folds the events again from there. `obeya kpi rebuild` clears it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, delete, func, insert, select

from obeya.storage.tables import state_intervals

IntervalRow = tuple[int, int, str, str | None]
"""`(start_us, end_us, state, reason)` of one closed interval."""


class StateIntervals:
    """One machine's stored intervals on a connection (the caller commits)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def covered_until(self, machine_id: str) -> int | None:
        """The end of the newest stored interval (µs), or None when none is stored."""
        query = select(func.max(state_intervals.c.end_us)).where(
            state_intervals.c.machine_id == machine_id
        )
        value = self._connection.execute(query).scalar()
        return None if value is None else int(value)

    def add(self, machine_id: str, rows: Sequence[IntervalRow]) -> None:
        """Store closed intervals (they must start at or after `covered_until`)."""
        if not rows:
            return
        self._connection.execute(
            insert(state_intervals),
            [
                {
                    "machine_id": machine_id,
                    "start_us": start,
                    "end_us": end,
                    "state": state,
                    "reason": reason,
                }
                for start, end, state, reason in rows
            ],
        )

    def between(self, machine_id: str, start_us: int, end_us: int) -> list[IntervalRow]:
        """Stored intervals overlapping `[start_us, end_us)`, in time order."""
        query = (
            select(
                state_intervals.c.start_us,
                state_intervals.c.end_us,
                state_intervals.c.state,
                state_intervals.c.reason,
            )
            .where(
                state_intervals.c.machine_id == machine_id,
                state_intervals.c.end_us > start_us,
                state_intervals.c.start_us < end_us,
            )
            .order_by(state_intervals.c.start_us)
        )
        return [(int(a), int(b), str(c), d) for a, b, c, d in self._connection.execute(query)]

    def forget(self, machine_id: str) -> None:
        """Drop every stored interval of a machine."""
        self._connection.execute(
            delete(state_intervals).where(state_intervals.c.machine_id == machine_id)
        )
