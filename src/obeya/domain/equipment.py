"""The equipment hierarchy in ISA-95 terms: site > area > line (work unit) > machine."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Machine:
    """A machine (ISA-95 work unit / equipment) that runs operations.

    `machine_class` groups interchangeable machines (`lathe`, `saw`) and names the
    skill an operator needs by default. `connector` keeps per-machine settings for
    shop-floor connectors (for example an MTConnect state mapping), as given.
    """

    id: str
    name: str
    line_id: str
    machine_class: str | None = None
    connector: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Line:
    """A production line (ISA-95 production line / work cell) of machines.

    `shift_ids` restricts the plant calendar to these shifts (empty: all shifts).
    `oee_target` is the target the morning report colours against (0..1).
    """

    id: str
    name: str
    area_id: str
    machines: tuple[Machine, ...]
    shift_ids: tuple[str, ...] = ()
    oee_target: float | None = None


@dataclass(frozen=True)
class Area:
    """An area of the site (ISA-95 area), holding lines."""

    id: str
    name: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Site:
    """The site (ISA-95 site); shift times are local to its IANA time zone."""

    id: str
    name: str
    timezone: str
