"""Live updates: server-sent events telling the overview that machine states changed.

`GET /live` streams `event: state` messages whose data is a JSON list of
`{machine, state, reason, at}` for every machine whose newest state event changed
since the last poll (the ledger is polled every 0.5 s, so a new event shows within
about a second). The page then refreshes its tiles with htmx.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from obeya.services.floor import machine_states
from obeya.services.runtime import Runtime
from obeya.services.users import Role
from obeya.web.auth import need
from obeya.web.errors import PageRoute

POLL_S = 0.5
router = APIRouter(include_in_schema=False, route_class=PageRoute)


async def _changes(request: Request, runtime: Runtime) -> AsyncIterator[str]:
    known: dict[str, tuple[str, str | None, str]] = {}
    yield "retry: 1000\n\n"
    while not await request.is_disconnected():
        current = await run_in_threadpool(machine_states, runtime)
        changed = [
            {"machine": machine, "state": state, "reason": reason, "at": at}
            for machine, (state, reason, at) in sorted(current.items())
            if known.get(machine) != (state, reason, at)
        ]
        if changed and known:
            yield f"event: state\ndata: {json.dumps(changed)}\n\n"
        known = current
        await asyncio.sleep(POLL_S)


@router.get("/live", dependencies=[need(Role.VIEWER)])
async def live(request: Request) -> StreamingResponse:
    """The server-sent event stream of machine state changes."""
    runtime: Runtime = request.app.state.runtime
    headers = {"cache-control": "no-cache", "x-accel-buffering": "no"}
    return StreamingResponse(
        _changes(request, runtime), media_type="text/event-stream", headers=headers
    )
