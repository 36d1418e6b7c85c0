"""The runtime every use case works on: the database engine and the plant in force."""

from __future__ import annotations

from dataclasses import dataclass, field

from obeya.domain.errors import InputError
from obeya.domain.plant import Plant
from obeya.plantfile import load_plant
from obeya.storage import DatabaseEventSink, Engine, UnitOfWork, ping, require_schema


@dataclass
class Runtime:
    """The composed application: made once by `obeya.bootstrap`, passed to services."""

    engine: Engine
    _plant_cache: tuple[int, Plant] | None = field(default=None, repr=False)

    def uow(self) -> UnitOfWork:
        """A new unit of work (one transaction)."""
        return UnitOfWork(self.engine)

    def sink(self) -> DatabaseEventSink:
        """The committed event sink for ingestion sources."""
        return DatabaseEventSink(self.engine)

    def database_ok(self) -> bool:
        """True when the database answers."""
        return ping(self.engine)

    def plant(self) -> Plant:
        """The plant in force (the newest loaded plant file), cached by version.

        Raises:
            InputError: when no plant was loaded yet.
        """
        require_schema(self.engine)
        with self.uow() as uow:
            current = uow.plants.current()
        if current is None:
            raise InputError("no plant is loaded: run `obeya init --plant FILE` first")
        version, text = current
        if self._plant_cache is None or self._plant_cache[0] != version:
            self._plant_cache = (version, load_plant(text, source=f"stored plant v{version}"))
        return self._plant_cache[1]
