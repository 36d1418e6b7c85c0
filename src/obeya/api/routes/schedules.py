"""`/api/v1/schedules`: solve, reschedule, publish, show and the Gantt."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from obeya.api.deps import Planner, RuntimeDep, Supervisor, Viewer
from obeya.services import scheduling as service

router = APIRouter(prefix="/schedules", tags=["schedules"])


class SolveIn(BaseModel):
    """Solver settings."""

    time_limit_s: float = Field(default=10.0, gt=0, le=600)
    seed: int = Field(default=1, ge=0, le=2**31 - 1)


class RescheduleIn(SolveIn):
    """A disruption event, e.g. `machine-down:L1-CNC2@2026-11-25T08:00:00Z+4h`."""

    event: str = Field(min_length=3, max_length=300)


@router.post("/solve")
async def solve(body: SolveIn, runtime: RuntimeDep, _caller: Planner) -> dict[str, Any]:
    """Schedule all open orders (planner or higher); stored as a draft."""
    return await run_in_threadpool(
        lambda: service.solve_schedule(runtime, time_limit_s=body.time_limit_s, seed=body.seed)
    )


@router.post("/reschedule")
async def reschedule(
    body: RescheduleIn, runtime: RuntimeDep, _caller: Supervisor
) -> dict[str, Any]:
    """Repair the current schedule after an event (supervisor or higher); a draft."""
    return await run_in_threadpool(
        lambda: service.reschedule(
            runtime, body.event, time_limit_s=body.time_limit_s, seed=body.seed
        )
    )


@router.get("/current")
def current(runtime: RuntimeDep, _caller: Viewer) -> dict[str, Any]:
    """The published schedule, else the newest draft; 404 when none exists."""
    answer = service.current_schedule(runtime)
    if answer is None:
        raise HTTPException(404, "there is no schedule yet: solve one first")
    return answer


@router.get("/{schedule_id}")
def get(schedule_id: str, runtime: RuntimeDep, _caller: Viewer) -> dict[str, Any]:
    """A stored schedule; 404 when unknown."""
    answer = service.get_schedule(runtime, schedule_id)
    assert answer is not None
    return answer


@router.post("/{schedule_id}/publish")
def publish(schedule_id: str, runtime: RuntimeDep, _caller: Supervisor) -> dict[str, Any]:
    """Publish a draft (supervisor or higher); the previous one is superseded."""
    answer = service.publish_schedule(runtime, schedule_id)
    return {"schedule_id": schedule_id, "state": answer["state"]}


@router.get("/{schedule_id}/gantt", response_class=HTMLResponse)
def gantt(schedule_id: str, runtime: RuntimeDep, _caller: Viewer) -> str:
    """The self-contained HTML Gantt of a schedule."""
    return service.gantt_html(runtime, schedule_id)
