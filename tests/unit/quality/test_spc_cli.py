"""The `obeya spc` commands: JSON answers of CONTRACTS.md section 7 and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from obeya.cli.quality import app

RUNNER = CliRunner()

SHIFTED_WIDTHS = "".join(
    f"{group},{value}\n"
    for group in range(1, 13)
    for value in ((10.0, 10.4, 9.8) if group <= 10 else (13.0, 13.2, 12.9))
)


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _run_json(arguments: list[str]) -> dict[str, Any]:
    result = RUNNER.invoke(app, [*arguments, "--json"])
    assert result.exit_code == 0, result.stderr
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer


def test_xbar_r_answer_has_the_contract_shape_and_exits_zero_with_violations(
    tmp_path: Path,
) -> None:
    data = _write(tmp_path, "widths.csv", "group,width\n" + SHIFTED_WIDTHS)
    answer = _run_json(
        ["chart", "--type", "xbar-r", "--data", data, "--value", "width",
         "--subgroup", "group", "--phase1", "1-10", "--rules", "nelson"]
    )  # fmt: skip
    xbar, ranges = answer["charts"]
    assert [xbar["chart"], ranges["chart"]] == ["xbar", "r"]
    assert {"center", "lcl", "ucl", "sigma", "points", "violations"} <= set(xbar)
    assert set(xbar["points"][0]) == {"subgroup", "value", "lcl", "ucl", "phase"}
    assert [p["phase"] for p in xbar["points"]] == [1] * 10 + [2] * 2
    assert {"subgroup": "11", "rule": "nelson-1"} in xbar["violations"]
    assert "sigma" not in ranges


def test_p_chart_with_varying_sizes_answers_null_chart_limits(tmp_path: Path) -> None:
    data = _write(tmp_path, "p.csv", "lot,bad,n\nA,3,50\nB,5,100\nC,4,80\n")
    answer = _run_json(["chart", "--type", "p", "--data", data, "--value", "bad",
                        "--subgroup", "lot", "--size", "n"])  # fmt: skip
    (chart,) = answer["charts"]
    assert chart["lcl"] is None and chart["ucl"] is None
    assert all(point["ucl"] is not None for point in chart["points"])
    assert [point["subgroup"] for point in chart["points"]] == ["A", "B", "C"]


def test_cusum_answer_carries_both_sums_and_the_signal_side(tmp_path: Path) -> None:
    data = _write(tmp_path, "x.csv", "x\n" + "10\n" * 3 + "14\n" * 3)
    answer = _run_json(["chart", "--type", "cusum", "--data", data, "--value", "x",
                        "--target", "10", "--sigma", "1"])  # fmt: skip
    (chart,) = answer["charts"]
    assert chart["chart"] == "cusum" and chart["k"] == 0.5 and chart["h"] == 5.0
    assert {"c_plus", "c_minus", "n_plus", "n_minus", "statistic"} <= set(chart["points"][0])
    assert chart["violations"][0] == {"subgroup": "5", "rule": "we-1", "side": "upper"}


def test_exclude_flagged_marks_the_excluded_points(tmp_path: Path) -> None:
    data = _write(tmp_path, "c.csv", "x\n" + "".join(f"{v}\n" for v in [4, 5, 6, 5, 4, 6, 5, 30]))
    answer = _run_json(["chart", "--type", "c", "--data", data, "--value", "x",
                        "--exclude-flagged"])  # fmt: skip
    (chart,) = answer["charts"]
    assert chart["center"] == pytest.approx(5.0)
    assert chart["points"][7]["excluded"] is True


def test_capability_answer_has_indices_intervals_normality_and_histogram(
    tmp_path: Path,
) -> None:
    data = _write(tmp_path, "widths.csv", "group,width\n" + SHIFTED_WIDTHS)
    answer = _run_json(["capability", "--data", data, "--value", "width", "--subgroup",
                        "group", "--phase1", "1-10", "--lsl", "9", "--usl", "11"])  # fmt: skip
    for name in ("cp", "cpk", "pp", "ppk"):
        low, high = answer[name]["ci95"]
        assert low < answer[name]["value"] < high
    assert answer["count"] == 30
    assert set(answer["normality"]) == {"method", "statistic", "p_value", "normal"}
    assert sum(answer["histogram"]["counts"]) == 30
    assert (answer["histogram"]["lsl"], answer["histogram"]["usl"]) == (9.0, 11.0)


@pytest.mark.parametrize(
    ("text", "arguments", "message"),
    [
        ("x\n1\nabc\n", ["--type", "imr", "--value", "x"], "'abc' is not a number (line 3)"),
        ("x\n1\n2\n", ["--type", "imr", "--value", "y"], "y: no such column"),
        ("x\n1\n-2\n", ["--type", "c", "--value", "x"], "negative, got -2 (line 3)"),
        ("g,x\n1,1\n1,2\n2,3\n", ["--type", "xbar-r", "--value", "x", "--subgroup", "g"],
         "subgroup '2' has 1 measurement"),
        ("x\n1\n2\n", ["--type", "imr", "--value", "x", "--phase1", "1-5"], "--phase1"),
        ("x\n1\n2\n", ["--type", "pareto", "--value", "x"], "--type must be one of"),
        ("x\n1\n2\n", ["--type", "imr", "--value", "x", "--rules", "iso"], "--rules"),
    ],
)  # fmt: skip
def test_bad_input_exits_two_with_a_message_naming_the_place(
    tmp_path: Path, text: str, arguments: list[str], message: str
) -> None:
    data = _write(tmp_path, "bad.csv", text)
    result = RUNNER.invoke(app, ["chart", "--data", data, *arguments, "--json"])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_specification_limits_the_wrong_way_round_exit_two(tmp_path: Path) -> None:
    data = _write(tmp_path, "x.csv", "x\n1\n2\n3\n")
    result = RUNNER.invoke(app, ["capability", "--data", data, "--value", "x",
                                 "--lsl", "5", "--usl", "1", "--json"])  # fmt: skip
    assert result.exit_code == 2
    assert "--lsl 5 is above --usl 1" in result.stderr


def test_a_missing_data_file_exits_two_naming_it(tmp_path: Path) -> None:
    missing = str(tmp_path / "absent.csv")
    result = RUNNER.invoke(app, ["chart", "--type", "c", "--data", missing, "--value", "x"])
    assert result.exit_code == 2
    assert "absent.csv: cannot read" in result.stderr


def test_loading_the_command_group_does_not_import_numpy_or_scipy() -> None:
    """`obeya --help` stays fast: the engine is imported inside the commands."""
    code = "import sys, obeya.cli.quality; print('numpy' in sys.modules or 'scipy' in sys.modules)"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "False"
