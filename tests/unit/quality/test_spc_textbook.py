"""Charts against the published worked examples of Montgomery's *Introduction to SQC*.

Data: the R package qcc's copies in ../shared/research-data/spc (see SOURCES.md there);
the tests skip when that folder is absent.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from obeya.quality.analysis import ChartType
from obeya.quality.data import Table

from .spc_helpers import charts_by_name, rules_of

Reader = Callable[[str], Table]


def _beyond_limits(chart_points: object) -> list[str]:
    return [
        p.subgroup
        for p in chart_points  # type: ignore[attr-defined]
        if (p.ucl is not None and p.value > p.ucl) or (p.lcl is not None and p.value < p.lcl)
    ]


def test_piston_ring_xbar_and_r_limits_match_the_book(spc_table: Reader) -> None:
    """Montgomery (1991) pp. 206-213, first 25 subgroups: X-bar 74.00118 [73.98805, 74.01430];
    R 0.02276, UCL 0.04813."""
    charts = charts_by_name(
        spc_table("pistonrings.txt"), ChartType.XBAR_R, "diameter",
        subgroup_column="sample", phase_one="1-25",
    )  # fmt: skip
    xbar, ranges = charts["xbar"], charts["r"]
    assert xbar.center == pytest.approx(74.00118, abs=5e-6)
    assert xbar.lcl == pytest.approx(73.98805, abs=5e-6)
    assert xbar.ucl == pytest.approx(74.01430, abs=5e-6)
    assert xbar.sigma == pytest.approx(0.009785, abs=5e-7)
    assert ranges.center == pytest.approx(0.02276, abs=5e-6)
    assert ranges.ucl == pytest.approx(0.04813, abs=5e-6)
    assert ranges.lcl == 0.0


def test_piston_ring_phase_two_signals_beyond_the_upper_limit(spc_table: Reader) -> None:
    """Montgomery (1991) pp. 206-213: the last 15 subgroups show the process mean shifted up."""
    charts = charts_by_name(
        spc_table("pistonrings.txt"), ChartType.XBAR_R, "diameter",
        subgroup_column="sample", phase_one="1-25",
    )  # fmt: skip
    xbar = charts["xbar"]
    flagged = [v.subgroup for v in xbar.violations if v.rule == "we-1"]
    assert flagged == ["37", "38", "39"]
    assert all(xbar.points[int(s) - 1].value > xbar.ucl for s in flagged)  # type: ignore[operator]
    assert {p.phase for p in xbar.points[25:]} == {2}
    assert not charts["r"].violations


def test_orange_juice_p_chart_and_its_revision_match_the_book(spc_table: Reader) -> None:
    """Montgomery (1991) pp. 152-159 (Example 7.1): p 0.2313 [0.0524, 0.4102]; samples 15 and
    23 out of control; excluding them gives 0.2150 [0.0407, 0.3893]."""
    table = spc_table("orangejuice.txt")
    options = {"subgroup_column": "sample", "size_column": "size", "phase_one": "1-30"}
    first = charts_by_name(table, ChartType.P, "D", **options)["p"]
    assert (first.center, first.lcl, first.ucl) == pytest.approx((0.2313, 0.0524, 0.4102), abs=5e-5)
    assert _beyond_limits(first.points[:30]) == ["15", "23"]
    revised = charts_by_name(table, ChartType.P, "D", exclude_flagged=True, **options)["p"]
    assert (revised.center, revised.lcl, revised.ucl) == pytest.approx(
        (0.2150, 0.0407, 0.3893), abs=5e-5
    )
    assert [p.subgroup for p in revised.points if p.excluded] == ["15", "23"]


def test_orange_juice_after_adjustment_is_in_control(spc_table: Reader) -> None:
    """Montgomery (1991) pp. 152-159: samples 31-54 give p 0.1108, UCL 0.2440, LCL 0; the
    further samples 55-94 plot in control."""
    chart = charts_by_name(
        spc_table("orangejuice2.txt"), ChartType.P, "D",
        subgroup_column="sample", size_column="size", phase_one="31-54",
    )["p"]  # fmt: skip
    assert (chart.center, chart.lcl, chart.ucl) == pytest.approx((0.1108, 0.0, 0.2440), abs=5e-5)
    assert _beyond_limits(chart.points) == []


def test_circuit_board_c_chart_matches_the_book(spc_table: Reader) -> None:
    """Montgomery (1991) pp. 173-175 (Example 7.3): c 19.85 [6.48, 33.22]; samples 6 and 20
    out; revised without them 19.67 [6.36, 32.97]. The book computes the limits from c-bar
    rounded to 19.85, hence the 0.01 tolerance on the limits (c-bar itself is 516/26)."""
    table = spc_table("circuit.txt")
    options = {"subgroup_column": "sample", "phase_one": "1-26"}
    chart = charts_by_name(table, ChartType.C, "x", **options)["c"]
    assert chart.center == pytest.approx(516 / 26, rel=1e-12)
    assert (chart.lcl, chart.ucl) == pytest.approx((6.48, 33.22), abs=1e-2)
    assert _beyond_limits(chart.points[:26]) == ["6", "20"]
    assert rules_of(chart, "20") == {"we-1"}
    revised = charts_by_name(table, ChartType.C, "x", exclude_flagged=True, **options)["c"]
    assert (revised.center, revised.lcl, revised.ucl) == pytest.approx(
        (19.67, 6.36, 32.97), abs=1e-2
    )


def test_personal_computer_u_chart_matches_the_book(spc_table: Reader) -> None:
    """Montgomery (1991) pp. 181-182: u 1.93 [0.07, 3.79] for samples of 5 computers."""
    chart = charts_by_name(spc_table("pcmanufact.txt"), ChartType.U, "x", size_column="size")["u"]
    assert chart.center == pytest.approx(1.93, abs=5e-6)
    assert (chart.lcl, chart.ucl) == pytest.approx((0.07, 3.79), abs=5e-3)
    assert not chart.violations


def test_dyed_cloth_u_chart_has_limits_varying_with_the_roll_size(spc_table: Reader) -> None:
    """Montgomery (1991) pp. 183-184: u = 153/107.5 = 1.42; n = 10 gives [0.29, 2.55],
    n = 8 gives [0.16, 2.69], n = 13 gives [0.43, 2.42]. The book computes the limits from
    u-bar rounded to 1.42, hence the 0.01 tolerance on the limits."""
    chart = charts_by_name(spc_table("dyedcloth.txt"), ChartType.U, "x", size_column="size")["u"]
    assert chart.center == pytest.approx(153 / 107.5, rel=1e-12)
    assert chart.lcl is None and chart.ucl is None
    limits = [limit for p in chart.points[:3] for limit in (p.lcl, p.ucl)]
    assert limits == pytest.approx([0.29, 2.55, 0.16, 2.69, 0.43, 2.42], abs=1e-2)


def test_viscosity_individuals_chart_matches_a_hand_calculation(spc_table: Reader) -> None:
    """Montgomery (2005) pp. 232-235 data; limits x-bar +- 3 MR-bar/1.128 over batches 1-20,
    checked against an independent calculation (MR-bar over the 19 ranges of phase I)."""
    table = spc_table("viscosity.txt")
    values = table.numbers("viscosity")[:20]
    mean_moving_range = sum(abs(b - a) for a, b in itertools.pairwise(values)) / 19
    mean = sum(values) / 20
    charts = charts_by_name(
        table, ChartType.IMR, "viscosity", subgroup_column="batch", phase_one="1-20"
    )
    sigma = mean_moving_range / 1.1283791670955126
    assert charts["i"].center == pytest.approx(mean, rel=1e-12)
    assert charts["i"].ucl == pytest.approx(mean + 3 * sigma, rel=1e-9)
    assert charts["mr"].ucl == pytest.approx(3.267 * mean_moving_range, rel=1e-3)
    assert len(charts["mr"].points) == 34


def test_tabular_cusum_of_table_9_1_signals_at_sample_29(spc_table: Reader) -> None:
    """Montgomery, Example 9.1 / Table 9.2 (mu0 = 10, sigma = 1, k = 0.5, h = 5): C+ reaches
    5.28 at sample 29 with N+ = 7, the first value above H = 5."""
    chart = charts_by_name(
        spc_table("montgomery_table9_1.csv"), ChartType.CUSUM, "x",
        subgroup_column="obs", target=10.0, sigma=1.0,
    )["cusum"]  # fmt: skip
    point = chart.points[28]
    assert point.extra["c_plus"] == pytest.approx(5.28, abs=5e-3)
    assert point.extra["n_plus"] == 7
    assert chart.points[27].extra["c_plus"] == pytest.approx(4.47, abs=5e-3)
    assert chart.violations[0].subgroup == "29"
    assert chart.violations[0].side == "upper"
    assert (chart.lcl, chart.ucl) == (-5.0, 5.0)


def test_ewma_of_table_9_1_follows_the_book_and_first_signals_at_sample_29(
    spc_table: Reader,
) -> None:
    """Montgomery, Example 9.2 (lambda = 0.1, L = 2.7, mu0 = 10, sigma = 1): z1 = 9.945,
    z2 = 9.7495, UCL1 = 10.27, UCL2 = 10.36. Recomputed here, z28 = 10.5731 stays below its
    UCL 10.6186 and z29 = 10.6468 is the first point above (10.6187)."""
    chart = charts_by_name(
        spc_table("montgomery_table9_1.csv"), ChartType.EWMA, "x",
        subgroup_column="obs", target=10.0, sigma=1.0, ewma_weight=0.1, ewma_width=2.7,
    )["ewma"]  # fmt: skip
    values = [p.value for p in chart.points]
    assert values[:2] == pytest.approx([9.945, 9.7495], abs=5e-5)
    assert [p.ucl for p in chart.points[:2]] == pytest.approx([10.27, 10.3632], abs=5e-4)
    assert values[27:29] == pytest.approx([10.5731, 10.6468], abs=5e-5)
    assert chart.violations[0].subgroup == "29"
