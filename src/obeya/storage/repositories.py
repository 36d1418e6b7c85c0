"""Repositories for the plant document, work orders, users and schedules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, select, update

from obeya.domain.errors import ConflictError, NotFoundError
from obeya.domain.work_orders import OrderStatus, WorkOrder
from obeya.storage.clock import from_us, maybe_datetime, maybe_us, to_us
from obeya.storage.event_store import now_us
from obeya.storage.tables import plant_documents, schedules, users, work_orders


class PlantDocuments:
    """The loaded plant file, versioned: the newest version is the plant in force."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, site_id: str, body: str) -> int:
        """Store a new version of the plant file text; returns its version number."""
        result = self._connection.execute(
            plant_documents.insert().values(site_id=site_id, body=body, loaded_us=now_us())
        )
        key = result.inserted_primary_key
        return int(key[0]) if key else 0

    def current(self) -> tuple[int, str] | None:
        """(version, text) of the plant in force, or None when none was loaded."""
        query = (
            select(plant_documents.c.version, plant_documents.c.body)
            .order_by(plant_documents.c.version.desc())
            .limit(1)
        )
        row = self._connection.execute(query).first()
        return None if row is None else (int(row.version), str(row.body))


def _order_row(order: WorkOrder) -> dict[str, Any]:
    return {
        "id": order.id,
        "product_id": order.product_id,
        "quantity": order.quantity,
        "due_us": to_us(order.due_at),
        "release_us": maybe_us(order.release_at),
        "priority": order.priority,
        "material_available_us": maybe_us(order.material_available_at),
        "status": str(order.status),
        "updated_us": now_us(),
    }


def _order(row: Any) -> WorkOrder:
    return WorkOrder(
        id=row.id,
        product_id=row.product_id,
        quantity=row.quantity,
        due_at=from_us(row.due_us),
        release_at=maybe_datetime(row.release_us),
        priority=row.priority,
        material_available_at=maybe_datetime(row.material_available_us),
        status=OrderStatus(row.status),
    )


class WorkOrders:
    """Work orders by id."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add_all(self, orders: Iterable[WorkOrder]) -> None:
        """Insert new orders; raises ConflictError when an id already exists."""
        rows = [_order_row(order) for order in orders]
        if not rows:
            return
        ids = [row["id"] for row in rows]
        taken = self._connection.execute(
            select(work_orders.c.id).where(work_orders.c.id.in_(ids))
        ).scalars()
        clash = sorted(taken)
        if clash:
            raise ConflictError(
                f"work order {clash[0]!r} already exists"
                + (f" (and {len(clash) - 1} more)" if len(clash) > 1 else "")
            )
        self._connection.execute(work_orders.insert(), rows)

    def get(self, order_id: str) -> WorkOrder:
        """The order with this id; raises NotFoundError."""
        row = self._connection.execute(
            select(work_orders).where(work_orders.c.id == order_id)
        ).first()
        if row is None:
            raise NotFoundError(f"no work order {order_id!r}")
        return _order(row)

    def list(self, statuses: Iterable[OrderStatus] = ()) -> list[WorkOrder]:
        """Orders sorted by due date then id, optionally only these statuses."""
        query = select(work_orders).order_by(work_orders.c.due_us, work_orders.c.id)
        wanted = [str(status) for status in statuses]
        if wanted:
            query = query.where(work_orders.c.status.in_(wanted))
        return [_order(row) for row in self._connection.execute(query)]

    def save(self, order: WorkOrder) -> None:
        """Write back an existing order (after a status transition)."""
        values = _order_row(order)
        values.pop("id")
        self._connection.execute(
            update(work_orders).where(work_orders.c.id == order.id).values(**values)
        )


class Users:
    """API users: name, role and the hash of their token."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, name: str, role: str, token_hash: str) -> None:
        """Create a user; raises ConflictError when the name exists."""
        if self.role_of_name(name) is not None:
            raise ConflictError(f"user {name!r} already exists")
        self._connection.execute(
            users.insert().values(name=name, role=role, token_hash=token_hash, created_us=now_us())
        )

    def role_of_name(self, name: str) -> str | None:
        """The role of user `name`, or None."""
        row = self._connection.execute(select(users.c.role).where(users.c.name == name)).first()
        return None if row is None else str(row.role)

    def by_token_hash(self, token_hash: str) -> tuple[str, str] | None:
        """(name, role) of the user with this token hash, or None."""
        row = self._connection.execute(
            select(users.c.name, users.c.role).where(users.c.token_hash == token_hash)
        ).first()
        return None if row is None else (str(row.name), str(row.role))

    def count(self) -> int:
        """How many users exist."""
        return int(self._connection.execute(select(func.count()).select_from(users)).scalar_one())


class Schedules:
    """Stored schedules (their JSON answer) with a status: draft, published, superseded."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, schedule_id: str, kind: str, body: str, replaces: str | None = None) -> None:
        """Store a new draft schedule."""
        self._connection.execute(
            schedules.insert().values(
                id=schedule_id,
                created_us=now_us(),
                status="draft",
                kind=kind,
                replaces=replaces,
                body=body,
            )
        )

    def get(self, schedule_id: str) -> tuple[str, str]:
        """(status, body) of a schedule; raises NotFoundError."""
        row = self._connection.execute(
            select(schedules.c.status, schedules.c.body).where(schedules.c.id == schedule_id)
        ).first()
        if row is None:
            raise NotFoundError(f"no schedule {schedule_id!r}")
        return str(row.status), str(row.body)

    def latest(self, status: str | None = None) -> tuple[str, str, str] | None:
        """(id, status, body) of the newest schedule, optionally of one status."""
        query = select(schedules.c.id, schedules.c.status, schedules.c.body)
        if status is not None:
            query = query.where(schedules.c.status == status)
        row = self._connection.execute(
            query.order_by(schedules.c.created_us.desc(), schedules.c.id.desc()).limit(1)
        ).first()
        return None if row is None else (str(row.id), str(row.status), str(row.body))

    def publish(self, schedule_id: str) -> None:
        """Make this schedule the published one; the previous one is superseded."""
        self.get(schedule_id)
        self._connection.execute(
            update(schedules).where(schedules.c.status == "published").values(status="superseded")
        )
        self._connection.execute(
            update(schedules).where(schedules.c.id == schedule_id).values(status="published")
        )
