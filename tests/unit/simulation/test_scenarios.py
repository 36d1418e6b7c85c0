"""What-if scenarios: changes applied to the base line, common random numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from obeya.domain.errors import FileFormatError
from obeya.simulation.experiment import run_replication
from obeya.simulation.scenarios import compare, read_scenario_file

LINE = """\
obeya-line: 1
horizon: 3000
warmup: 100
replications: 4
seed: 3
stations:
  - id: S1
    process: {dist: exponential, mean: 1.0}
    failures: {up: {dist: exponential, mean: 50}, repair: {dist: exponential, mean: 5}}
  - {id: S2, buffer: 1, process: {dist: exponential, mean: 1.0}}
  - {id: S3, buffer: 1, process: {dist: exponential, mean: 1.0}}
"""


def _scenarios(tmp_path: Path, changes: str) -> Path:
    (tmp_path / "line.yaml").write_text(LINE)
    path = tmp_path / "what-if.yaml"
    path.write_text(
        "obeya-scenarios: 1\nbase: line.yaml\nscenarios:\n  - name: variant\n    changes:\n"
        + changes
    )
    return path


def test_every_kind_of_change_is_applied_to_its_station(tmp_path: Path) -> None:
    changes = (
        "      - {station: S2, buffer: 10}\n"
        "      - {station: S3, process_scale: 0.9}\n"
        "      - {station: S1, mttr_scale: 0.5}\n"
        "      - {station: S1, mtbf_scale: 2}\n"
        "      - {station: S2, servers: 2}\n"
        "      - {station: S3, buffer: null}\n"
    )
    variant = read_scenario_file(_scenarios(tmp_path, changes)).scenarios[0].spec
    first, second, third = variant.stations
    assert first.failures is not None
    assert (first.failures.up.mean, first.failures.repair.mean) == (100, 2.5)
    assert (second.buffer, second.servers) == (10, 2)
    assert third.process.mean == pytest.approx(0.9) and third.buffer is None


def test_a_scenario_without_changes_repeats_the_base_exactly(tmp_path: Path) -> None:
    """Common random numbers: replication r of every scenario uses the base's streams."""
    scenario_set = read_scenario_file(_scenarios(tmp_path, ""))
    comparison = compare(scenario_set, workers=1)
    difference = comparison.scenarios[0][2]["throughput"]
    assert (difference.mean, difference.low, difference.high) == (0.0, 0.0, 0.0)
    assert run_replication(scenario_set.base, 2) == run_replication(
        scenario_set.scenarios[0].spec, 2
    )


def test_paired_intervals_are_narrower_than_the_separate_ones(tmp_path: Path) -> None:
    comparison = compare(
        read_scenario_file(_scenarios(tmp_path, "      - {station: S1, mttr_scale: 0.8}\n")),
        workers=1,
    )
    separate = comparison.base.line["throughput"]
    paired = comparison.scenarios[0][2]["throughput"]
    assert separate.low is not None and separate.high is not None
    assert paired.low is not None and paired.high is not None
    assert paired.high - paired.low < separate.high - separate.low


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ("      - {station: S1, buffer: -2}\n", "scenarios[0].changes[0].buffer"),
        ("      - {station: S2, mttr_scale: 0.5}\n", "scenarios[0].changes[0].mttr_scale"),
        ("      - {station: S1, colour: red}\n", "scenarios[0].changes[0].colour"),
        ("      - {station: S1, servers: 2, buffer: 3}\n", "scenarios[0].changes[0]"),
        ("      - {wip: 3}\n", "scenarios[0].changes[0].wip"),
        ("      - {station: S1, process: {dist: nope}}\n", "scenarios[0].changes[0].process.dist"),
    ],
)
def test_bad_changes_name_the_key_and_line(tmp_path: Path, change: str, key: str) -> None:
    with pytest.raises(FileFormatError) as caught:
        read_scenario_file(_scenarios(tmp_path, change))
    assert caught.value.key == key
    assert caught.value.line == 6
