"""The operator page (tablet-sized): explain a stop, log scrap, raise an andon call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from obeya.domain.times import parse_timestamp
from obeya.services import events, floor
from obeya.services.runtime import Runtime
from obeya.services.users import Role
from obeya.web.auth import need
from obeya.web.errors import PageRoute
from obeya.web.render import page

router = APIRouter(include_in_schema=False, route_class=PageRoute)
OperatorRole = need(Role.OPERATOR)
RECENT = timedelta(hours=24)


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def _back(machine: str, message: str) -> Response:
    target = f"/operator?machine={quote(machine)}&done={quote(message)}"
    return RedirectResponse(target, status_code=303)


@router.get("/operator", response_class=HTMLResponse, dependencies=[need(Role.VIEWER)])
async def operator_page(
    request: Request, machine: str | None = None, done: str | None = None
) -> HTMLResponse:
    """Pick a machine; see its unexplained stops with the reason tree; scrap and andon."""
    runtime = _runtime(request)
    plant = await run_in_threadpool(runtime.plant)
    chosen = machine if machine and plant.has_machine(machine) else plant.machines[0].id
    status = await run_in_threadpool(floor.floor_status, runtime)
    stops = [stop for stop in status.unexplained if stop["machine"] == chosen]
    context = {
        "plant": plant,
        "machine": chosen,
        "stops": stops,
        "reasons": plant.reasons,
        "andon_kinds": floor.ANDON_KINDS,
        "andon": [call for call in status.andon if call["machine"] == chosen],
        "done": done,
        "unknown_machine": machine if machine and machine != chosen else None,
    }
    return page(request, "operator.html", context)


@router.post("/operator/explain")
async def explain(
    request: Request,
    machine: Annotated[str, Form()],
    stop_at: Annotated[str, Form()],
    reason: Annotated[str, Form()],
    comment: Annotated[str, Form()] = "",
    caller: tuple[str, Role] = OperatorRole,
) -> Response:
    """Assign the reason of a stop (stored as a reason event)."""
    moment = parse_timestamp(stop_at, "stop_at")
    await run_in_threadpool(
        events.explain_stop, _runtime(request), machine, moment, reason, caller[0], comment or None
    )
    return _back(machine, f"stop at {stop_at} explained as {reason}")


@router.post("/operator/scrap")
async def scrap(
    request: Request,
    machine: Annotated[str, Form()],
    scrap_count: Annotated[int, Form()],
    caller: tuple[str, Role] = OperatorRole,
) -> Response:
    """Log scrapped units now."""
    await run_in_threadpool(floor.log_scrap, _runtime(request), machine, scrap_count, caller[0])
    return _back(machine, f"{scrap_count} scrapped logged")


@router.post("/operator/andon")
async def andon(
    request: Request,
    machine: Annotated[str, Form()],
    kind: Annotated[str, Form()],
    message: Annotated[str, Form()] = "",
    caller: tuple[str, Role] = OperatorRole,
) -> Response:
    """Raise an andon call."""
    await run_in_threadpool(
        floor.raise_andon, _runtime(request), machine, kind, caller[0], message or None
    )
    return _back(machine, f"andon call ({kind}) raised at {datetime.now(UTC):%H:%M} UTC")


@router.post("/operator/andon/{call_id}/resolve")
async def resolve(
    request: Request,
    call_id: int,
    machine: Annotated[str, Form()],
    caller: tuple[str, Role] = OperatorRole,
) -> Response:
    """Close an andon call."""
    await run_in_threadpool(floor.resolve_andon, _runtime(request), call_id, caller[0])
    return _back(machine, f"andon call {call_id} resolved")
