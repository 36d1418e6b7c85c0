"""Errors on pages become pages: a clear message and the right status, never a traceback.

`PageRoute` is the route class of every dashboard router, so the API's JSON error
handlers stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute

from obeya.domain.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    ObeyaError,
    PermissionDeniedError,
)
from obeya.services.users import Role
from obeya.web.render import problem


class LoginRequired(Exception):
    """Raised by page dependencies; answered by a redirect to /login."""


class RoleTooLow(Exception):
    """Raised when the signed-in user lacks the role a form needs."""

    def __init__(self, needed: Role, actual: Role) -> None:
        super().__init__(f"this needs the role {needed.label} or higher; yours is {actual.label}")


Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def _status(error: ObeyaError) -> int:
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, PermissionDeniedError):
        return 403
    if isinstance(error, ConflictError):
        return 409
    return 400 if isinstance(error, InputError) else 422


class PageRoute(APIRoute):
    """A route whose obeya errors render the problem page (and login redirects)."""

    def get_route_handler(self) -> Handler:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await original(request)
            except LoginRequired:
                return RedirectResponse("/login", status_code=303)
            except RoleTooLow as error:
                return problem(request, str(error), 403)
            except ObeyaError as error:
                return problem(request, str(error), _status(error))

        return handler
