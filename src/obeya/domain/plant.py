"""The plant model: one site with its calendar, equipment, reasons, products and workers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from obeya.domain.calendars import Calendar
from obeya.domain.equipment import Area, Line, Machine, Site
from obeya.domain.errors import NotFoundError
from obeya.domain.products import Changeover, Product
from obeya.domain.reasons import Reason
from obeya.domain.workers import Worker

T = TypeVar("T")


@dataclass(frozen=True)
class Plant:
    """Everything the plant file describes, validated and cross-referenced."""

    site: Site
    calendar: Calendar
    areas: tuple[Area, ...]
    reasons: tuple[Reason, ...] = ()
    products: tuple[Product, ...] = ()
    workers: tuple[Worker, ...] = ()
    changeovers: tuple[Changeover, ...] = ()

    @property
    def lines(self) -> tuple[Line, ...]:
        """Every line of every area, in file order."""
        return tuple(line for area in self.areas for line in area.lines)

    @property
    def machines(self) -> tuple[Machine, ...]:
        """Every machine of every line, in file order."""
        return tuple(machine for line in self.lines for machine in line.machines)

    @cached_property
    def _machines(self) -> dict[str, Machine]:
        return {machine.id: machine for machine in self.machines}

    @cached_property
    def _lines(self) -> dict[str, Line]:
        return {line.id: line for line in self.lines}

    @cached_property
    def _products(self) -> dict[str, Product]:
        return {product.id: product for product in self.products}

    @cached_property
    def _reasons(self) -> dict[str, Reason]:
        return {reason.code: reason for reason in self.reasons}

    @cached_property
    def _workers(self) -> dict[str, Worker]:
        return {worker.id: worker for worker in self.workers}

    def machine(self, machine_id: str) -> Machine:
        """The machine with this id; raises NotFoundError."""
        return _lookup(self._machines, machine_id, "machine")

    def line(self, line_id: str) -> Line:
        """The line with this id; raises NotFoundError."""
        return _lookup(self._lines, line_id, "line")

    def area(self, area_id: str) -> Area:
        """The area with this id; raises NotFoundError."""
        return _lookup({area.id: area for area in self.areas}, area_id, "area")

    def product(self, product_id: str) -> Product:
        """The product with this id; raises NotFoundError."""
        return _lookup(self._products, product_id, "product")

    def reason(self, code: str) -> Reason:
        """The stop reason with this code; raises NotFoundError."""
        return _lookup(self._reasons, code, "reason")

    def worker(self, worker_id: str) -> Worker:
        """The worker with this id; raises NotFoundError."""
        return _lookup(self._workers, worker_id, "worker")

    def has_machine(self, machine_id: str) -> bool:
        """True when the plant has a machine with this id."""
        return machine_id in self._machines

    def line_of(self, machine_id: str) -> Line:
        """The line a machine belongs to; raises NotFoundError."""
        return self.line(self.machine(machine_id).line_id)

    def machines_in_scope(self, scope: str) -> tuple[Machine, ...]:
        """The machines of a scope `machine:ID`, `line:ID`, `area:ID` or `site`.

        Raises:
            NotFoundError: when the scope names nothing.
        """
        kind, _, key = scope.partition(":")
        if kind == "site" and not key:
            return self.machines
        if kind == "machine":
            return (self.machine(key),)
        if kind == "line":
            return self.line(key).machines
        if kind == "area":
            return tuple(m for line in self.area(key).lines for m in line.machines)
        raise NotFoundError(f"scope {scope!r} is not one of machine:ID, line:ID, area:ID or site")

    def changeover_min(self, from_family: str | None, to_family: str | None) -> float:
        """Extra minutes when a machine switches from one product family to another."""
        if from_family is None or to_family is None or from_family == to_family:
            return 0.0
        for changeover in self.changeovers:
            if changeover.from_family == from_family and changeover.to_family == to_family:
                return changeover.minutes
        return 0.0


def _lookup(table: dict[str, T], key: str, kind: str) -> T:
    try:
        return table[key]
    except KeyError:
        raise NotFoundError(f"no {kind} {key!r} in the plant") from None
