"""docs/simulation.md against the code: its line-file example reads, its tables match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from obeya.simulation.distributions import PARAMETERS
from obeya.simulation.line_file import parse_line_text
from obeya.simulation.statistics import LINE_FIGURES, STATION_FIGURES

DOCS = Path(__file__).resolve().parents[3] / "docs" / "simulation.md"


@pytest.fixture(scope="module")
def text() -> str:
    if not DOCS.exists():
        pytest.skip("docs/simulation.md is not beside the tests")
    return DOCS.read_text(encoding="utf-8")


def test_the_documented_line_file_reads(text: str) -> None:
    example = next(
        block for block in re.findall(r"```yaml\n(.*?)```", text, re.S) if "obeya-line" in block
    )
    spec = parse_line_text(example, source="docs/simulation.md")
    assert spec.stations[0].scrap == 0.02 and spec.stations[0].rework == 0.05


def test_every_distribution_is_documented_with_its_parameters(text: str) -> None:
    for name, parameters in PARAMETERS.items():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{name}` |"))
        assert all(f"`{parameter}`" in row for parameter in parameters), row


def test_every_figure_of_the_answer_is_documented(text: str) -> None:
    for figure in (*LINE_FIGURES, *STATION_FIGURES):
        assert f"`{figure}`" in text, figure
