"""Request and response bodies of the API (pydantic), apart from the tables and domain."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, Field

IDENTIFIER = r"^[A-Za-z0-9_.\-]{1,64}$"


class Health(BaseModel):
    """Liveness and database reachability."""

    status: str
    version: str
    database: str


class MachineOut(BaseModel):
    """A machine."""

    id: str
    name: str
    line: str
    class_: str | None = Field(default=None, alias="class")

    model_config = {"populate_by_name": True}


class RoutingStepOut(BaseModel):
    """A routing step: eligible machines with ideal cycle time (s/unit)."""

    step: int
    machines: dict[str, float]
    setup_min: float
    skill: str | None


class ProductOut(BaseModel):
    """A product with its routing."""

    id: str
    name: str
    family: str | None
    routing: list[RoutingStepOut]


class OrderIn(BaseModel):
    """A new work order; timestamps RFC 3339 with an offset."""

    id: str = Field(pattern=IDENTIFIER)
    product: str = Field(pattern=IDENTIFIER)
    quantity: int = Field(gt=0, le=10_000_000)
    due: AwareDatetime
    release: AwareDatetime | None = None
    priority: int = Field(default=1, ge=0, le=1000)
    material_available: AwareDatetime | None = None


class OrderOut(BaseModel):
    """A work order with its status."""

    id: str
    product: str
    quantity: int
    due: datetime
    release: datetime | None
    priority: int
    material_available: datetime | None
    status: str


class OrderList(BaseModel):
    """Orders by due date."""

    orders: list[OrderOut]


class IngestOut(BaseModel):
    """What became of an event batch."""

    accepted: int
    duplicates: int
    rejected: int
    errors: list[str]


class StopExplanation(BaseModel):
    """A supervisor's or operator's reason for a stop."""

    machine: str = Field(pattern=IDENTIFIER)
    stop_ts: AwareDatetime
    reason: str = Field(pattern=IDENTIFIER)
    comment: str | None = Field(default=None, max_length=2000)
