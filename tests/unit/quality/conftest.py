"""Fixtures of the SPC tests: the textbook data sets beside the repository, and helpers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from obeya.quality.data import Table, read_table

SPC_DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "research-data" / "spc"


@pytest.fixture
def spc_table() -> Callable[[str], Table]:
    """Read a textbook data set of ../shared/research-data/spc; skip when absent."""

    def read(name: str) -> Table:
        path = SPC_DATA / name
        if not path.exists():
            pytest.skip(f"{path} is absent (research data lives beside the repository)")
        return read_table(path)

    return read
