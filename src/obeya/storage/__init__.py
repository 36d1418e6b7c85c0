"""Storage: tables, migrations, repositories, the unit of work and the event sink.

The only package that imports SQLAlchemy.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from obeya.storage.database import is_initialised, migrate, open_engine, ping
from obeya.storage.sink import DatabaseEventSink
from obeya.storage.unit_of_work import UnitOfWork, require_schema

__all__ = [
    "DatabaseEventSink",
    "Engine",
    "UnitOfWork",
    "is_initialised",
    "migrate",
    "open_engine",
    "ping",
    "require_schema",
]
