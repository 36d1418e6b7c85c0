"""Live updates: server-sent events telling the overview that machine states changed.

`GET /live` streams `event: state` messages whose data is a JSON list of
`{machine, state, reason, at}` for every machine whose newest state event changed.
The app's `FloorMonitor` reads the ledger every 0.5 s for every viewer at once, so a
new event shows within about a second. The page then refreshes its tiles with htmx.

Each stream ends after `STREAM_S` (so a server can shut down without waiting for
viewers); the browser reconnects after `RETRY_MS` and sends `Last-Event-ID`, the
monitor version it saw last, so no change is lost. The first connection passes
`?since=VERSION`, the version the page was rendered at.
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
STREAM_S = 5.0
RETRY_MS = 250
router = APIRouter(include_in_schema=False, route_class=PageRoute)


def monitor_of(request: Request) -> FloorMonitor:
    """The app's floor monitor."""
    monitor: FloorMonitor = request.app.state.floor_monitor
    return monitor


def _resume_from(request: Request) -> int | None:
    """The version to resume from: `Last-Event-ID` (reconnects) or `?since=` (first)."""
    text = request.headers.get("last-event-id") or request.query_params.get("since") or ""
    return int(text) if text.isdigit() else None


async def _changes(
    request: Request, monitor: FloorMonitor, since: int | None
) -> AsyncIterator[str]:
    newest, _ = await run_in_threadpool(monitor.changes_since, 1 << 62)
    version = newest if since is None else since
    yield f"retry: {RETRY_MS}\n\n"
    loop = asyncio.get_running_loop()
    deadline = loop.time() + STREAM_S
    while loop.time() < deadline and not await request.is_disconnected():
        version, changed = monitor.changes_since(version)
        if changed:
            yield f"id: {version}\nevent: state\ndata: {json.dumps(changed)}\n\n"
        await asyncio.sleep(WAKE_S)


@router.get("/live", dependencies=[need(Role.VIEWER)])
async def live(request: Request) -> StreamingResponse:
    """The server-sent event stream of machine state changes."""
    headers = {"cache-control": "no-cache", "x-accel-buffering": "no"}
    return StreamingResponse(
        _changes(request, monitor_of(request), _resume_from(request)),
        media_type="text/event-stream",
        headers=headers,
    )
