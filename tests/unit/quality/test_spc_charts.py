"""Chart properties: frozen phase I limits, phases, exclusion, and refused input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from obeya.domain.errors import FileFormatError, InputError
from obeya.quality.analysis import ChartRequest, ChartType, build_charts
from obeya.quality.charts.model import PhasePlan
from obeya.quality.charts.variables import individuals_moving_range, xbar_r
from obeya.quality.data import Table, parse_table
from obeya.quality.tables import phase_plan


def _subgroup_table(rows: list[tuple[str, float]]) -> Table:
    text = "sample,width\n" + "".join(f"{label},{value}\n" for label, value in rows)
    return parse_table(text, source="widths.csv")


def _limits(chart: object) -> tuple[float, float | None, float | None]:
    return (chart.center, chart.lcl, chart.ucl)  # type: ignore[attr-defined]


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    shift=st.floats(-50.0, 50.0, allow_nan=False),
    phase_two_count=st.integers(1, 10),
)
def test_phase_one_limits_do_not_move_when_phase_two_data_shift(
    seed: int, shift: float, phase_two_count: int
) -> None:
    """Adding a constant to phase II data changes its points, never the frozen limits."""
    generator = np.random.default_rng(seed)
    samples = [generator.normal(10.0, 1.0, 4) for _ in range(8 + phase_two_count)]
    labels = [str(number) for number in range(1, len(samples) + 1)]
    plan = phase_plan(labels, "1-8")
    shifted = samples[:8] + [sample + shift for sample in samples[8:]]
    for build in (xbar_r,):
        before, after = build(labels, samples, plan), build(labels, shifted, plan)
        assert [_limits(c) for c in before] == [_limits(c) for c in after]
    values = np.array([float(sample[0]) for sample in samples])
    moved = values.copy()
    moved[8:] += shift
    before_i = individuals_moving_range(labels, values, plan)
    after_i = individuals_moving_range(labels, moved, plan)
    assert [_limits(c) for c in before_i] == [_limits(c) for c in after_i]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), shift=st.floats(-1e3, 1e3, allow_nan=False))
def test_shifting_all_data_shifts_the_xbar_chart_and_leaves_the_range_chart(
    seed: int, shift: float
) -> None:
    generator = np.random.default_rng(seed)
    samples = [generator.normal(0.0, 1.0, 5) for _ in range(10)]
    labels = [str(number) for number in range(1, 11)]
    plan = PhasePlan.all_phase_one(10)
    xbar, ranges = xbar_r(labels, samples, plan)
    moved_xbar, moved_ranges = xbar_r(labels, [s + shift for s in samples], plan)
    assert _limits(moved_xbar) == pytest.approx(
        (xbar.center + shift, xbar.lcl + shift, xbar.ucl + shift),
        abs=1e-9,  # type: ignore[operator]
    )
    assert _limits(moved_ranges) == pytest.approx(_limits(ranges), abs=1e-9)


def test_points_after_the_phase_one_range_are_phase_two() -> None:
    rows = [(str(s), v) for s in range(1, 5) for v in (1.0 + s % 2, 2.0, 3.0 - s % 3)]
    charts = build_charts(
        _subgroup_table(rows),
        ChartRequest(ChartType.XBAR_R, "width", subgroup_column="sample", phase_one="1-3"),
    )
    assert [p.phase for p in charts[0].points] == [1, 1, 1, 2]


def test_labels_containing_dashes_can_bound_phase_one() -> None:
    plan = phase_plan(["A-1", "A-2", "A-3"], "A-1-A-2")
    assert plan.phase_one == (True, True, False)


@pytest.mark.parametrize(
    ("spec", "problem"),
    [("1-99", "does not name"), ("3-1", "comes before"), ("1_3", "does not name")],
)
def test_a_bad_phase_one_range_is_refused_naming_the_option(spec: str, problem: str) -> None:
    with pytest.raises(InputError, match=f"--phase1.*{problem}"):
        phase_plan(["1", "2", "3"], spec)


def test_a_phase_one_too_short_to_estimate_limits_is_refused() -> None:
    table = parse_table("x\n1\n2\n4\n", source="few.csv")
    with pytest.raises(InputError, match="phase I has 1 usable point"):
        build_charts(table, ChartRequest(ChartType.C, "x", phase_one="1-1"))


def test_single_measurement_subgroups_are_refused_for_xbar_r_naming_the_line() -> None:
    table = _subgroup_table([("1", 1.0), ("1", 2.0), ("2", 1.5)])
    with pytest.raises(FileFormatError, match=r"subgroup '2' has 1 measurement.*\(line 4\)"):
        build_charts(table, ChartRequest(ChartType.XBAR_R, "width", subgroup_column="sample"))


def test_unequal_subgroups_are_refused_naming_the_first_odd_one() -> None:
    table = _subgroup_table([("1", 1.0), ("1", 2.0), ("2", 1.5), ("2", 1.0), ("2", 3.0)])
    with pytest.raises(FileFormatError, match=r"subgroup '2' has 3 .* \(line 4\)"):
        build_charts(table, ChartRequest(ChartType.XBAR_S, "width", subgroup_column="sample"))


def test_negative_defect_counts_are_refused_naming_the_line_and_column() -> None:
    table = parse_table("lot,defects\n1,3\n2,-1\n", source="defects.csv")
    with pytest.raises(FileFormatError, match=r"defects.csv: defects: .*negative.*\(line 3\)"):
        build_charts(table, ChartRequest(ChartType.C, "defects", subgroup_column="lot"))


def test_more_defectives_than_the_sample_holds_are_refused_naming_the_line() -> None:
    table = parse_table("d,n\n3,10\n12,10\n", source="p.csv")
    with pytest.raises(FileFormatError, match=r"12 nonconforming units in a sample of 10.*line 3"):
        build_charts(table, ChartRequest(ChartType.P, "d", size_column="n"))


def test_p_charts_need_a_size_column() -> None:
    table = parse_table("d\n3\n4\n", source="p.csv")
    with pytest.raises(InputError, match="--size is needed"):
        build_charts(table, ChartRequest(ChartType.P, "d"))


def test_np_charts_need_a_constant_sample_size() -> None:
    table = parse_table("d,n\n3,10\n4,12\n", source="np.csv")
    with pytest.raises(InputError, match="constant sample size"):
        build_charts(table, ChartRequest(ChartType.NP, "d", size_column="n"))


def test_repeated_labels_are_refused_for_one_row_per_point_charts() -> None:
    table = parse_table("lot,x\nA,3\nB,4\nA,5\n", source="c.csv")
    with pytest.raises(FileFormatError, match=r"label 'A' repeats.*line 4"):
        build_charts(table, ChartRequest(ChartType.C, "x", subgroup_column="lot"))


def test_phase_one_without_variation_is_refused() -> None:
    table = parse_table("x\n5\n5\n5\n", source="flat.csv")
    with pytest.raises(InputError, match="no variation"):
        build_charts(table, ChartRequest(ChartType.IMR, "x"))


def test_p_chart_with_varying_sizes_has_per_point_limits_only() -> None:
    table = parse_table("d,n\n3,50\n5,100\n4,80\n6,100\n", source="p.csv")
    (chart,) = build_charts(table, ChartRequest(ChartType.P, "d", size_column="n"))
    assert chart.lcl is None and chart.ucl is None
    center = 18 / 330
    expected = center + 3 * (center * (1 - center) / 50) ** 0.5
    assert chart.points[0].ucl == pytest.approx(expected, rel=1e-12)
    assert chart.points[1].ucl == chart.points[3].ucl


def test_np_chart_center_is_n_times_p_bar() -> None:
    table = parse_table("d,n\n3,50\n5,50\n4,50\n", source="np.csv")
    (chart,) = build_charts(table, ChartRequest(ChartType.NP, "d", size_column="n"))
    assert chart.center == pytest.approx(4.0)
    assert chart.ucl == pytest.approx(4.0 + 3 * (4.0 * (1 - 0.08)) ** 0.5)


def test_xbar_s_chart_uses_s_bar_over_c4() -> None:
    rows = [("1", 1.0), ("1", 3.0), ("2", 2.0), ("2", 6.0)]
    charts = build_charts(
        _subgroup_table(rows), ChartRequest(ChartType.XBAR_S, "width", subgroup_column="sample")
    )
    s_bar = (2**0.5 + 8**0.5) / 2
    assert charts[1].center == pytest.approx(s_bar)
    assert charts[0].sigma == pytest.approx(s_bar / 0.7978845608028654)
    assert charts[0].ucl == pytest.approx(3.0 + 2.659 * s_bar, rel=1e-3)


def test_ewma_and_cusum_estimate_target_and_sigma_from_phase_one() -> None:
    table = parse_table("x\n10\n12\n11\n13\n30\n", source="t.csv")
    for kind in (ChartType.EWMA, ChartType.CUSUM):
        (chart,) = build_charts(table, ChartRequest(kind, "x", phase_one="1-4"))
        assert chart.details["target"] == pytest.approx(11.5)
        assert chart.sigma == pytest.approx((2 + 1 + 2) / 3 / 1.1283791670955126)
        assert chart.violations and chart.violations[0].subgroup == "5"


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"ewma_weight": 0.0}, "--lambda"),
        ({"ewma_width": -1.0}, "--width"),
        ({"sigma": 0.0}, "sigma"),
        ({"exclude_flagged": True}, "--exclude-flagged applies to Shewhart charts only"),
    ],
)
def test_bad_ewma_parameters_are_refused_naming_the_option(
    options: dict[str, object], problem: str
) -> None:
    table = parse_table("x\n10\n12\n11\n", source="t.csv")
    with pytest.raises(InputError, match=problem):
        build_charts(table, ChartRequest(ChartType.EWMA, "x", **options))  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(
    counts=st.lists(st.integers(0, 40), min_size=8, max_size=20),
    shift=st.integers(0, 30),
)
def test_attribute_limits_do_not_move_when_phase_two_counts_change(
    counts: list[int], shift: int
) -> None:
    """c and p charts: phase II counts never feed back into the phase I limits."""
    if sum(counts[:5]) == 0:
        counts[0] = 1
    header = "lot,count,n\n"
    rows = [f"{lot},{count},100\n" for lot, count in enumerate(counts, start=1)]
    moved = [f"{lot},{count + shift * (lot > 5)},100\n" for lot, count in enumerate(counts, 1)]
    for kind in (ChartType.C, ChartType.P):
        request = ChartRequest(kind, "count", "lot", "n", phase_one="1-5")
        (before,) = build_charts(parse_table(header + "".join(rows), source="a"), request)
        (after,) = build_charts(parse_table(header + "".join(moved), source="b"), request)
        assert _limits(before) == _limits(after)


@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.floats(-100.0, 100.0), min_size=1, max_size=50))
def test_cusum_sums_are_never_negative_and_their_counts_reset_at_zero(
    values: list[float],
) -> None:
    table = parse_table("x\n" + "".join(f"{v!r}\n" for v in values), source="x")
    request = ChartRequest(ChartType.CUSUM, "x", target=0.0, sigma=1.0)
    (chart,) = build_charts(table, request)
    for point in chart.points:
        for side in ("plus", "minus"):
            total, periods = point.extra[f"c_{side}"], point.extra[f"n_{side}"]
            assert isinstance(total, float) and total >= 0.0
            assert (total == 0.0) == (periods == 0)
