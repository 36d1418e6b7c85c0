"""`obeya simulate` and `obeya simulate compare`: JSON shape, exit codes, messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from obeya.cli.main import app

LINE = """\
obeya-line: 1
time_unit: min
horizon: 2000
warmup: 100
replications: 3
seed: 1
arrivals: {dist: exponential, mean: 1.25}
stations:
  - id: S1
    process: {dist: exponential, mean: 1.0}
    buffer: 5
    failures:
      up: {dist: exponential, mean: 100}
      repair: {dist: exponential, mean: 10}
  - id: S2
    process: {dist: exponential, mean: 0.8}
"""

SCENARIOS = """\
obeya-scenarios: 1
base: line.yaml
replications: 3
scenarios:
  - name: bigger-buffer
    changes:
      - {station: S2, buffer: 10}
      - {station: S1, buffer: 10}
  - name: faster-repair
    changes:
      - {station: S1, mttr_scale: 0.5}
"""


@pytest.fixture
def line_file(tmp_path: Path) -> Path:
    path = tmp_path / "line.yaml"
    path.write_text(LINE)
    return path


def _estimate_shape(value: object) -> None:
    assert isinstance(value, dict) and set(value) == {"mean", "ci95"}
    low, high = value["ci95"]
    assert low <= value["mean"] <= high


def test_simulate_line_json_prints_one_document_in_the_contract_shape(line_file: Path) -> None:
    result = CliRunner().invoke(app, ["simulate", str(line_file), "--json", "--workers", "1"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["replications"] == 3
    for figure in ("throughput", "wip", "cycle_time"):
        _estimate_shape(answer[figure])
    assert [station["id"] for station in answer["stations"]] == ["S1", "S2"]
    for station in answer["stations"]:
        for figure in ("utilization", "blocked", "starved", "down"):
            _estimate_shape(station[figure])


def test_options_may_come_before_the_line_file(line_file: Path) -> None:
    result = CliRunner().invoke(app, ["simulate", "--json", "--workers", "1", str(line_file)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["replications"] == 3


def test_simulate_help_lists_run_and_compare() -> None:
    result = CliRunner().invoke(app, ["simulate", "--help"])
    assert result.exit_code == 0
    assert "run" in result.stdout and "compare" in result.stdout


def test_the_seed_option_changes_the_answer_and_the_same_seed_repeats_it(line_file: Path) -> None:
    runner = CliRunner()
    command = ["simulate", "run", str(line_file), "--json", "--workers", "1"]
    first = runner.invoke(app, command).stdout
    assert runner.invoke(app, command).stdout == first
    assert runner.invoke(app, [*command, "--seed", "9"]).stdout != first


def test_a_bad_line_file_exits_2_naming_key_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(LINE.replace("buffer: 5", "buffer: -1"))
    result = CliRunner().invoke(app, ["simulate", str(path), "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "stations[0].buffer" in result.stderr and "(line 11)" in result.stderr


def test_a_missing_line_file_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["simulate", str(tmp_path / "none.yaml"), "--json"])
    assert result.exit_code == 2
    assert "none.yaml" in result.stderr


def test_the_table_output_names_every_station(line_file: Path) -> None:
    result = CliRunner().invoke(app, ["simulate", str(line_file), "--workers", "1"])
    assert result.exit_code == 0
    assert "S1" in result.stdout and "S2" in result.stdout and "throughput" in result.stdout


def test_compare_answers_paired_differences_and_writes_a_chart(line_file: Path) -> None:
    scenarios = line_file.parent / "scenarios.yaml"
    scenarios.write_text(SCENARIOS)
    chart = line_file.parent / "chart.png"
    command = ["simulate", "compare", str(scenarios), "--json", "--workers", "1"]
    result = CliRunner().invoke(app, [*command, "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert [row["name"] for row in answer["scenarios"]] == ["bigger-buffer", "faster-repair"]
    bigger = answer["scenarios"][0]
    _estimate_shape(bigger["difference"]["throughput"])
    assert bigger["difference"]["wip"]["mean"] > 0  # more places hold more parts
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_compare_table_shows_base_and_scenarios(line_file: Path) -> None:
    scenarios = line_file.parent / "scenarios.yaml"
    scenarios.write_text(SCENARIOS)
    result = CliRunner().invoke(app, ["simulate", "compare", str(scenarios), "--workers", "1"])
    assert result.exit_code == 0
    assert "base" in result.stdout and "faster-repair" in result.stdout


def test_compare_with_an_unknown_station_exits_2_naming_the_change(line_file: Path) -> None:
    scenarios = line_file.parent / "scenarios.yaml"
    scenarios.write_text(SCENARIOS.replace("{station: S1, mttr_scale", "{station: S9, mttr_scale"))
    result = CliRunner().invoke(app, ["simulate", "compare", str(scenarios), "--json"])
    assert result.exit_code == 2
    assert "scenarios[1].changes[0].station" in result.stderr and "(line 11)" in result.stderr


def test_simulate_plant_writes_contract_events_as_jsonl(tmp_path: Path) -> None:
    pytest.importorskip("obeya.plantfile")
    output = tmp_path / "events.jsonl"
    command = ["simulate", "plant", "demo", "--from", "2026-11-23T06:00:00+01:00"]
    command += ["--to", "2026-11-24T06:00:00+01:00", "-o", str(output), "--json"]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    lines = output.read_text().splitlines()
    assert answer["events"] == len(lines) > 0
    first = json.loads(lines[0])
    assert first["id"].startswith("sim-") and first["ts"].endswith("Z")
    assert {json.loads(line)["kind"] for line in lines} == {"state", "count"}


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-11-23T06:00:00", "2026-11-24T06:00:00Z", "no UTC offset"),
        ("2026-11-24T06:00:00Z", "2026-11-23T06:00:00Z", "--to must be after --from"),
    ],
)
def test_simulate_plant_refuses_bad_windows_with_exit_2(
    tmp_path: Path, start: str, end: str, message: str
) -> None:
    command = ["simulate", "plant", "demo", "--from", start, "--to", end]
    result = CliRunner().invoke(app, [*command, "-o", str(tmp_path / "e.jsonl")])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "e.jsonl").exists()


def test_simulate_plant_with_a_missing_plant_file_exits_2(tmp_path: Path) -> None:
    pytest.importorskip("obeya.plantfile")
    command = ["simulate", "plant", str(tmp_path / "plant.yaml"), "--from", "2026-11-23T06:00:00Z"]
    command += ["--to", "2026-11-24T06:00:00Z", "-o", str(tmp_path / "e.jsonl")]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 2
    assert "plant.yaml" in result.stderr
