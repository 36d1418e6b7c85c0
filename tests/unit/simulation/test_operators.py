"""Shared operators: a machine needs a free operator to process (or to change over).

Closed form: two exponential stations in series sharing one operator, with unlimited
buffers, are one server giving each part both operations back to back (the operator
finishes S1, the part moves to S2 and asks for the operator first). That is an M/G/1
queue whose service time is S1 + S2; its mean number in system is the
Pollaczek–Khinchine mean-value formula L = ρ + λ²E[S²] / (2(1 − ρ)) (Kleinrock,
*Queueing Systems* vol. 1, 1975, section 5.6; Gross & Harris, *Fundamentals of Queueing
Theory*, M/G/1 section).
"""

from __future__ import annotations

import pytest

from obeya.domain.errors import FileFormatError
from obeya.simulation.experiment import run_experiment
from obeya.simulation.line_file import parse_line_text
from obeya.simulation.statistics import Summary

ARRIVAL_RATE, MEAN_1, MEAN_2 = 0.5, 0.6, 0.4


def _text(pool: str = "operators: {pool: 1}", operator: str = "process", extra: str = "") -> str:
    return f"""obeya-line: 1
horizon: 40000
warmup: 2000
replications: 8
seed: 3
arrivals: {{dist: exponential, mean: {1 / ARRIVAL_RATE}}}
{pool}
{extra}
stations:
  - {{id: S1, process: {{dist: exponential, mean: {MEAN_1}}}, operator: {operator}}}
  - {{id: S2, process: {{dist: exponential, mean: {MEAN_2}}}, operator: {operator}}}
"""


def _run(text: str) -> Summary:
    return run_experiment(parse_line_text(text), workers=1)


def _mean(summary: Summary, name: str) -> float:
    value = summary.line[name].mean
    assert value is not None
    return value


def test_two_stations_sharing_one_operator_match_the_pollaczek_khinchine_formula() -> None:
    rho = ARRIVAL_RATE * (MEAN_1 + MEAN_2)
    second_moment = MEAN_1**2 + MEAN_2**2 + (MEAN_1 + MEAN_2) ** 2
    expected_wip = rho + ARRIVAL_RATE**2 * second_moment / (2 * (1 - rho))  # 0.88
    summary = _run(_text())
    low, high = summary.line["wip"].low, summary.line["wip"].high
    assert low is not None and high is not None
    assert low - 0.03 <= expected_wip <= high + 0.03
    assert _mean(summary, "wip") == pytest.approx(expected_wip, rel=0.06)
    assert _mean(summary, "throughput") == pytest.approx(ARRIVAL_RATE, rel=0.02)


def test_littles_law_holds_with_a_shared_operator() -> None:
    summary = _run(_text())
    little = _mean(summary, "throughput") * _mean(summary, "cycle_time")
    assert _mean(summary, "wip") == pytest.approx(little, rel=0.01)


def test_waiting_for_the_operator_is_a_machine_state_and_fractions_sum_to_one() -> None:
    summary = _run(_text())
    for _, figures in summary.stations:
        names = ("utilization", "blocked", "starved", "down", "setup", "operator_wait")
        assert sum(figures[name].mean or 0.0 for name in names) == pytest.approx(1.0)
    first = dict(summary.stations)["S1"]
    assert (first["operator_wait"].mean or 0.0) > 0.05  # S1 often waits while S2 works


def test_an_operator_for_every_machine_changes_nothing() -> None:
    free = _run(_text(pool="", operator="false"))
    staffed = _run(_text(pool="operators: {pool: 2}"))
    assert staffed.line["wip"] == free.line["wip"]
    assert staffed.line["throughput"] == free.line["throughput"]


def test_setup_operators_without_changeovers_are_never_waited_for() -> None:
    free = _run(_text(pool="", operator="false"))
    setup_only = _run(_text(operator="setup"))
    assert setup_only.line["cycle_time"] == free.line["cycle_time"]
    assert all(f["operator_wait"].mean == 0 for _, f in setup_only.stations)


def test_a_setup_operator_is_only_held_during_changeovers() -> None:
    mix = "products: [{id: A, share: 0.5}, {id: B, share: 0.5}]"
    text = _text(operator="setup", extra=mix).replace(
        "operator: setup}", "operator: setup, changeover: {dist: constant, value: 0.2}}"
    )
    summary = _run(text)
    for _, figures in summary.stations:
        assert 0 < (figures["operator_wait"].mean or 0.0) < (figures["setup"].mean or 0.0)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (_text(pool=""), "stations[0].operator"),
        (_text(operator="always"), "stations[0].operator"),
        (_text(pool="operators: {pool: 0}"), "operators.pool"),
        (_text(pool="operators: {size: 2}"), "operators.size"),
    ],
)
def test_bad_operator_settings_name_the_key(text: str, key: str) -> None:
    with pytest.raises(FileFormatError, match=key.replace("[", r"\[").replace("]", r"\]")):
        parse_line_text(text, "line.yaml")
