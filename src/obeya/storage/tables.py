"""The database tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Instants are stored as integer microseconds since the Unix epoch in UTC (`*_us`): the
same type, ordering and arithmetic on both databases, and no time-zone conversion on
the way in or out. The `events` table is append-only; `state_intervals` is derived from
it and can be rebuilt at any time.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

plant_documents = Table(
    "plant_documents",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=True),
    Column("site_id", String(64), nullable=False),
    Column("body", Text, nullable=False),
    Column("loaded_us", BigInteger, nullable=False),
)

work_orders = Table(
    "work_orders",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("product_id", String(64), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("due_us", BigInteger, nullable=False),
    Column("release_us", BigInteger, nullable=True),
    Column("priority", Integer, nullable=False, default=1),
    Column("material_available_us", BigInteger, nullable=True),
    Column("status", String(16), nullable=False),
    Column("updated_us", BigInteger, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column(
        "seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("event_id", String(128), nullable=False, unique=True),
    Column("ts_us", BigInteger, nullable=False),
    Column("machine_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("state", String(16), nullable=True),
    Column("reason", String(64), nullable=True),
    Column("good", Integer, nullable=True),
    Column("scrap", Integer, nullable=True),
    Column("rework", Integer, nullable=True),
    Column("product_id", String(64), nullable=True),
    Column("order_id", String(64), nullable=True),
    Column("action", String(16), nullable=True),
    Column("stop_us", BigInteger, nullable=True),
    Column("characteristic", String(64), nullable=True),
    Column("value", Float, nullable=True),
    Column("subgroup", String(64), nullable=True),
    Column("extra", Text, nullable=True),
    Column("received_us", BigInteger, nullable=False),
)
Index("ix_events_machine_kind_ts", events.c.machine_id, events.c.kind, events.c.ts_us)

rejected_events = Table(
    "rejected_events",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("received_us", BigInteger, nullable=False),
    Column("source", String(256), nullable=False),
    Column("event_id", String(128), nullable=True),
    Column("reason", Text, nullable=False),
    Column("raw", Text, nullable=False),
)

state_intervals = Table(
    "state_intervals",
    metadata,
    Column("machine_id", String(64), primary_key=True),
    Column("start_us", BigInteger, primary_key=True),
    Column("end_us", BigInteger, nullable=True),
    Column("state", String(16), nullable=False),
    Column("reason", String(64), nullable=True),
)

users = Table(
    "users",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("role", String(16), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_us", BigInteger, nullable=False),
)

schedules = Table(
    "schedules",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("created_us", BigInteger, nullable=False),
    Column("status", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("replaces", String(64), nullable=True),
    Column("body", Text, nullable=False),
)
Index("ix_schedules_status", schedules.c.status, schedules.c.created_us)


andon_calls = Table(
    "andon_calls",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("machine_id", String(64), nullable=False),
    Column("raised_us", BigInteger, nullable=False),
    Column("raised_by", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("message", Text, nullable=True),
    Column("resolved_us", BigInteger, nullable=True),
    Column("resolved_by", String(64), nullable=True),
)

improvement_actions = Table(
    "improvement_actions",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("title", Text, nullable=False),
    Column("owner", String(64), nullable=True),
    Column("line_id", String(64), nullable=True),
    Column("loss_reason", String(64), nullable=True),
    Column("due_us", BigInteger, nullable=True),
    Column("status", String(16), nullable=False),
    Column("created_us", BigInteger, nullable=False),
)

safety_incidents = Table(
    "safety_incidents",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("at_us", BigInteger, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("line_id", String(64), nullable=True),
    Column("description", Text, nullable=False),
    Column("reported_by", String(64), nullable=True),
)

# Quality (migration 0002): characteristics, SPC alarms, typed nonconformance reports.

characteristics = Table(
    "characteristics",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("product_id", String(64), nullable=False),
    Column("step", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("unit", String(32), nullable=False),
    Column("nominal", Float, nullable=True),
    Column("lsl", Float, nullable=True),
    Column("usl", Float, nullable=True),
    Column("subgroup_size", Integer, nullable=False),
    Column("chart_type", String(16), nullable=False),
    Column("rules", String(16), nullable=False),
    Column("created_us", BigInteger, nullable=False),
)

spc_alarms = Table(
    "spc_alarms",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("characteristic_id", String(64), nullable=False),
    Column("machine_id", String(64), nullable=True),
    Column("chart", String(16), nullable=False),
    Column("subgroup", String(64), nullable=False),
    Column("rule", String(16), nullable=False),
    Column("value", Float, nullable=True),
    Column("at_us", BigInteger, nullable=False),
    Column("raised_us", BigInteger, nullable=False),
    Column("acknowledged_us", BigInteger, nullable=True),
    Column("acknowledged_by", String(64), nullable=True),
)
Index(
    "ux_spc_alarms_signal",
    spc_alarms.c.characteristic_id,
    spc_alarms.c.chart,
    spc_alarms.c.subgroup,
    spc_alarms.c.rule,
    unique=True,
)

nonconformance_reports = Table(
    "nonconformance_reports",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("found_us", BigInteger, nullable=False),
    Column("product_id", String(64), nullable=False),
    Column("line_id", String(64), nullable=False),
    Column("machine_id", String(64), nullable=True),
    Column("order_id", String(64), nullable=True),
    Column("shift_id", String(64), nullable=True),
    Column("worker_id", String(64), nullable=True),
    Column("defect", String(64), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("disposition", String(32), nullable=False),
    Column("recorded_by", String(64), nullable=True),
    Column("created_us", BigInteger, nullable=False),
)
Index("ix_nonconformance_reports_found", nonconformance_reports.c.found_us)
Index("ix_events_kind_characteristic_ts", events.c.kind, events.c.characteristic, events.c.ts_us)

# KPI ledger cache (derived from events, rebuildable at any time; see docs/kpi.md).
# Ledger columns in the KPI engine's `LEDGER_FIELDS` order (a test checks they match).

KPI_LEDGER_COLUMNS = (
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

kpi_slot_ledgers = Table(
    "kpi_slot_ledgers",
    metadata,
    Column("machine_id", String(64), primary_key=True),
    Column("start_us", BigInteger, primary_key=True),
    Column("end_us", BigInteger, nullable=False),
    *(Column(name, BigInteger, nullable=False) for name in KPI_LEDGER_COLUMNS),
)

kpi_dirty = Table(
    "kpi_dirty",
    metadata,
    Column("machine_id", String(64), primary_key=True),
    Column("from_us", BigInteger, nullable=False),
    Column("marks", BigInteger, nullable=False),
)

kpi_cache_meta = Table(
    "kpi_cache_meta",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
