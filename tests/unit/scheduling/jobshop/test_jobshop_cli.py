"""The `obeya jobshop solve` contract: JSON keys, numbering, exit codes, error messages."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from obeya.cli.jobshop import app
from obeya.scheduling.formats import read_instance
from obeya.scheduling.jobshop import solve as solve_module
from obeya.scheduling.jobshop.problem import Schedule, ScheduledOperation
from obeya.scheduling.jobshop.validate import validate

runner = CliRunner()

TAILLARD_TWO_BY_TWO = "2 2\n3 2\n2 4\n1 2\n2 1\n"


def test_solve_json_prints_one_document_with_the_contract_keys(tmp_path: Path) -> None:
    instance = tmp_path / "tiny.txt"
    instance.write_text(TAILLARD_TWO_BY_TWO)
    result = runner.invoke(app, ["solve", str(instance), "--time-limit", "2", "--json"])
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    assert set(answer) == {"status", "makespan", "lower_bound", "runtime_s", "schedule"}
    assert (answer["status"], answer["makespan"], answer["lower_bound"]) == ("optimal", 7, 7)
    assert set(answer["schedule"][0]) == {"job", "op", "machine", "start", "end"}
    entries = [ScheduledOperation(**entry) for entry in answer["schedule"]]
    assert validate(read_instance(instance), Schedule.of(entries)) == []
    assert min(entry.machine for entry in entries) == 0


def test_json_mode_keeps_progress_off_stdout(shared_instance: Callable[[str], Path]) -> None:
    instance = shared_instance("jobshop/ft06.txt")
    arguments = ["solve", str(instance), "--time-limit", "3", "--workers", "2", "--json"]
    result = runner.invoke(app, [*arguments, "--seed", "3"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["makespan"] == 55


def test_without_json_a_short_summary_and_progress_are_printed(tmp_path: Path) -> None:
    instance = tmp_path / "tiny.txt"
    instance.write_text(TAILLARD_TWO_BY_TWO)
    result = runner.invoke(app, ["solve", str(instance), "--format", "taillard"])
    assert result.exit_code == 0
    assert "tiny: optimal, makespan 7" in result.stdout
    assert "dispatching rules: makespan" in result.stderr


def test_a_malformed_file_exits_2_naming_the_file_and_line(tmp_path: Path) -> None:
    instance = tmp_path / "broken.txt"
    instance.write_text("2 2\n0 3 1 2\n0 2 1 x\n")
    result = runner.invoke(app, ["solve", str(instance), "--format", "orlib", "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "broken.txt" in result.stderr
    assert "(line 3)" in result.stderr


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["solve", str(tmp_path / "absent.txt"), "--json"])
    assert result.exit_code == 2
    assert "absent.txt" in result.stderr


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    instance = tmp_path / "tiny.txt"
    instance.write_text(TAILLARD_TWO_BY_TWO)
    result = runner.invoke(app, ["solve", str(instance), "--format", "xml"])
    assert result.exit_code == 2


def test_an_infeasible_schedule_from_the_solver_exits_1_with_the_violations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    instance = tmp_path / "tiny.txt"
    instance.write_text(TAILLARD_TWO_BY_TWO)
    bad = Schedule.of([ScheduledOperation(0, 0, 0, 0, 3)])
    monkeypatch.setattr(solve_module, "best_dispatch_schedule", lambda problem, seed: bad)
    result = runner.invoke(app, ["solve", str(instance), "--json"])
    assert result.exit_code == 1
    assert "missing" in result.stderr
    assert json.loads(result.stdout)["error"] == "infeasible schedule"


def test_loading_the_command_module_does_not_import_ortools() -> None:
    code = "import sys, obeya.cli.jobshop; print('ortools' in sys.modules)"
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "False"


def test_a_slow_first_compilation_is_announced_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh installation compiles the tabu search first; the user is told why it waits."""
    import time

    from obeya.cli import jobshop as command
    from obeya.scheduling.jobshop import tabu

    monkeypatch.setattr(command, "COMPILE_NOTICE_AFTER_S", 0.05)
    monkeypatch.setattr(tabu, "warm_up", lambda: time.sleep(0.5))
    instance = tmp_path / "tiny.txt"
    instance.write_text(TAILLARD_TWO_BY_TWO)
    result = runner.invoke(app, ["solve", str(instance), "--time-limit", "1"])
    assert result.exit_code == 0, result.stderr
    assert "compiling the tabu search" in result.stderr
    assert "compiling" not in result.stdout


def test_a_cached_search_starts_without_a_notice(tmp_path: Path) -> None:
    instance = tmp_path / "tiny.txt"
    instance.write_text(TAILLARD_TWO_BY_TWO)
    runner.invoke(app, ["solve", str(instance), "--time-limit", "1"])
    result = runner.invoke(app, ["solve", str(instance), "--time-limit", "1"])
    assert result.exit_code == 0, result.stderr
    assert "compiling" not in result.stderr
