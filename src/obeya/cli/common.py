"""What every command shares: the database option, JSON output and exit codes.

Exit codes (CONTRACTS.md): 0 success; 1 the work ran but found problems the caller must
see (a conflict, rejected events, an infeasible problem); 2 usage error or unreadable
input (bad file, unknown id, no offset on a timestamp).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from obeya.domain.errors import InputError, NotFoundError, ObeyaError

P = ParamSpec("P")
R = TypeVar("R")

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="OBEYA_DATABASE_URL",
        help="Database URL (default sqlite:///obeya.db).",
        show_envvar=True,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]


def print_json(document: Any) -> None:
    """Print exactly one JSON document on stdout."""
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n")


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print `message` to stderr and return the Exit to raise."""
    sys.stderr.write(f"error: {message}\n")
    return typer.Exit(code)


def handle_errors(function: Callable[P, R]) -> Callable[P, R]:
    """Turn obeya's errors into a message on stderr and the contract's exit code."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except (InputError, NotFoundError) as error:
            raise fail(str(error), 2) from None
        except ObeyaError as error:
            raise fail(str(error), 1) from None

    return wrapper
