"""The schedule page: the Gantt by machine, late orders; supervisors repair and publish.

A supervisor marks a machine down (`machine-down:M@START+DURATION`), previews the
repaired draft with its change list, and publishes it.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from obeya.domain.times import format_timestamp, parse_duration, parse_timestamp
from obeya.services import scheduling
from obeya.services.runtime import Runtime
from obeya.services.users import Role
from obeya.web.auth import need
from obeya.web.errors import PageRoute
from obeya.web.render import page

router = APIRouter(include_in_schema=False, route_class=PageRoute)
SupervisorRole = need(Role.SUPERVISOR)
SOLVE_LIMIT_S = 5.0
IdQuery = Annotated[str | None, Query(alias="id")]


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


@router.get("/schedule", response_class=HTMLResponse, dependencies=[need(Role.VIEWER)])
async def schedule_page(request: Request, id: str | None = None) -> HTMLResponse:
    """The current schedule (or the draft `id`) with its late orders and changes."""
    runtime = _runtime(request)
    found = await run_in_threadpool(scheduling.get_schedule, runtime, id)
    plant = await run_in_threadpool(runtime.plant)
    context = {"schedule": found, "machines": plant.machines, "schedule_id": id or ""}
    return page(request, "schedule.html", context)


@router.get("/schedule/gantt", response_class=HTMLResponse, dependencies=[need(Role.VIEWER)])
async def gantt(request: Request, id: str | None = None) -> HTMLResponse:
    """The Gantt page of a schedule (shown in the schedule page's frame)."""
    text = await run_in_threadpool(scheduling.gantt_html, _runtime(request), id or None)
    return HTMLResponse(text)


@router.post("/schedule/solve")
async def solve(request: Request, caller: tuple[str, Role] = SupervisorRole) -> Response:
    """Solve a new draft from the open orders."""
    answer = await run_in_threadpool(
        partial(scheduling.solve_schedule, time_limit_s=SOLVE_LIMIT_S), _runtime(request)
    )
    return RedirectResponse(f"/schedule?id={quote(str(answer['schedule_id']))}", status_code=303)


@router.post("/schedule/machine-down")
async def machine_down(
    request: Request,
    machine: Annotated[str, Form()],
    start: Annotated[str, Form()],
    duration: Annotated[str, Form()] = "",
    caller: tuple[str, Role] = SupervisorRole,
) -> Response:
    """Preview the repaired schedule after a machine goes down (a draft with changes)."""
    moment = format_timestamp(parse_timestamp(start, "start"))
    event = f"machine-down:{machine}@{moment}"
    if duration.strip():
        parse_duration(duration.strip(), "duration")
        event += f"+{duration.strip()}"
    answer = await run_in_threadpool(
        partial(scheduling.reschedule, time_limit_s=SOLVE_LIMIT_S), _runtime(request), event
    )
    return RedirectResponse(f"/schedule?id={quote(str(answer['schedule_id']))}", status_code=303)


@router.post("/schedule/publish")
async def publish(
    request: Request,
    schedule_id: Annotated[str, Form()],
    caller: tuple[str, Role] = SupervisorRole,
) -> Response:
    """Publish a draft: it becomes the schedule in force."""
    await run_in_threadpool(scheduling.publish_schedule, _runtime(request), schedule_id)
    return RedirectResponse(f"/schedule?id={quote(schedule_id)}&published=1", status_code=303)
