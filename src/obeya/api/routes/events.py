"""`/api/v1/events`: post event batches, list rejected inputs, explain stops."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool

from obeya.api.deps import Operator, RuntimeDep, Supervisor
from obeya.api.schemas import IngestOut, StopExplanation
from obeya.services import events as service

router = APIRouter(tags=["events"])

MAX_BODY_BYTES = 16 * 1024 * 1024

_EVENT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [
                        {"type": "object"},
                        {"type": "array", "items": {"type": "object"}, "maxItems": 10000},
                    ]
                }
            }
        },
    }
}


@router.post("/events", response_model=IngestOut, openapi_extra=_EVENT_BODY)
async def post_events(request: Request, runtime: RuntimeDep, _caller: Operator) -> IngestOut:
    """Store one event or an array of up to 10,000 (CONTRACTS.md section 2).

    Answers only after the commit. Bad events go to the dead-letter table and are
    counted as rejected; the rest are stored. A body that is not JSON at all is 422.
    """
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        raise HTTPException(413, f"the body is over {MAX_BODY_BYTES} bytes; send smaller batches")
    result = await run_in_threadpool(service.ingest_payload, runtime, raw, "api")
    answer = IngestOut(
        accepted=result.accepted,
        duplicates=result.duplicates,
        rejected=result.rejected,
        errors=list(result.errors),
    )
    if result.rejected and not (result.accepted or result.duplicates):
        raise HTTPException(422, "; ".join(answer.errors[:20]) or "no valid event in the body")
    return answer


@router.get("/events/rejected", tags=["events"])
def rejected(runtime: RuntimeDep, _caller: Supervisor, limit: int = 100) -> dict[str, Any]:
    """The newest rejected inputs with their raw payload and reason."""
    return {"rejected": service.rejected_events(runtime, max(1, min(limit, 1000)))}


@router.post("/stops/explain", response_model=IngestOut)
def explain_stop(body: StopExplanation, runtime: RuntimeDep, caller: Operator) -> IngestOut:
    """Assign or change the reason of a stop (operator or higher); history keeps both."""
    result = service.explain_stop(
        runtime, body.machine, body.stop_ts, body.reason, caller.name, body.comment
    )
    return IngestOut(
        accepted=result.accepted,
        duplicates=result.duplicates,
        rejected=result.rejected,
        errors=list(result.errors),
    )
