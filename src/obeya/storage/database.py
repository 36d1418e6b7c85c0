"""Connecting to the database and migrating it to the current schema.

`sqlite:///obeya.db` (a file, WAL journal) is the embedded default; PostgreSQL is
`postgresql+psycopg://user@host/dbname`. Alembic migrations bring any database to the
current schema; `migrate()` is idempotent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, OperationalError

from obeya.domain.errors import InputError

_MIGRATIONS = Path(__file__).parent / "migrations"


def open_engine(url: str) -> Engine:
    """An engine for `url`, with SQLite set to WAL and foreign keys.

    Raises:
        InputError: when the URL is not a database URL obeya can use.
    """
    if not (url.startswith("sqlite") or url.startswith("postgresql")):
        raise InputError(
            f"database URL {url!r} is not supported: use sqlite:///FILE or "
            "postgresql+psycopg://user@host/dbname"
        )
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    try:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    except (ArgumentError, ImportError) as error:
        raise InputError(f"database URL {url!r} cannot be used: {error}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration.

    Raises:
        InputError: when the database cannot be reached.
    """
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as error:
        raise InputError(f"cannot open the database {engine.url!r}: {error.orig}") from None


def is_initialised(engine: Engine) -> bool:
    """True when the database has obeya's tables."""
    try:
        return inspect(engine).has_table("events")
    except OperationalError as error:
        raise InputError(f"cannot open the database {engine.url!r}: {error.orig}") from None


def ping(engine: Engine) -> bool:
    """True when the database answers a trivial query."""
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        return True
    except Exception:  # any driver or network failure means "not reachable"
        return False
