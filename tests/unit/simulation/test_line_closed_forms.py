"""Whole lines against published results: CONWIP, two-machine lines, Buzacott's lines."""

from __future__ import annotations

import pytest

from .helpers import assert_close, line_from, simulate


def _conwip(wip: int, process: str, horizon: int, replications: int) -> str:
    stations = "".join(f"  - {{id: S{i}, process: {process}}}\n" for i in range(1, 5))
    return (
        f"horizon: {horizon}\nwarmup: 500\nreplications: {replications}\n"
        f"release: {{policy: conwip, wip: {wip}}}\nstations:\n{stations}"
    )


@pytest.mark.parametrize(("wip", "throughput", "cycle_time"), [(2, 0.25, 8.0), (6, 0.5, 12.0)])
def test_deterministic_conwip_line_achieves_the_best_case_exactly(
    wip: int, throughput: float, cycle_time: float
) -> None:
    """Penny Fab One with constant 2 h stations: rb = 0.5/h, T0 = 8 h, W0 = 4;
    best case TH = min(w/T0, rb), CT = max(T0, w/rb).

    Source: Hopp & Spearman, Factory Physics, 3rd ed., chapter 7 (Basic Factory
    Dynamics): the Penny Fab One and the Best-Case Performance law.
    """
    horizon = 20000
    summary, _ = simulate(line_from(_conwip(wip, "{dist: constant, value: 2}", horizon, 2)))
    assert summary.line["throughput"].mean == pytest.approx(throughput, abs=1 / horizon)
    assert summary.line["cycle_time"].mean == pytest.approx(cycle_time, abs=1e-9)
    assert summary.line["wip"].mean == pytest.approx(wip, abs=1e-9)


def test_exponential_balanced_conwip_line_achieves_the_practical_worst_case() -> None:
    """Penny Fab One with exponential 2 h stations and w = 4:
    TH_PWC = w/(w + W0 - 1) rb = 4/7 * 0.5 = 0.285714/h, CT_PWC = T0 + (w - 1)/rb = 14 h.

    Source: Hopp & Spearman, Factory Physics, 3rd ed., chapter 7 (Basic Factory
    Dynamics): the Practical Worst Case, TH_PWC = w/(W0 + w - 1) rb.
    """
    practical_worst = 4 / (4 + 4 - 1) * 0.5
    assert round(practical_worst, 6) == 0.285714
    summary, _ = simulate(line_from(_conwip(4, "{dist: exponential, mean: 2}", 20000, 10)))
    assert_close(summary.line["throughput"], practical_worst)
    assert_close(summary.line["cycle_time"], 14.0)


@pytest.mark.parametrize("places", [0, 1, 3])
def test_two_equal_exponential_machines_with_a_buffer_reach_b_plus_2_over_b_plus_3(
    places: int,
) -> None:
    """Two reliable exponential machines with rate 1 and B places between them
    (blocking after service, saturated first machine): TH = (B + 2)/(B + 3).

    Source: Buzacott & Shanthikumar, Stochastic Models of Manufacturing Systems (1993),
    two-stage flow lines with exponential stations and a finite buffer; Hopp & Spearman,
    Factory Physics, 3rd ed., chapter 8 (blocking), with equal rates.
    """
    stations = (
        "  - {id: S1, process: {dist: exponential, mean: 1}}\n"
        f"  - {{id: S2, buffer: {places}, process: {{dist: exponential, mean: 1}}}}\n"
    )
    text = "horizon: 20000\nwarmup: 100\nreplications: 10\nstations:\n" + stations
    summary, _ = simulate(line_from(text))
    assert_close(summary.line["throughput"], (places + 2) / (places + 3))
    assert summary.stations[0][1]["starved"].mean == 0.0


def test_deterministic_line_with_failures_and_no_buffers_has_buzacotts_efficiency() -> None:
    """Three stations of cycle 1 with operation-dependent failures (MTBF 200, MTTR 20
    working-time units) and zero buffers: E = 1/(1 + sum p_i/r_i) = 1/1.3.

    Source: Buzacott (1967), "Automatic transfer lines with buffer stocks", Int. J.
    Production Research 5(3); Buzacott & Shanthikumar (1993), transfer lines with
    operation-dependent failures and no buffers.
    """
    failures = "{up: {dist: exponential, mean: 200}, repair: {dist: exponential, mean: 20}}"
    process = "{dist: constant, value: 1}"
    stations = "".join(
        f"  - {{id: S{i}, buffer: 0, process: {process}, failures: {failures}}}\n" for i in range(3)
    )
    text = "horizon: 40000\nwarmup: 100\nreplications: 10\nstations:\n" + stations
    summary, _ = simulate(line_from(text))
    assert_close(summary.line["throughput"], 1 / (1 + 3 * 20 / 200))
