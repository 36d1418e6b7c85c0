"""Dependencies of the API routes: the runtime and the authenticated caller."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from obeya.services.runtime import Runtime
from obeya.services.users import Role, authenticate


@dataclass(frozen=True)
class Caller:
    """Who is asking: user name and role (`local`/admin when authentication is off)."""

    name: str
    role: Role


def get_runtime(request: Request) -> Runtime:
    """The runtime the app was created with."""
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_caller(request: Request, runtime: RuntimeDep) -> Caller:
    """The caller from `Authorization: Bearer TOKEN`; 401 when missing or unknown."""
    if not request.app.state.auth_enabled:
        return Caller("local", Role.ADMIN)
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(
            401,
            "authentication required: send the header 'Authorization: Bearer TOKEN' "
            "(create a token with `obeya user create NAME --role ROLE`)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    found = authenticate(runtime, token.strip())
    if found is None:
        raise HTTPException(401, "unknown or revoked token", headers={"WWW-Authenticate": "Bearer"})
    return Caller(*found)


CallerDep = Annotated[Caller, Depends(get_caller)]


def require(role: Role) -> Callable[[Caller], Caller]:
    """A dependency that lets through callers with at least `role` (else 403)."""

    def check(caller: CallerDep) -> Caller:
        if caller.role < role:
            raise HTTPException(
                403, f"this needs the role {role.label} or higher; your role is {caller.role.label}"
            )
        return caller

    return check


Viewer = Annotated[Caller, Depends(require(Role.VIEWER))]
Operator = Annotated[Caller, Depends(require(Role.OPERATOR))]
Supervisor = Annotated[Caller, Depends(require(Role.SUPERVISOR))]
Planner = Annotated[Caller, Depends(require(Role.PLANNER))]
Manager = Annotated[Caller, Depends(require(Role.MANAGER))]
