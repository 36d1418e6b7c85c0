"""JSON errors a person can act on: every error answer is `{"detail": "..."}`.

ObeyaError subclasses map to status codes: InputError 422, NotFoundError 404,
ConflictError 409, PermissionDeniedError 403.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from obeya.domain.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    ObeyaError,
    PermissionDeniedError,
)

_STATUS: tuple[tuple[type[ObeyaError], int], ...] = (
    (InputError, 422),
    (NotFoundError, 404),
    (ConflictError, 409),
    (PermissionDeniedError, 403),
)


async def _obeya_error(_request: Request, error: Exception) -> JSONResponse:
    status = next((code for kind, code in _STATUS if isinstance(error, kind)), 400)
    return JSONResponse({"detail": str(error)}, status_code=status)


async def _validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item.get("loc", ()) if part != "body")
        problems.append(f"{where}: {item.get('msg', 'invalid')}")
    return JSONResponse({"detail": "; ".join(problems) or "invalid request"}, status_code=422)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on the app."""
    app.add_exception_handler(ObeyaError, _obeya_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
