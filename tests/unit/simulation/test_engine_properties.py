"""Invariants of the engine over random small lines (hypothesis, seeded streams)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obeya.simulation.distributions import Distribution
from obeya.simulation.experiment import run_replication, run_replications
from obeya.simulation.line_spec import FailureSpec, LineSpec, StationSpec

from .helpers import assert_littles_law

distributions = st.sampled_from(
    [
        Distribution("exponential", {"mean": 1.0}),
        Distribution("constant", {"value": 0.9}),
        Distribution("uniform", {"low": 0.5, "high": 1.5}),
        Distribution("gamma", {"mean": 1.1, "cv": 0.7}),
        Distribution("lognormal", {"mean": 0.8, "sd": 0.4}),
        Distribution("normal", {"mean": 1.0, "sd": 0.5}),
        Distribution("triangular", {"low": 0.2, "mode": 1.0, "high": 1.4}),
        Distribution("empirical", {}, (0.5, 1.0, 1.7)),
    ]
)
failures = st.none() | st.just(
    FailureSpec(
        Distribution("exponential", {"mean": 30.0}), Distribution("gamma", {"mean": 3.0, "cv": 1.0})
    )
)
stations = st.builds(
    StationSpec,
    id=st.just("S"),
    process=distributions,
    servers=st.integers(1, 2),
    buffer=st.none() | st.integers(0, 3),
    failures=failures,
    changeover=st.sampled_from([None, Distribution("exponential", {"mean": 2.0})]),
    scrap=st.sampled_from([0.0, 0.0, 0.05]),
    rework=st.sampled_from([0.0, 0.0, 0.1]),
)


@st.composite
def lines(draw: st.DrawFn) -> LineSpec:
    drawn = draw(st.lists(stations, min_size=1, max_size=4))
    named = tuple(replace(station, id=f"S{i}") for i, station in enumerate(drawn))
    release = draw(st.sampled_from(["saturated", "open", "conwip"]))
    if release != "conwip":  # finite buffers keep open and saturated lines stable
        named = tuple(replace(s, buffer=3 if s.buffer is None else s.buffer) for s in named)
    return LineSpec(
        stations=named,
        horizon=1500.0,
        warmup=200.0,
        replications=2,
        seed=draw(st.integers(0, 2**32)),
        arrivals=Distribution("exponential", {"mean": 1.5}) if release == "open" else None,
        conwip_wip=draw(st.integers(1, 8)) if release == "conwip" else None,
        products=(("A", 0.6), ("B", 0.4)),
    )


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines())
def test_the_same_seed_gives_identical_results(spec: LineSpec) -> None:
    assert run_replication(spec, 1) == run_replication(spec, 1)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines())
def test_every_machine_is_working_blocked_starved_down_or_in_setup_all_the_time(
    spec: LineSpec,
) -> None:
    figures = run_replication(spec, 0)
    for station in figures.stations:
        names = ("utilization", "blocked", "starved", "down", "setup")
        shares = tuple(station[name] for name in names)
        assert all(0.0 <= share <= 1.0 + 1e-9 for share in shares)
        assert sum(shares) == pytest.approx(1.0)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines())
def test_littles_law_holds_for_the_line_and_every_station(spec: LineSpec) -> None:
    figures = run_replication(spec, 0)
    # a short horizon leaves the parts in the line at both ends: allow 5 %
    tolerance = 0.05 if figures.line["throughput"] > 0.2 else 0.3
    no_scrap = all(station.scrap == 0 for station in spec.stations)
    assert_littles_law(figures, tolerance, with_line=no_scrap)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines())
def test_a_conwip_line_never_holds_more_than_its_wip_limit(spec: LineSpec) -> None:
    spec = replace(spec, arrivals=None, conwip_wip=3)
    assert run_replication(spec, 0).line["wip"] <= 3 + 1e-9


def test_the_answer_does_not_depend_on_the_number_of_worker_processes() -> None:
    spec = LineSpec(
        stations=(
            StationSpec("S1", Distribution("exponential", {"mean": 1.0}), buffer=2),
            StationSpec("S2", Distribution("exponential", {"mean": 1.0})),
        ),
        horizon=2000.0,
        replications=4,
        seed=7,
    )
    assert run_replications(spec, workers=1) == run_replications(spec, workers=2)


def test_different_seeds_give_different_results() -> None:
    spec = LineSpec(
        stations=(StationSpec("S1", Distribution("exponential", {"mean": 1.0})),),
        horizon=2000.0,
        arrivals=Distribution("exponential", {"mean": 2.0}),
    )
    assert run_replication(spec, 0) != run_replication(replace(spec, seed=2), 0)
    assert run_replication(spec, 0) != run_replication(spec, 1)
