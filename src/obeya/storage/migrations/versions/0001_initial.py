"""The first schema: plant documents, work orders, events, users, schedules.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_SERIAL = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def _us(name: str, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.BigInteger, nullable=nullable)


def _id(name: str, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(64), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "plant_documents",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=True),
        _id("site_id"),
        sa.Column("body", sa.Text, nullable=False),
        _us("loaded_us"),
    )
    op.create_table(
        "work_orders",
        sa.Column("id", sa.String(64), primary_key=True),
        _id("product_id"),
        sa.Column("quantity", sa.Integer, nullable=False),
        _us("due_us"),
        _us("release_us", nullable=True),
        sa.Column("priority", sa.Integer, nullable=False),
        _us("material_available_us", nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        _us("updated_us"),
    )
    _create_events()
    op.create_table(
        "rejected_events",
        sa.Column("id", _SERIAL, primary_key=True, autoincrement=True),
        _us("received_us"),
        sa.Column("source", sa.String(256), nullable=False),
        sa.Column("event_id", sa.String(128), nullable=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("raw", sa.Text, nullable=False),
    )
    op.create_table(
        "state_intervals",
        sa.Column("machine_id", sa.String(64), primary_key=True),
        sa.Column("start_us", sa.BigInteger, primary_key=True),
        _us("end_us", nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(64), nullable=True),
    )
    op.create_table(
        "users",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _us("created_us"),
    )
    op.create_table(
        "schedules",
        sa.Column("id", sa.String(64), primary_key=True),
        _us("created_us"),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("replaces", sa.String(64), nullable=True),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_schedules_status", "schedules", ["status", "created_us"])
    _create_floor_tables()
    _create_kpi_tables()


def _create_floor_tables() -> None:
    op.create_table(
        "andon_calls",
        sa.Column("id", _SERIAL, primary_key=True, autoincrement=True),
        _id("machine_id"),
        _us("raised_us"),
        _id("raised_by"),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("message", sa.Text, nullable=True),
        _us("resolved_us", nullable=True),
        _id("resolved_by", nullable=True),
    )
    op.create_table(
        "improvement_actions",
        sa.Column("id", _SERIAL, primary_key=True, autoincrement=True),
        sa.Column("title", sa.Text, nullable=False),
        _id("owner", nullable=True),
        _id("line_id", nullable=True),
        _id("loss_reason", nullable=True),
        _us("due_us", nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        _us("created_us"),
    )
    op.create_table(
        "safety_incidents",
        sa.Column("id", _SERIAL, primary_key=True, autoincrement=True),
        _us("at_us"),
        sa.Column("kind", sa.String(32), nullable=False),
        _id("line_id", nullable=True),
        sa.Column("description", sa.Text, nullable=False),
        _id("reported_by", nullable=True),
    )


def _create_events() -> None:
    op.create_table(
        "events",
        sa.Column("seq", _SERIAL, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(128), nullable=False, unique=True),
        _us("ts_us"),
        _id("machine_id"),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=True),
        _id("reason", nullable=True),
        sa.Column("good", sa.Integer, nullable=True),
        sa.Column("scrap", sa.Integer, nullable=True),
        sa.Column("rework", sa.Integer, nullable=True),
        _id("product_id", nullable=True),
        _id("order_id", nullable=True),
        sa.Column("action", sa.String(16), nullable=True),
        _us("stop_us", nullable=True),
        _id("characteristic", nullable=True),
        sa.Column("value", sa.Float, nullable=True),
        _id("subgroup", nullable=True),
        sa.Column("extra", sa.Text, nullable=True),
        _us("received_us"),
    )
    op.create_index("ix_events_machine_kind_ts", "events", ["machine_id", "kind", "ts_us"])


_KPI_LEDGER_COLUMNS = (
    "pot_us",
    "pdot_us",
    "apt_us",
    "aust_us",
    "adet_us",
    "adot_us",
    "unknown_us",
    "outside_pot_us",
    "outside_pot_running_us",
    "pq",
    "gq",
    "sq",
    "rq",
    "outside_pot_pq",
    "unknown_pri_pq",
    "pri_pq_us",
    "pri_defect_us",
)


def _create_kpi_tables() -> None:
    """The KPI ledger cache: per-slot ledgers, dirty marks, and what they were built on."""
    op.create_table(
        "kpi_slot_ledgers",
        sa.Column("machine_id", sa.String(64), primary_key=True),
        sa.Column("start_us", sa.BigInteger, primary_key=True),
        _us("end_us"),
        *(sa.Column(name, sa.BigInteger, nullable=False) for name in _KPI_LEDGER_COLUMNS),
    )
    op.create_table(
        "kpi_dirty",
        sa.Column("machine_id", sa.String(64), primary_key=True),
        _us("from_us"),
        sa.Column("marks", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "kpi_cache_meta",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "kpi_cache_meta",
        "kpi_dirty",
        "kpi_slot_ledgers",
        "safety_incidents",
        "improvement_actions",
        "andon_calls",
        "schedules",
        "users",
        "state_intervals",
        "rejected_events",
        "events",
        "work_orders",
        "plant_documents",
    ):
        op.drop_table(table)
