"""Running the real `obeya` command: in-process through Typer's runner, JSON parsed."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from obeya.cli.main import app

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@dataclass
class Outcome:
    """Exit code, stdout and stderr of one command."""

    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        """stdout as exactly one JSON document."""
        return json.loads(self.stdout)


Obeya = Callable[..., Outcome]


@pytest.fixture
def obeya(database_url: str) -> Obeya:
    """Run `obeya ARGS...` against the test database."""
    runner = CliRunner()

    def run(*args: str) -> Outcome:
        result = runner.invoke(app, [*args], env={"OBEYA_DATABASE_URL": database_url})
        return Outcome(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def initialised(obeya: Obeya) -> Obeya:
    """A database with the small fixture plant loaded."""
    outcome = obeya("init", "--plant", str(FIXTURES / "plant_small.yaml"), "--json")
    assert outcome.code == 0, outcome.stderr
    return obeya
