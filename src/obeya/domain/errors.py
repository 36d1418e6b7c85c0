"""Obeya's exception tree.

    ObeyaError                    anything obeya raises on purpose
    ├── InputError                unreadable or invalid input (CLI exit code 2, HTTP 422)
    │   └── FileFormatError       a file with a location: path, line, key path
    ├── NotFoundError             an identifier that names nothing (HTTP 404)
    ├── ConflictError             the state forbids it: duplicate, wrong status (HTTP 409)
    │   └── InvalidTransitionError a status change the lifecycle does not allow
    └── PermissionDeniedError     the caller's role is too low (HTTP 403)

Messages are written for people: what was wrong, where, and what to do.
"""

from __future__ import annotations


class ObeyaError(Exception):
    """Base of every error obeya raises on purpose."""


class InputError(ObeyaError):
    """Invalid or unreadable input; the caller must fix it."""


class FileFormatError(InputError):
    """An error in a file, located by file name, line and key path when known.

    The message reads like `plant.yaml: lines[1].machines[3].id: duplicate machine id
    'L1-CNC2' (line 42)`.
    """

    def __init__(
        self,
        problem: str,
        *,
        source: str | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        self.problem = problem
        self.source = source
        self.line = line
        self.key = key
        super().__init__(self._render())

    def _render(self) -> str:
        text = f"{self.key}: {self.problem}" if self.key else self.problem
        if self.line is not None:
            text = f"{text} (line {self.line})"
        if self.source:
            text = f"{self.source}: {text}"
        return text


class NotFoundError(ObeyaError):
    """An identifier that names nothing of its kind."""


class ConflictError(ObeyaError):
    """The current state forbids the request (duplicate id, wrong status)."""


class InvalidTransitionError(ConflictError):
    """A status change that the lifecycle does not allow."""


class PermissionDeniedError(ObeyaError):
    """The caller's role does not allow the request."""
