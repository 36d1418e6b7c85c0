"""First-pass yield, scrap cost and the defect Pareto over nonconformance records."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.domain.errors import InputError
from obeya.domain.quality import Characteristic, Disposition, Nonconformance, ProducedQuantity
from obeya.quality.nonconformance import defect_pareto, first_pass_yield, scrap_cost


def _record(number: int, product: str, line: str, defect: str, quantity: int,
            disposition: Disposition = Disposition.SCRAP) -> Nonconformance:  # fmt: skip
    return Nonconformance(f"NC-{number}", product, line, defect, quantity, disposition)


@pytest.fixture
def two_line_records() -> list[Nonconformance]:
    return [
        _record(1, "P-100", "L1", "scratch", 3),
        _record(2, "P-100", "L1", "undersize", 2, Disposition.REWORK),
        _record(3, "P-100", "L2", "scratch", 1),
        _record(4, "P-200", "L1", "burr", 4, Disposition.USE_AS_IS),
    ]


def test_first_pass_yield_counts_reworked_units_as_not_first_time(
    two_line_records: list[Nonconformance],
) -> None:
    produced = [
        ProducedQuantity("P-100", "L1", 100),
        ProducedQuantity("P-100", "L2", 50),
        ProducedQuantity("P-200", "L1", 40),
        ProducedQuantity("P-300", "L3", 0),
    ]
    rows = first_pass_yield(produced, two_line_records)
    by_key = {(row.product_id, row.line_id): row.first_pass_yield for row in rows}
    assert by_key == {
        ("P-100", "L1"): pytest.approx(0.95),
        ("P-100", "L2"): pytest.approx(0.98),
        ("P-200", "L1"): pytest.approx(0.90),
        ("P-300", "L3"): None,
    }


def test_more_nonconforming_than_produced_is_refused(
    two_line_records: list[Nonconformance],
) -> None:
    with pytest.raises(InputError, match="'P-100' on line 'L1': 5 nonconforming units"):
        first_pass_yield([ProducedQuantity("P-100", "L1", 4)], two_line_records)


def test_scrap_cost_counts_only_scrapped_units(two_line_records: list[Nonconformance]) -> None:
    costs = scrap_cost(two_line_records, {"P-100": 12.5, "P-200": 99.0})
    assert costs == {("P-100", "L1"): 37.5, ("P-100", "L2"): 12.5}


def test_scrap_without_a_unit_cost_is_refused_naming_the_product(
    two_line_records: list[Nonconformance],
) -> None:
    with pytest.raises(InputError, match="no unit cost for product 'P-100'"):
        scrap_cost(two_line_records, {"P-200": 1.0})


def test_defect_pareto_is_largest_first_with_cumulative_shares(
    two_line_records: list[Nonconformance],
) -> None:
    rows = defect_pareto(two_line_records)
    assert [(row.defect, row.quantity) for row in rows] == [
        ("burr", 4), ("scratch", 4), ("undersize", 2),
    ]  # fmt: skip
    assert [row.cumulative_share for row in rows] == pytest.approx([0.4, 0.8, 1.0])


@given(st.lists(st.tuples(st.sampled_from("abcde"), st.integers(1, 50)), min_size=1))
def test_pareto_shares_sum_to_one_and_never_grow(pairs: list[tuple[str, int]]) -> None:
    rows = defect_pareto([_record(i, "P", "L", d, q) for i, (d, q) in enumerate(pairs)])
    assert sum(row.share for row in rows) == pytest.approx(1.0)
    assert rows[-1].cumulative_share == pytest.approx(1.0)
    assert all(a.quantity >= b.quantity for a, b in itertools.pairwise(rows))


def test_records_refuse_impossible_quantities_and_limits() -> None:
    with pytest.raises(InputError, match="quantity must be at least 1"):
        _record(1, "P", "L", "burr", 0)
    with pytest.raises(InputError, match="must not be negative"):
        ProducedQuantity("P", "L", -1)
    with pytest.raises(InputError, match="lower specification limit 2 is above"):
        Characteristic("P.d", "P", "mm", lower_spec=2, upper_spec=1)
