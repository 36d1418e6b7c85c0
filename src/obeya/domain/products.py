"""Products, routings, bills of materials and sequence-dependent changeovers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class RoutingStep:
    """One step of a routing.

    Attributes:
        step: the step number (ascending within the routing: 10, 20, ...).
        cycle_s: ideal cycle time in seconds per unit, by eligible machine id.
        setup_min: setup time in minutes before the step runs on a machine.
        skill: the worker skill the step needs (None: no operator needed).
        pausable: True when the operation may pause over a break or the end of a shift;
            False when it must fit inside working time.
    """

    step: int
    cycle_s: Mapping[str, float]
    setup_min: float = 0.0
    skill: str | None = None
    pausable: bool = True

    @property
    def machine_ids(self) -> tuple[str, ...]:
        """The eligible machines of the step, in file order."""
        return tuple(self.cycle_s)


@dataclass(frozen=True)
class BomItem:
    """A component consumed per unit of the product."""

    material: str
    quantity: float
    unit: str = "pcs"


@dataclass(frozen=True)
class Product:
    """A product with its routing and bill of materials."""

    id: str
    name: str
    family: str | None
    routing: tuple[RoutingStep, ...]
    bom: tuple[BomItem, ...] = ()

    def step(self, number: int) -> RoutingStep:
        """The routing step with this number.

        Raises:
            KeyError: when the routing has no such step.
        """
        for routing_step in self.routing:
            if routing_step.step == number:
                return routing_step
        raise KeyError(number)


@dataclass(frozen=True)
class Changeover:
    """Extra minutes on a machine when the product family changes from one to another."""

    from_family: str
    to_family: str
    minutes: float
