"""Quality records: measured characteristics, nonconformances and their disposition.

A `Characteristic` is something measured on a product (a diameter, a viscosity) with its
specification limits. A `Nonconformance` records units of a product, made on a line,
that failed inspection with a defect code, and what was decided about them
(`Disposition`). Production quantities (the denominators of first-pass yield) are given
per product and line as `ProducedQuantity`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from obeya.domain.errors import InputError


class Disposition(StrEnum):
    """What is done with nonconforming units.

    `scrap` destroys them (they cost their unit cost); `rework` repairs them (they leave
    good, but not first time); `use_as_is` accepts them by concession; `return_to_supplier`
    sends purchased material back.
    """

    SCRAP = "scrap"
    REWORK = "rework"
    USE_AS_IS = "use_as_is"
    RETURN_TO_SUPPLIER = "return_to_supplier"


@dataclass(frozen=True)
class Characteristic:
    """A measured product characteristic with its specification limits.

    Attributes:
        id: the characteristic's identifier (`P-100.diameter`).
        product_id: the product it is measured on.
        unit: the measurement unit (`mm`, `cP`).
        lower_spec: the lower specification limit (LSL), None when one-sided.
        upper_spec: the upper specification limit (USL), None when one-sided.
        target: the nominal value, None when not given.

    Raises:
        InputError: when the lower specification limit exceeds the upper one.
    """

    id: str
    product_id: str
    unit: str
    lower_spec: float | None = None
    upper_spec: float | None = None
    target: float | None = None

    def __post_init__(self) -> None:
        if (
            self.lower_spec is not None
            and self.upper_spec is not None
            and self.lower_spec > self.upper_spec
        ):
            raise InputError(
                f"characteristic {self.id!r}: lower specification limit {self.lower_spec} "
                f"is above the upper one {self.upper_spec}"
            )


@dataclass(frozen=True)
class Nonconformance:
    """Units of a product that failed inspection, with the defect and the disposition.

    Attributes:
        id: the nonconformance report's identifier.
        product_id: the product.
        line_id: the line that made the units.
        defect: the defect code (`scratch`, `undersize`).
        quantity: the number of nonconforming units (>= 1).
        disposition: what was decided about them.
        found_at: when they were found (aware UTC), None when unknown.

    Raises:
        InputError: when the quantity is below 1.
    """

    id: str
    product_id: str
    line_id: str
    defect: str
    quantity: int
    disposition: Disposition
    found_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.quantity < 1:
            raise InputError(
                f"nonconformance {self.id!r}: quantity must be at least 1, got {self.quantity}"
            )


@dataclass(frozen=True)
class ProducedQuantity:
    """How many units of a product a line made (good, scrap and rework together).

    Raises:
        InputError: when the quantity is negative.
    """

    product_id: str
    line_id: str
    quantity: int

    def __post_init__(self) -> None:
        if self.quantity < 0:
            raise InputError(
                f"produced quantity of {self.product_id!r} on {self.line_id!r} "
                f"must not be negative, got {self.quantity}"
            )
