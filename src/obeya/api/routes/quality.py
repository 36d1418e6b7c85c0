"""`/api/v1` quality routes: characteristics, SPC charts and alarms, nonconformances.

Roles: reading needs viewer; recording nonconformances and acknowledging alarms needs
operator (measurements are events: `POST /events`); defining characteristics needs
supervisor. The answers are those of `obeya spc ...` and `obeya nc ... --json`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from obeya.api.deps import Operator, RuntimeDep, Supervisor, Viewer
from obeya.domain.times import parse_timestamp
from obeya.services import quality as service
from obeya.services.quality_adhoc import SpcData, capability_of, chart_answer

router = APIRouter(tags=["quality"])

FROM = Query(None, alias="from", description="RFC 3339 with offset")
TO = Query(None, alias="to", description="RFC 3339 with offset, exclusive")


class CharacteristicIn(BaseModel):
    """A characteristic to define (see `obeya spc characteristic add`)."""

    id: str
    product: str
    step: int
    name: str
    unit: str = "mm"
    nominal: float | None = None
    lsl: float | None = None
    usl: float | None = None
    subgroup_size: int = 5
    chart: str = "xbar-r"
    rules: str = "we"


class DataIn(BaseModel):
    """Numbers: `values` (+ `labels`, `sizes`) or `subgroups` (lists of measurements)."""

    values: list[float] | None = Field(None, max_length=100_000)
    labels: list[str] | None = Field(None, max_length=100_000)
    sizes: list[float] | None = Field(None, max_length=100_000)
    subgroups: list[list[float]] | None = Field(None, max_length=10_000)
    phase1: str | None = None

    def data(self) -> SpcData:
        """The engine-side data."""
        return SpcData(self.values, self.labels, self.sizes, self.subgroups)


class ChartIn(DataIn):
    """A chart request (see `obeya spc chart`)."""

    type: str
    rules: str = "we"


class CapabilityIn(DataIn):
    """A capability request (see `obeya spc capability`)."""

    lsl: float | None = None
    usl: float | None = None


class NonconformanceIn(BaseModel):
    """A nonconformance report (see `obeya nc record`)."""

    product: str
    defect: str
    quantity: int
    disposition: str
    order: str | None = None
    machine: str | None = None
    line: str | None = None
    shift: str | None = None
    worker: str | None = None
    at: str | None = None


def _moment(text: str | None, name: str) -> Any:
    return None if text is None else parse_timestamp(text, name)


@router.get("/characteristics")
def characteristics(runtime: RuntimeDep, _caller: Viewer) -> dict[str, Any]:
    """Every characteristic, by id."""
    return {"characteristics": service.list_characteristics(runtime)}


@router.post("/characteristics", status_code=201)
def add_characteristic(
    body: CharacteristicIn, runtime: RuntimeDep, _caller: Supervisor
) -> dict[str, Any]:
    """Define a characteristic (supervisor or higher); 422 naming the field at fault."""
    spec = service.NewCharacteristic(
        body.id, body.product, body.step, body.name, body.unit, body.nominal,
        body.lsl, body.usl, body.subgroup_size, body.chart, body.rules,
    )  # fmt: skip
    return service.add_characteristic(runtime, spec)


@router.get("/characteristics/{characteristic_id}/chart")
async def characteristic_chart(
    characteristic_id: str,
    runtime: RuntimeDep,
    _caller: Viewer,
    start: str | None = FROM,
    end: str | None = TO,
) -> dict[str, Any]:
    """The monitor's chart of one characteristic; new violations are recorded as alarms."""
    start_at, end_at = _moment(start, "from"), _moment(end, "to")
    return await run_in_threadpool(
        service.characteristic_chart, runtime, characteristic_id, start_at, end_at
    )


@router.get("/spc/alarms")
def alarms(
    runtime: RuntimeDep,
    _caller: Viewer,
    open_only: bool = Query(False, alias="open", description="only unacknowledged alarms"),
    start: str | None = FROM,
) -> dict[str, Any]:
    """SPC alarms by signal time."""
    return {"alarms": service.list_alarms(runtime, open_only, _moment(start, "from"))}


@router.post("/spc/alarms/{alarm_id}/acknowledge")
def acknowledge(
    runtime: RuntimeDep, caller: Operator, alarm_id: int = Path(..., ge=1, le=2**62)
) -> dict[str, Any]:
    """Acknowledge an alarm (operator or higher)."""
    return service.acknowledge_alarm(runtime, alarm_id, caller.name)


@router.post("/spc/chart")
async def chart(body: ChartIn, _caller: Viewer) -> dict[str, Any]:
    """Control charts of the numbers in the body (CONTRACTS.md section 7)."""
    return await run_in_threadpool(chart_answer, body.data(), body.type, body.rules, body.phase1)


@router.post("/spc/capability")
async def capability(body: CapabilityIn, _caller: Viewer) -> dict[str, Any]:
    """Capability study of the numbers in the body."""
    return await run_in_threadpool(capability_of, body.data(), body.lsl, body.usl, body.phase1)


@router.get("/nonconformances")
def nonconformances(
    runtime: RuntimeDep, _caller: Viewer, start: str | None = FROM, end: str | None = TO
) -> dict[str, Any]:
    """Nonconformance reports found in the window, oldest first."""
    rows = service.list_nonconformances(runtime, _moment(start, "from"), _moment(end, "to"))
    return {"nonconformances": rows}


@router.post("/nonconformances", status_code=201)
def record(body: NonconformanceIn, runtime: RuntimeDep, caller: Operator) -> dict[str, Any]:
    """Record a nonconformance (operator or higher); 422 naming the field at fault."""
    report = service.NewNonconformance(
        body.product, body.defect, body.quantity, body.disposition, body.order,
        body.machine, body.line, body.shift, body.worker, _moment(body.at, "at"),
    )  # fmt: skip
    return service.record_nonconformance(runtime, report, caller.name)


@router.get("/nonconformances/pareto")
def pareto(
    runtime: RuntimeDep, _caller: Viewer, start: str | None = FROM, end: str | None = TO
) -> dict[str, Any]:
    """Nonconforming units per defect code, largest first, with shares."""
    return service.nonconformance_pareto(runtime, _moment(start, "from"), _moment(end, "to"))
