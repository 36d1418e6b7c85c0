"""Use cases of work orders: import, create, list, release, cancel, export."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from obeya.domain.errors import InputError
from obeya.domain.work_orders import OrderStatus, WorkOrder
from obeya.services.order_files import read_order_file
from obeya.services.runtime import Runtime


def _check_products(runtime: Runtime, orders: Iterable[WorkOrder]) -> None:
    plant = runtime.plant()
    known = {product.id for product in plant.products}
    unknown = sorted({order.product_id for order in orders if order.product_id not in known})
    if unknown:
        raise InputError(
            f"product {unknown[0]!r} is not in the plant"
            + (f" (nor {', '.join(map(repr, unknown[1:5]))})" if len(unknown) > 1 else "")
            + "; add it to the plant file or fix the order"
        )


def create_orders(runtime: Runtime, orders: list[WorkOrder]) -> int:
    """Add new orders in one transaction; raises InputError or ConflictError, writing none."""
    _check_products(runtime, orders)
    with runtime.uow() as uow:
        uow.orders.add_all(orders)
        uow.commit()
    return len(orders)


def import_orders(runtime: Runtime, path: Path) -> int:
    """Import a .csv or .xlsx order file: every row or none."""
    return create_orders(runtime, read_order_file(path))


def list_orders(runtime: Runtime, statuses: Iterable[OrderStatus] = ()) -> list[WorkOrder]:
    """Orders by due date, optionally of some statuses."""
    with runtime.uow() as uow:
        return uow.orders.list(statuses)


def get_order(runtime: Runtime, order_id: str) -> WorkOrder:
    """One order; raises NotFoundError."""
    with runtime.uow() as uow:
        return uow.orders.get(order_id)


def _transition(runtime: Runtime, order_ids: Iterable[str], action: str) -> list[WorkOrder]:
    changed: list[WorkOrder] = []
    with runtime.uow() as uow:
        for order_id in order_ids:
            order = getattr(uow.orders.get(order_id), action)()
            uow.orders.save(order)
            changed.append(order)
        uow.commit()
    return changed


def release_orders(runtime: Runtime, order_ids: Iterable[str]) -> list[WorkOrder]:
    """planned -> released, all or none; raises InvalidTransitionError or NotFoundError."""
    return _transition(runtime, order_ids, "release")


def cancel_orders(runtime: Runtime, order_ids: Iterable[str]) -> list[WorkOrder]:
    """Cancel open orders, all or none."""
    return _transition(runtime, order_ids, "cancel")
