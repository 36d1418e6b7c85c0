"""Reading line files: the contract's keys, defaults, and clear errors on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from obeya.domain.errors import FileFormatError, InputError
from obeya.simulation.line_file import parse_line_text, read_line_file

GOOD = """\
obeya-line: 1
time_unit: min
horizon: 100000
warmup: 10000
replications: 10
seed: 1
arrivals: {dist: exponential, mean: 1.25}
stations:
  - id: S1
    servers: 1
    process: {dist: exponential, mean: 1.0}
    buffer: 5
    failures:
      up: {dist: exponential, mean: 100}
      repair: {dist: exponential, mean: 10}
  - id: S2
    process: {dist: triangular, low: 0.5, mode: 0.8, high: 1.2}
"""


def test_the_contract_example_reads_with_every_key() -> None:
    spec = parse_line_text(GOOD)
    assert (spec.horizon, spec.warmup, spec.replications, spec.seed) == (100000, 10000, 10, 1)
    assert spec.arrivals is not None and spec.arrivals.mean == 1.25
    first, second = spec.stations
    assert first.buffer == 5 and first.failures is not None
    assert first.failures.repair.mean == 10
    assert second.buffer is None and second.servers == 1
    assert second.process.mean == pytest.approx((0.5 + 0.8 + 1.2) / 3)


def test_a_conwip_release_makes_a_closed_line() -> None:
    text = GOOD.replace(
        "arrivals: {dist: exponential, mean: 1.25}", "release: {policy: conwip, wip: 4}"
    )
    spec = parse_line_text(text)
    assert spec.is_closed and spec.conwip_wip == 4 and spec.arrivals is None


@pytest.mark.parametrize(
    ("dist", "mean"),
    [
        ("{dist: constant, value: 2}", 2.0),
        ("{dist: exponential, mean: 2}", 2.0),
        ("{dist: normal, mean: 2, sd: 0.1}", 2.0),
        ("{dist: lognormal, mean: 2, sd: 1}", 2.0),
        ("{dist: uniform, low: 1, high: 3}", 2.0),
        ("{dist: triangular, low: 1, mode: 2, high: 3}", 2.0),
        ("{dist: gamma, mean: 2, cv: 0.5}", 2.0),
        ("{dist: empirical, values: [1, 2, 3]}", 2.0),
    ],
)
def test_every_contract_distribution_reads_with_its_mean(dist: str, mean: float) -> None:
    spec = parse_line_text(GOOD.replace("{dist: exponential, mean: 1.0}", dist))
    assert spec.stations[0].process.mean == pytest.approx(mean, rel=1e-6)


@pytest.mark.parametrize(
    ("old", "new", "key", "line"),
    [
        (
            "{dist: exponential, mean: 1.0}",
            "{dist: weibull, mean: 1.0}",
            "stations[0].process.dist",
            11,
        ),
        (
            "{dist: exponential, mean: 1.0}",
            "{dist: exponential, mean: -1}",
            "stations[0].process.mean",
            11,
        ),
        ("{dist: exponential, mean: 1.0}", "{dist: exponential}", "stations[0].process.mean", 11),
        (
            "{dist: exponential, mean: 1.0}",
            "{dist: exponential, mean: 1, sd: 2}",
            "stations[0].process.sd",
            11,
        ),
        (
            "{dist: exponential, mean: 1.0}",
            "{dist: uniform, low: 2, high: 1}",
            "stations[0].process.high",
            11,
        ),
        (
            "{dist: exponential, mean: 1.0}",
            "{dist: exponential, mean: fast}",
            "stations[0].process.mean",
            11,
        ),
        (
            "{dist: exponential, mean: 1.0}",
            "{dist: empirical, values: []}",
            "stations[0].process.values",
            11,
        ),
        ("servers: 1", "servers: 0", "stations[0].servers", 10),
        ("servers: 1", "servers: two", "stations[0].servers", 10),
        ("buffer: 5", "buffer: -1", "stations[0].buffer", 12),
        ("buffer: 5", "buffer: 2.5", "stations[0].buffer", 12),
        ("mean: 100}", "mean: 0}", "stations[0].failures.up.mean", 14),
        ("horizon: 100000", "horizon: 0", "horizon", 3),
        ("horizon: 100000", "horizon: long", "horizon", 3),
        ("replications: 10", "replications: 0", "replications", 5),
        ("obeya-line: 1", "obeya-line: 2", "obeya-line", 1),
        ("seed: 1", "seed: 1\nrelease: {policy: conwip, wip: 2}", "release", 7),
        ("  - id: S2", "  - id: S1", "stations[1].id", 16),
        ("  - id: S2", "  - id: 'S 2'", "stations[1].id", 16),
        ("    servers: 1", "    severs: 1", "stations[0].severs", 10),
    ],
)
def test_bad_input_names_the_key_and_the_line(old: str, new: str, key: str, line: int) -> None:
    assert old in GOOD
    with pytest.raises(FileFormatError) as caught:
        parse_line_text(GOOD.replace(old, new, 1), source="line.yaml")
    assert caught.value.key == key
    assert caught.value.line == line
    assert str(caught.value).startswith(f"line.yaml: {key}: ")


def test_a_line_without_stations_is_rejected() -> None:
    text = GOOD.split("stations:")[0] + "stations: []\n"
    with pytest.raises(FileFormatError, match="at least one station"):
        parse_line_text(text)


def test_yaml_syntax_errors_name_the_line() -> None:
    with pytest.raises(FileFormatError) as caught:
        parse_line_text("obeya-line: 1\nstations: [\n  {id: S1\n", source="broken.yaml")
    assert caught.value.line is not None
    assert "not valid YAML" in str(caught.value)


def test_a_missing_file_is_an_input_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(InputError, match=r"nowhere\.yaml"):
        read_line_file(missing)


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ("stations: {id: S1}\n", "stations"),
        ("stations:\n  - {id: S1, process: 5}\n", "stations[0].process"),
        (
            "stations:\n  - {id: S1, process: {dist: constant, value: 1}, failures: 3}\n",
            "stations[0].failures",
        ),
        ("stations:\n  - [S1]\n", "stations[0]"),
        (
            "release: conwip\nstations:\n  - {id: S1, process: {dist: constant, value: 1}}\n",
            "release",
        ),
        (
            "release: {policy: kanban, wip: 3}\n"
            "stations:\n  - {id: S1, process: {dist: constant, value: 1}}\n",
            "release.policy",
        ),
        (
            "time_unit: 5\nstations:\n  - {id: S1, process: {dist: constant, value: 1}}\n",
            "time_unit",
        ),
    ],
)
def test_values_of_the_wrong_type_name_their_key(body: str, key: str) -> None:
    with pytest.raises(FileFormatError) as caught:
        parse_line_text("obeya-line: 1\nhorizon: 10\n" + body, source="line.yaml")
    assert caught.value.key == key
    assert caught.value.line is not None
