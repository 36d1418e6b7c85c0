"""Work orders and their status lifecycle.

    planned -> released -> in_progress -> completed -> closed
       \\          \\            \\
        +----------+------------+--> cancelled

A transition the lifecycle does not allow raises InvalidTransitionError.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from obeya.domain.errors import InputError, InvalidTransitionError


class OrderStatus(StrEnum):
    """Where a work order is in its lifecycle."""

    PLANNED = "planned"
    RELEASED = "released"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CLOSED = "closed"
    CANCELLED = "cancelled"


_ALLOWED: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PLANNED: frozenset({OrderStatus.RELEASED, OrderStatus.CANCELLED}),
    OrderStatus.RELEASED: frozenset({OrderStatus.IN_PROGRESS, OrderStatus.CANCELLED}),
    OrderStatus.IN_PROGRESS: frozenset({OrderStatus.COMPLETED, OrderStatus.CANCELLED}),
    OrderStatus.COMPLETED: frozenset({OrderStatus.CLOSED}),
    OrderStatus.CLOSED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}

OPEN_STATUSES = frozenset({OrderStatus.PLANNED, OrderStatus.RELEASED, OrderStatus.IN_PROGRESS})


@dataclass(frozen=True)
class WorkOrder:
    """A work order: make `quantity` of `product_id` by `due_at`.

    `release_at` is the earliest start; `material_available_at` when the material is
    there; `priority` is an integer, higher is more urgent.
    """

    id: str
    product_id: str
    quantity: int
    due_at: datetime
    release_at: datetime | None = None
    priority: int = 1
    material_available_at: datetime | None = None
    status: OrderStatus = OrderStatus.PLANNED

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise InputError(f"order {self.id}: quantity must be a positive integer")
        if self.priority < 0:
            raise InputError(f"order {self.id}: priority must be 0 or more")

    @property
    def is_open(self) -> bool:
        """True while the order still has work to schedule."""
        return self.status in OPEN_STATUSES

    def _moved_to(self, status: OrderStatus) -> WorkOrder:
        if status not in _ALLOWED[self.status]:
            raise InvalidTransitionError(
                f"order {self.id} is {self.status}; it cannot become {status}"
            )
        return replace(self, status=status)

    def release(self) -> WorkOrder:
        """planned -> released (the floor may start it)."""
        return self._moved_to(OrderStatus.RELEASED)

    def start(self) -> WorkOrder:
        """released -> in_progress."""
        return self._moved_to(OrderStatus.IN_PROGRESS)

    def complete(self) -> WorkOrder:
        """in_progress -> completed."""
        return self._moved_to(OrderStatus.COMPLETED)

    def close(self) -> WorkOrder:
        """completed -> closed (booked and archived)."""
        return self._moved_to(OrderStatus.CLOSED)

    def cancel(self) -> WorkOrder:
        """planned, released or in_progress -> cancelled."""
        return self._moved_to(OrderStatus.CANCELLED)
