"""The engine against queueing theory's closed forms (each docstring names its source).

Every check is within 3 standard errors AND 2 % of the published value; Little's law
is checked on every replication of every run (helpers.simulate).
"""

from __future__ import annotations

import pytest

from .helpers import (
    all_stations,
    assert_close,
    erlang_c_waiting_time,
    line_from,
    simulate,
    station_figure,
)

OPEN = "horizon: 40000\nwarmup: 1000\nreplications: 10\narrivals: {dist: exponential, mean: 2}\n"
# exponential service times make waiting times noisier: a longer horizon keeps 3 SE < 2 %
LONG = "horizon: 100000\nwarmup: 1000\nreplications: 10\n"


def test_single_exponential_server_matches_the_m_m_1_waiting_time_and_queue_length() -> None:
    """M/M/1, lambda 0.5, mu 1: Wq = rho/(mu - lambda) = 1, Lq = rho^2/(1 - rho) = 0.5.

    Source: Gross, Shortle, Thompson & Harris, Fundamentals of Queueing Theory, 4th ed.,
    section 2.2 (single-server queues, M/M/1).
    """
    summary, _ = simulate(
        line_from(
            LONG + "arrivals: {dist: exponential, mean: 2}\n"
            "stations:\n  - {id: S1, process: {dist: exponential, mean: 1}}\n"
        )
    )
    assert_close(station_figure(summary, 0, "queue_time"), 1.0)
    assert_close(station_figure(summary, 0, "queue_length"), 0.5)
    assert_close(summary.line["throughput"], 0.5)


def test_two_parallel_exponential_servers_match_the_erlang_c_formula() -> None:
    """M/M/2, lambda 1, mu 1 per server: Wq = C(2, 1)/(c mu - lambda) = 1/3, Lq = 1/3.

    Source: Gross et al., Fundamentals of Queueing Theory, 4th ed., section 2.3
    (multiserver queues, M/M/c; Erlang's C formula).
    """
    wait = erlang_c_waiting_time(arrival_rate=1.0, service_rate=1.0, servers=2)
    assert wait == pytest.approx(1 / 3)
    text = LONG + "arrivals: {dist: exponential, mean: 1}\n"
    text += "stations:\n  - {id: S1, servers: 2, process: {dist: exponential, mean: 1}}\n"
    summary, _ = simulate(line_from(text))
    assert_close(station_figure(summary, 0, "queue_time"), wait)
    assert_close(station_figure(summary, 0, "queue_length"), 1.0 * wait)


def test_constant_process_time_matches_the_m_d_1_formula() -> None:
    """M/D/1, lambda 0.5, D 1: Wq = rho/(2 mu (1 - rho)) = 0.5, Lq = lambda Wq = 0.25.

    Source: Gross et al., Fundamentals of Queueing Theory, 4th ed., section 5.1
    (Pollaczek-Khintchine formula with zero service variance).
    """
    summary, _ = simulate(
        line_from(OPEN + "stations:\n  - {id: S1, process: {dist: constant, value: 1}}\n")
    )
    assert_close(station_figure(summary, 0, "queue_time"), 0.5)
    assert_close(station_figure(summary, 0, "queue_length"), 0.25)


def test_gamma_process_time_matches_the_pollaczek_khinchine_formula() -> None:
    """M/G/1, lambda 0.5, gamma service mean 1 cv 0.5: E[S^2] = 1.25,
    Wq = lambda E[S^2] / (2 (1 - rho)) = 0.625, Lq = 0.3125.

    Source: Gross et al., Fundamentals of Queueing Theory, 4th ed., section 5.1
    (M/G/1, the Pollaczek-Khintchine formula).
    """
    process = "{dist: gamma, mean: 1, cv: 0.5}"
    summary, _ = simulate(line_from(OPEN + f"stations:\n  - {{id: S1, process: {process}}}\n"))
    assert_close(station_figure(summary, 0, "queue_time"), 0.625)
    assert_close(station_figure(summary, 0, "queue_length"), 0.3125)


def test_open_tandem_line_matches_jacksons_product_form_per_station_and_for_the_line() -> None:
    """Three exponential stations in series, lambda 0.5, mu 1, 1/1.2, 1/0.8: each
    station is an M/M/1 with L = rho/(1 - rho) = 1, 1.5, 2/3 and W = L/lambda; the line
    has L = 19/6 and W = 19/3.

    Source: Jackson (1957), "Networks of waiting lines", Operations Research 5(4);
    Gross et al., Fundamentals of Queueing Theory, 4th ed., section 4.1 (series queues).
    """
    stations = "".join(
        f"  - {{id: S{i}, process: {{dist: exponential, mean: {mean}}}}}\n"
        for i, mean in enumerate((1.0, 1.2, 0.8))
    )
    summary, _ = simulate(line_from(OPEN + "stations:\n" + stations))
    expected = [1.0, 1.5, 2 / 3]
    for station_wip, station_time, parts in zip(
        all_stations(summary, "wip"), all_stations(summary, "cycle_time"), expected, strict=True
    ):
        assert_close(station_wip, parts)
        assert_close(station_time, parts / 0.5)
    assert_close(summary.line["wip"], sum(expected))
    assert_close(summary.line["cycle_time"], sum(expected) / 0.5)
