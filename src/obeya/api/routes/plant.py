"""`/api/v1/health`, `/api/v1/plant`, `/api/v1/machines`, `/api/v1/products`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from obeya import __version__
from obeya.api.deps import RuntimeDep, Viewer
from obeya.api.schemas import Health, MachineOut, ProductOut
from obeya.domain.times import parse_timestamp
from obeya.services.intervals import interval_answer, state_intervals
from obeya.services.plant import machine_summary, plant_summary, product_summary

router = APIRouter()


@router.get("/health", response_model=Health, tags=["system"])
def health(runtime: RuntimeDep) -> Health:
    """Liveness: `ok` when the database answers."""
    database = "ok" if runtime.database_ok() else "unreachable"
    return Health(status="ok", version=__version__, database=database)


@router.get("/plant", tags=["plant"])
def plant(runtime: RuntimeDep, _caller: Viewer) -> dict[str, Any]:
    """The plant in force: site, areas, lines, machines and counts."""
    return plant_summary(runtime.plant())


@router.get("/machines", response_model=list[MachineOut], tags=["plant"])
def machines(runtime: RuntimeDep, _caller: Viewer) -> list[dict[str, Any]]:
    """Every machine."""
    return [machine_summary(machine) for machine in runtime.plant().machines]


@router.get("/machines/{machine_id}", response_model=MachineOut, tags=["plant"])
def machine(machine_id: str, runtime: RuntimeDep, _caller: Viewer) -> dict[str, Any]:
    """One machine; 404 when unknown."""
    return machine_summary(runtime.plant().machine(machine_id))


@router.get("/products", response_model=list[ProductOut], tags=["plant"])
def products(runtime: RuntimeDep, _caller: Viewer) -> list[dict[str, Any]]:
    """Every product with its routing."""
    return [product_summary(product) for product in runtime.plant().products]


@router.get("/products/{product_id}", response_model=ProductOut, tags=["plant"])
def product(product_id: str, runtime: RuntimeDep, _caller: Viewer) -> dict[str, Any]:
    """One product; 404 when unknown."""
    return product_summary(runtime.plant().product(product_id))


@router.get("/machines/{machine_id}/intervals", tags=["plant"])
def machine_intervals(
    machine_id: str,
    runtime: RuntimeDep,
    _caller: Viewer,
    start: str = Query(..., alias="from", description="RFC 3339 with offset"),
    end: str = Query(..., alias="to", description="RFC 3339 with offset, exclusive"),
) -> dict[str, Any]:
    """The machine's state intervals in the window (closed ones from the derived table)."""
    found = state_intervals(
        runtime, machine_id, parse_timestamp(start, "from"), parse_timestamp(end, "to")
    )
    return {"machine": machine_id, "intervals": interval_answer(found)}
