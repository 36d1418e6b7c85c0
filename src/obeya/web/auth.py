"""Who is looking at the dashboard: the token in the `obeya_token` cookie (auth on).

With authentication off every visitor is the local admin. With it on, `/login` takes
an API token (from `obeya user create NAME --role ROLE`), checks it and stores it in an
HttpOnly, SameSite=Strict cookie; pages then need the viewer role, forms more.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from obeya.services.runtime import Runtime
from obeya.services.users import Role, authenticate
from obeya.web.errors import LoginRequired, PageRoute, RoleTooLow
from obeya.web.render import page

COOKIE = "obeya_token"
router = APIRouter(include_in_schema=False, route_class=PageRoute)


def web_caller(request: Request) -> tuple[str, Role]:
    """(name, role) of the visitor; raises LoginRequired without a valid cookie."""
    if not request.app.state.auth_enabled:
        found: tuple[str, Role] | None = ("local", Role.ADMIN)
    else:
        runtime: Runtime = request.app.state.runtime
        token = request.cookies.get(COOKIE, "")
        found = authenticate(runtime, token) if token else None
    if found is None:
        raise LoginRequired()
    request.state.caller = found
    return found


def need(role: Role) -> Any:
    """A dependency giving the caller when they have at least `role`."""

    def check(caller: Annotated[tuple[str, Role], Depends(web_caller)]) -> tuple[str, Role]:
        if caller[1] < role:
            raise RoleTooLow(role, caller[1])
        return caller

    return Depends(check)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, error: str | None = None) -> HTMLResponse:
    """The sign-in form (asks for an API token)."""
    return page(request, "login.html", {"error": error, "caller": None})


@router.post("/login")
def login(request: Request, token: Annotated[str, Form()]) -> Response:
    """Check the token and keep it in a cookie; back to the overview."""
    runtime: Runtime = request.app.state.runtime
    if authenticate(runtime, token.strip()) is None:
        return RedirectResponse("/login?error=unknown+or+revoked+token", status_code=303)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, token.strip(), httponly=True, samesite="strict")
    return response


@router.post("/logout")
def logout() -> Response:
    """Forget the token."""
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response
