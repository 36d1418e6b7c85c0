"""`/api/v1/kpi`: the same KPI answers as `obeya kpi`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool

from obeya.api.deps import RuntimeDep, Viewer
from obeya.domain.times import parse_timestamp
from obeya.services import kpi as service

router = APIRouter(prefix="/kpi", tags=["kpi"])


@router.get("/oee")
async def oee(
    runtime: RuntimeDep,
    _caller: Viewer,
    scope: str = Query(..., description="machine:ID, line:ID, area:ID or site"),
    start: str = Query(..., alias="from", description="RFC 3339 with offset"),
    end: str = Query(..., alias="to", description="RFC 3339 with offset, exclusive"),
    by: str = Query("none", description="none, machine, shift or day"),
) -> dict[str, Any]:
    """OEE with its ISO 22400-2 time ledger (CONTRACTS.md section 3)."""
    start_at = parse_timestamp(start, "from")
    end_at = parse_timestamp(end, "to")
    return await run_in_threadpool(service.oee, runtime, scope, start_at, end_at, by)


@router.get("/bottleneck")
async def bottleneck(
    runtime: RuntimeDep,
    _caller: Viewer,
    line: str = Query(..., description="line id"),
    start: str = Query(..., alias="from", description="RFC 3339 with offset"),
    end: str = Query(..., alias="to", description="RFC 3339 with offset, exclusive"),
) -> dict[str, Any]:
    """Roser's active-period bottleneck analysis of a line."""
    start_at = parse_timestamp(start, "from")
    end_at = parse_timestamp(end, "to")
    return await run_in_threadpool(service.bottleneck, runtime, line, start_at, end_at)


@router.get("/losses")
async def losses(
    runtime: RuntimeDep,
    _caller: Viewer,
    scope: str = Query(..., description="machine:ID, line:ID, area:ID or site"),
    start: str = Query(..., alias="from", description="RFC 3339 with offset"),
    end: str = Query(..., alias="to", description="RFC 3339 with offset, exclusive"),
    micro_stop_s: float = Query(300.0, ge=0, le=86400),
) -> dict[str, Any]:
    """NEE, six big losses, downtime Pareto, loss waterfall and unexplained stops."""
    start_at = parse_timestamp(start, "from")
    end_at = parse_timestamp(end, "to")
    return await run_in_threadpool(
        lambda: service.losses(runtime, scope, start_at, end_at, micro_stop_s=micro_stop_s)
    )
