"""Quality on the dashboard: the `/quality` page, the overview's alarm counts, acknowledging.

- `GET /quality[?characteristic=ID]`: characteristics, the chosen one's control charts
  and capability (Cp, Cpk, Pp, Ppk, histogram with the specification limits), open
  alarms, recent nonconformances and the defect Pareto (viewer).
- `GET /quality/alarm-counts`: open SPC alarms per line, the overview's htmx fragment.
- `POST /quality/alarms/{id}/acknowledge`: acknowledge an alarm (operator), then back to
  the page it came from (`back`, a local path).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from obeya.domain.errors import InputError
from obeya.services import quality_views
from obeya.services.quality import acknowledge_alarm
from obeya.services.runtime import Runtime
from obeya.services.users import Role
from obeya.web.auth import need
from obeya.web.errors import PageRoute
from obeya.web.render import page

router = APIRouter(include_in_schema=False, route_class=PageRoute)
Viewer = need(Role.VIEWER)
OperatorRole = need(Role.OPERATOR)


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def local_path(target: str) -> str:
    """`target` when it is a path on this site, else `/quality` (no open redirects)."""
    safe = target.startswith("/") and not target.startswith("//") and "\\" not in target
    return target if safe else "/quality"


@router.get("/quality", response_class=HTMLResponse, dependencies=[Viewer])
async def quality_page(request: Request, characteristic: str | None = None) -> HTMLResponse:
    """Characteristics, charts and capability, alarms, nonconformances, defect Pareto."""
    view = await run_in_threadpool(
        quality_views.quality_page, _runtime(request), characteristic or None
    )
    back = str(request.url.path) + (f"?{request.url.query}" if request.url.query else "")
    return page(request, "quality.html", {"view": view, "back": back})


@router.get("/quality/alarm-counts", response_class=HTMLResponse, dependencies=[Viewer])
async def alarm_counts(request: Request) -> HTMLResponse:
    """Open SPC alarms per line (the overview refreshes this fragment every few seconds)."""
    try:
        counts = await run_in_threadpool(quality_views.alarm_counts_by_line, _runtime(request))
    except InputError as error:  # a database without the quality tables
        return page(request, "_alarm_counts.html", {"counts": [], "problem": str(error)})
    return page(request, "_alarm_counts.html", {"counts": counts, "problem": None})


@router.post("/quality/alarms/{alarm_id}/acknowledge")
async def acknowledge(
    request: Request,
    alarm_id: int,
    back: Annotated[str, Form()] = "/quality",
    caller: tuple[str, Role] = OperatorRole,
) -> Response:
    """Acknowledge an SPC alarm (it leaves the open lists); back to the calling page."""
    await run_in_threadpool(acknowledge_alarm, _runtime(request), alarm_id, caller[0])
    return RedirectResponse(local_path(back), status_code=303)
