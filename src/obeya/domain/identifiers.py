"""Identifiers of sites, lines, machines, products, workers, reasons and orders."""

from __future__ import annotations

import re

from obeya.domain.errors import InputError

_IDENTIFIER = re.compile(r"[A-Za-z0-9_.\-]{1,64}")


def is_identifier(text: object) -> bool:
    """True when `text` is 1–64 characters of `A-Z a-z 0-9 _ . -`."""
    return isinstance(text, str) and _IDENTIFIER.fullmatch(text) is not None


def check_identifier(text: object, what: str) -> str:
    """Return `text` when it is a valid identifier.

    Raises:
        InputError: naming `what` and the offending value.
    """
    if not is_identifier(text):
        raise InputError(
            f"{what} {text!r} is not a valid identifier: use 1-64 characters of A-Z a-z 0-9 _ . -"
        )
    assert isinstance(text, str)
    return text
