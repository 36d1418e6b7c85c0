"""Stop reasons and their ISO 22400 categories."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ReasonCategory(StrEnum):
    """The category of a stop reason; it decides the ISO 22400-2 time element.

    `planned` -> PDOT, `setup` -> AUST, `idle` -> ADOT, `unplanned` and
    `minor_stop` -> ADET.
    """

    UNPLANNED = "unplanned"
    MINOR_STOP = "minor_stop"
    SETUP = "setup"
    IDLE = "idle"
    PLANNED = "planned"


@dataclass(frozen=True)
class Reason:
    """A stop reason of the reason tree.

    `category` is the effective category: a child that sets none inherits its parent's.
    `own_category` is what the plant file said for this node (None: inherited).
    """

    code: str
    category: ReasonCategory
    parent: str | None = None
    name: str | None = None
    own_category: ReasonCategory | None = None
