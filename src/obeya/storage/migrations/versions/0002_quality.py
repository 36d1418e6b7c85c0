"""Quality: characteristics, SPC alarms and typed nonconformance reports.

Nonconformance reports are typed columns so that Pareto and first-pass yield can filter
by time, product and line in SQL.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_SERIAL = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def _us(name: str, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.BigInteger, nullable=nullable)


def _id(name: str, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(64), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "characteristics",
        sa.Column("id", sa.String(64), primary_key=True),
        _id("product_id"),
        sa.Column("step", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("unit", sa.String(32), nullable=False),
        sa.Column("nominal", sa.Float, nullable=True),
        sa.Column("lsl", sa.Float, nullable=True),
        sa.Column("usl", sa.Float, nullable=True),
        sa.Column("subgroup_size", sa.Integer, nullable=False),
        sa.Column("chart_type", sa.String(16), nullable=False),
        sa.Column("rules", sa.String(16), nullable=False),
        _us("created_us"),
    )
    _create_alarms()
    _create_reports()
    op.create_index(
        "ix_events_kind_characteristic_ts", "events", ["kind", "characteristic", "ts_us"]
    )


def _create_alarms() -> None:
    op.create_table(
        "spc_alarms",
        sa.Column("id", _SERIAL, primary_key=True, autoincrement=True),
        _id("characteristic_id"),
        _id("machine_id", nullable=True),
        sa.Column("chart", sa.String(16), nullable=False),
        _id("subgroup"),
        sa.Column("rule", sa.String(16), nullable=False),
        sa.Column("value", sa.Float, nullable=True),
        _us("at_us"),
        _us("raised_us"),
        _us("acknowledged_us", nullable=True),
        _id("acknowledged_by", nullable=True),
    )
    op.create_index(
        "ux_spc_alarms_signal",
        "spc_alarms",
        ["characteristic_id", "chart", "subgroup", "rule"],
        unique=True,
    )


def _create_reports() -> None:
    op.create_table(
        "nonconformance_reports",
        sa.Column("id", _SERIAL, primary_key=True, autoincrement=True),
        _us("found_us"),
        _id("product_id"),
        _id("line_id"),
        _id("machine_id", nullable=True),
        _id("order_id", nullable=True),
        _id("shift_id", nullable=True),
        _id("worker_id", nullable=True),
        _id("defect"),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("disposition", sa.String(32), nullable=False),
        _id("recorded_by", nullable=True),
        _us("created_us"),
    )
    op.create_index("ix_nonconformance_reports_found", "nonconformance_reports", ["found_us"])


def downgrade() -> None:
    op.drop_index("ix_events_kind_characteristic_ts", table_name="events")
    op.drop_table("nonconformance_reports")
    op.drop_table("spc_alarms")
    op.drop_table("characteristics")
