"""The dashboard pages: overview, line, orders, report (CONTRACTS.md section 4 paths)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from obeya.domain.errors import InputError
from obeya.services import floor, report
from obeya.services.quality_views import line_quality
from obeya.services.runtime import Runtime
from obeya.services.users import Role
from obeya.web.auth import need
from obeya.web.errors import PageRoute
from obeya.web.live import monitor_of
from obeya.web.render import page

router = APIRouter(include_in_schema=False, route_class=PageRoute)
Viewer = need(Role.VIEWER)
DateQuery = Annotated[str | None, Query(alias="date")]


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def _day(text: str | None) -> date | None:
    return report.parse_report_date(text) if text else None


@router.get("/", response_class=HTMLResponse, dependencies=[Viewer])
async def overview(request: Request) -> HTMLResponse:
    """Every machine as a tile (state text and colour, order, OEE today); lines vs plan."""
    version, status = await run_in_threadpool(monitor_of(request).status)
    return page(request, "overview.html", {"status": status, "version": version})


@router.get("/tiles", response_class=HTMLResponse, dependencies=[Viewer])
async def tiles(request: Request) -> HTMLResponse:
    """The overview's live part alone (htmx refreshes it when an event arrives)."""
    _, status = await run_in_threadpool(monitor_of(request).status)
    return page(request, "_floor.html", {"status": status})


@router.get("/lines/{line_id}", response_class=HTMLResponse, dependencies=[Viewer])
async def line(request: Request, line_id: str, day: DateQuery = None) -> HTMLResponse:
    """OEE and factors by shift, losses, timelines, bottleneck; SPC charts and alarms."""
    runtime = _runtime(request)
    view = await run_in_threadpool(report.line_view, runtime, line_id, _day(day))
    context: dict[str, Any] = {
        "view": view,
        "day": day or "",
        "back": f"/lines/{quote(line_id)}#quality",
    }
    try:
        context["quality"] = await run_in_threadpool(line_quality, runtime, line_id)
    except InputError as error:  # a database without the quality tables
        context["quality_problem"] = str(error)
    return page(request, "line.html", context)


@router.get("/orders", response_class=HTMLResponse, dependencies=[Viewer])
async def order_list(request: Request) -> HTMLResponse:
    """Work orders: status, due time, planned end and lateness in the current schedule."""
    rows = await run_in_threadpool(floor.order_board, _runtime(request))
    return page(request, "orders.html", {"rows": rows})


@router.get("/reports", response_class=HTMLResponse, dependencies=[Viewer])
async def report_page(
    request: Request,
    day: DateQuery = None,
    shift: str | None = None,
    scope: str = "site",
) -> HTMLResponse:
    """The morning report in the browser, with a PDF link."""
    found = await run_in_threadpool(
        report.morning_report, _runtime(request), _day(day), shift or None, scope
    )
    body = report.report_fragment(found)
    query = request.url.query
    return page(request, "report.html", {"body": body, "report": found, "query": query})


@router.get("/reports.pdf", dependencies=[Viewer])
async def report_pdf(
    request: Request, day: DateQuery = None, shift: str | None = None, scope: str = "site"
) -> Response:
    """The morning report as PDF."""
    found = await run_in_threadpool(
        report.morning_report, _runtime(request), _day(day), shift or None, scope
    )
    document = await run_in_threadpool(report.render_report, found, "pdf")
    name = f"morning-report-{found.period_label}.pdf".replace("/", "-").replace(" ", "-")
    headers = {"content-disposition": f'inline; filename="{name}"'}
    return Response(document, media_type="application/pdf", headers=headers)


@router.get("/favicon.ico")
def favicon() -> Response:
    """No icon (an empty answer rather than a 404 in every browser console)."""
    return Response(status_code=204)
