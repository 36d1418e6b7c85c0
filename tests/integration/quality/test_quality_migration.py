"""Migration 0002 adds the quality tables and takes them away again on downgrade."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from obeya.storage import Engine, migrate, open_engine

MIGRATIONS = Path(__file__).resolve().parents[3] / "src" / "obeya" / "storage" / "migrations"
QUALITY_TABLES = {"characteristics", "spc_alarms", "nonconformance_reports"}


def _alembic(engine: Engine, action: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


def test_the_quality_tables_come_with_0002_and_go_with_its_downgrade(database_url: str) -> None:
    engine = open_engine(database_url)
    try:
        migrate(engine)
        assert set(inspect(engine).get_table_names()) >= QUALITY_TABLES
        _alembic(engine, "downgrade", "0001")
        tables = set(inspect(engine).get_table_names())
        assert not QUALITY_TABLES & tables and "events" in tables
        migrate(engine)
        assert set(inspect(engine).get_table_names()) >= QUALITY_TABLES
    finally:
        engine.dispose()
