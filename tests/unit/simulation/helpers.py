"""Helpers for the simulation tests: build lines from YAML text, check estimates."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest

from obeya.simulation.experiment import run_replications
from obeya.simulation.line_file import parse_line_text
from obeya.simulation.line_spec import LineSpec
from obeya.simulation.statistics import Estimate, ReplicationFigures, Summary, summarize


def line_from(text: str) -> LineSpec:
    """A line spec from the text of a line file (starting after `obeya-line: 1`)."""
    return parse_line_text("obeya-line: 1\n" + text, source="test.yaml")


def simulate(spec: LineSpec, *, with_line: bool = True) -> tuple[Summary, list[ReplicationFigures]]:
    """Run every replication in this process; check Little's law on every run.

    `with_line=False` checks the stations only (scrapped parts leave the line without a
    cycle time, so the line's law needs the good parts only).
    """
    runs = run_replications(spec, workers=1)
    for run in runs:
        assert_littles_law(run, with_line=with_line)
    return summarize([station.id for station in spec.stations], runs), runs


def assert_littles_law(
    run: ReplicationFigures, tolerance: float = 0.01, *, with_line: bool = True
) -> None:
    """L = lambda W for the line and for every station of one replication."""
    figures = [run.line, *run.stations] if with_line else list(run.stations)
    for figure in figures:
        expected = figure["throughput"] * figure["cycle_time"]
        assert figure["wip"] == pytest.approx(expected, rel=tolerance), figure


def assert_close(value: Estimate, expected: float, relative: float = 0.02) -> None:
    """Within 3 standard errors AND within `relative` of the closed-form value."""
    assert value.mean is not None
    assert value.standard_error is not None
    error = abs(value.mean - expected)
    assert error <= 3 * value.standard_error, (value, expected, "more than 3 standard errors")
    assert error <= relative * abs(expected), (value, expected, f"more than {relative:.0%} off")


def erlang_c_waiting_time(arrival_rate: float, service_rate: float, servers: int) -> float:
    """Mean wait in queue Wq of M/M/c (Erlang C formula)."""
    load = arrival_rate / service_rate
    top = load**servers / math.factorial(servers) * servers / (servers - load)
    bottom = sum(load**k / math.factorial(k) for k in range(servers)) + top
    return top / bottom / (servers * service_rate - arrival_rate)


def station_figure(summary: Summary, index: int, name: str) -> Estimate:
    """The estimate of one station figure."""
    return summary.stations[index][1][name]


def all_stations(summary: Summary, name: str) -> Sequence[Estimate]:
    """One figure for every station."""
    return [figures[name] for _, figures in summary.stations]
