"""Storage: tables, migrations, repositories, the unit of work and the event sink.

The only package that imports SQLAlchemy.
"""

from __future__ import annotations

from obeya.storage.database import is_initialised, migrate, open_engine
from obeya.storage.sink import DatabaseEventSink
from obeya.storage.unit_of_work import UnitOfWork, require_schema

__all__ = [
    "DatabaseEventSink",
    "UnitOfWork",
    "is_initialised",
    "migrate",
    "open_engine",
    "require_schema",
]
