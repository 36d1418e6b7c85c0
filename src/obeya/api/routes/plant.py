"""`/api/v1/health`, `/api/v1/plant`, `/api/v1/machines`, `/api/v1/products`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from obeya import __version__
from obeya.api.deps import RuntimeDep, Viewer
from obeya.api.schemas import Health, MachineOut, ProductOut
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
