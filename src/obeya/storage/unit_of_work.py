"""The unit of work: one transaction with every repository on its connection."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.engine import Connection, Engine

from obeya.domain.errors import InputError
from obeya.storage.database import is_initialised
from obeya.storage.event_store import EventStore
from obeya.storage.floor_records import AndonCalls, ImprovementActions, SafetyIncidents
from obeya.storage.intervals import StateIntervals
from obeya.storage.kpi_reads import KpiReads
from obeya.storage.quality_records import QualityRecords
from obeya.storage.repositories import PlantDocuments, Schedules, Users, WorkOrders


class UnitOfWork:
    """`with UnitOfWork(engine) as uow:` ... `uow.commit()`; rolls back if not committed."""

    plants: PlantDocuments
    orders: WorkOrders
    events: EventStore
    kpi: KpiReads
    intervals: StateIntervals
    users: Users
    schedules: Schedules
    andon: AndonCalls
    actions: ImprovementActions
    incidents: SafetyIncidents
    quality: QualityRecords

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None

    def __enter__(self) -> UnitOfWork:
        connection = self._engine.connect()
        connection.begin()
        self._connection = connection
        self.plants = PlantDocuments(connection)
        self.orders = WorkOrders(connection)
        self.events = EventStore(connection)
        self.kpi = KpiReads(connection)
        self.intervals = StateIntervals(connection)
        self.users = Users(connection)
        self.schedules = Schedules(connection)
        self.andon = AndonCalls(connection)
        self.actions = ImprovementActions(connection)
        self.incidents = SafetyIncidents(connection)
        self.quality = QualityRecords(connection)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._connection is not None:
            self._connection.rollback()
            self._connection.close()
            self._connection = None

    def commit(self) -> None:
        """Commit what was done so far."""
        if self._connection is None:
            raise RuntimeError("commit outside the unit of work")
        self._connection.commit()
        self._connection.begin()


def require_schema(engine: Engine) -> None:
    """Raise InputError with the fix when the database was never initialised."""
    if not is_initialised(engine):
        raise InputError(
            f"the database {engine.url!r} has no obeya tables yet: run "
            "`obeya init --plant FILE` (or `obeya demo`) first"
        )
