"""Live updates: server-sent events telling the overview that machine states changed.

`GET /live` streams `event: state` messages whose data is a JSON list of
`{machine, state, reason, at}` for every machine whose newest state event changed.
The app's `FloorMonitor` reads the ledger every 0.5 s for every viewer at once, so a
new event shows within about a second. The page then refreshes its tiles with htmx.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from obeya.services.users import Role
from obeya.web.auth import need
from obeya.web.errors import PageRoute
from obeya.web.monitor import FloorMonitor

WAKE_S = 0.25
router = APIRouter(include_in_schema=False, route_class=PageRoute)


def monitor_of(request: Request) -> FloorMonitor:
    """The app's floor monitor."""
    monitor: FloorMonitor = request.app.state.floor_monitor
    return monitor


async def _changes(request: Request, monitor: FloorMonitor) -> AsyncIterator[str]:
    version, _ = await run_in_threadpool(monitor.changes_since, 1 << 62)
    yield "retry: 1000\n\n"
    while not await request.is_disconnected():
        version, changed = monitor.changes_since(version)
        if changed:
            yield f"event: state\ndata: {json.dumps(changed)}\n\n"
        await asyncio.sleep(WAKE_S)


@router.get("/live", dependencies=[need(Role.VIEWER)])
async def live(request: Request) -> StreamingResponse:
    """The server-sent event stream of machine state changes."""
    headers = {"cache-control": "no-cache", "x-accel-buffering": "no"}
    return StreamingResponse(
        _changes(request, monitor_of(request)), media_type="text/event-stream", headers=headers
    )
