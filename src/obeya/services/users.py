"""Users, roles and API tokens.

Roles are ordered: viewer < operator < supervisor < planner < manager < admin; a role
may do everything the roles below it may. Tokens are 32 random bytes shown once; only
their SHA-256 hash is stored (a token has far more entropy than a password, so a fast
hash is enough and lets every request be checked in one indexed lookup).
"""

from __future__ import annotations

import hashlib
import secrets
from enum import IntEnum

from obeya.domain.errors import InputError, PermissionDeniedError
from obeya.domain.identifiers import check_identifier
from obeya.services.runtime import Runtime


class Role(IntEnum):
    """The roles, in order of what they may do."""

    VIEWER = 1
    OPERATOR = 2
    SUPERVISOR = 3
    PLANNER = 4
    MANAGER = 5
    ADMIN = 6

    @classmethod
    def parse(cls, text: str) -> Role:
        """The role named `text`; raises InputError listing the roles."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(role.name.lower() for role in cls)
            raise InputError(f"role {text!r} is not one of {names}") from None

    @property
    def label(self) -> str:
        """The lowercase name."""
        return self.name.lower()


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_user(runtime: Runtime, name: str, role: str) -> str:
    """Create a user with a role and return its new token (shown once, stored hashed)."""
    check_identifier(name, "user name")
    parsed = Role.parse(role)
    token = "oby_" + secrets.token_urlsafe(32)
    with runtime.uow() as uow:
        uow.users.add(name, parsed.label, hash_token(token))
        uow.commit()
    return token


def authenticate(runtime: Runtime, token: str) -> tuple[str, Role] | None:
    """(name, role) of the token's user, or None when the token is unknown."""
    with runtime.uow() as uow:
        found = uow.users.by_token_hash(hash_token(token))
    return None if found is None else (found[0], Role.parse(found[1]))


def user_count(runtime: Runtime) -> int:
    """How many users exist."""
    with runtime.uow() as uow:
        return uow.users.count()


def require_role(actual: Role, needed: Role, action: str) -> None:
    """Raise PermissionDeniedError unless `actual` is at least `needed`."""
    if actual < needed:
        raise PermissionDeniedError(
            f"{action} needs the role {needed.label} or higher; your role is {actual.label}"
        )
