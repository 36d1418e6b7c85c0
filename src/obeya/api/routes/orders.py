"""`/api/v1/orders`: list, create, release, cancel."""

from __future__ import annotations

from fastapi import APIRouter, Query

from obeya.api.deps import Planner, RuntimeDep, Viewer
from obeya.api.schemas import OrderIn, OrderList, OrderOut
from obeya.domain.errors import InputError
from obeya.domain.work_orders import OrderStatus, WorkOrder
from obeya.services import orders as service

router = APIRouter(prefix="/orders", tags=["orders"])


def _out(order: WorkOrder) -> OrderOut:
    return OrderOut(
        id=order.id,
        product=order.product_id,
        quantity=order.quantity,
        due=order.due_at,
        release=order.release_at,
        priority=order.priority,
        material_available=order.material_available_at,
        status=str(order.status),
    )


@router.get("", response_model=OrderList)
def list_orders(
    runtime: RuntimeDep, _caller: Viewer, status: list[OrderStatus] | None = Query(None)
) -> OrderList:
    """Orders by due date, optionally filtered by status."""
    return OrderList(orders=[_out(order) for order in service.list_orders(runtime, status or [])])


@router.post("", response_model=OrderOut, status_code=201)
def create_order(body: OrderIn, runtime: RuntimeDep, _caller: Planner) -> OrderOut:
    """Create a planned order (planner or higher); 409 when the id exists."""
    if body.product not in {product.id for product in runtime.plant().products}:
        raise InputError(f"product: {body.product!r} is not in the plant")
    order = WorkOrder(
        id=body.id,
        product_id=body.product,
        quantity=body.quantity,
        due_at=body.due,
        release_at=body.release,
        priority=body.priority,
        material_available_at=body.material_available,
    )
    service.create_orders(runtime, [order])
    return _out(service.get_order(runtime, order.id))


@router.get("/{order_id}", response_model=OrderOut)
def get_order(order_id: str, runtime: RuntimeDep, _caller: Viewer) -> OrderOut:
    """One order; 404 when unknown."""
    return _out(service.get_order(runtime, order_id))


@router.post("/{order_id}/release", response_model=OrderOut)
def release_order(order_id: str, runtime: RuntimeDep, _caller: Planner) -> OrderOut:
    """planned -> released; 409 when the status does not allow it."""
    return _out(service.release_orders(runtime, [order_id])[0])


@router.post("/{order_id}/cancel", response_model=OrderOut)
def cancel_order(order_id: str, runtime: RuntimeDep, _caller: Planner) -> OrderOut:
    """Cancel an open order; 409 when it is completed, closed or cancelled."""
    return _out(service.cancel_orders(runtime, [order_id])[0])
