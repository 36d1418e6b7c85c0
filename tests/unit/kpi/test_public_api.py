"""The KPI engine's public names and its layering."""

from __future__ import annotations

import ast
from pathlib import Path

import obeya.kpi

PACKAGE = Path(obeya.kpi.__file__).parent


def test_the_public_names_are_exactly_the_curated_list() -> None:
    """`__all__` lists what storage, services and the CLI may import, nothing else."""
    assert sorted(obeya.kpi.__all__) == [
        "CountColumns", "MachineSeries", "StateColumns", "StateInterval", "TimeLedger",
        "active_period_analysis", "affected_range", "bottleneck_answer", "fold_intervals",
        "losses_answer", "machine_series", "oee_answer", "oee_answer_from_series",
        "state_columns_from_rows",
    ]  # fmt: skip
    for name in obeya.kpi.__all__:
        assert hasattr(obeya.kpi, name), name


def test_the_engine_imports_only_the_domain_numpy_and_the_standard_library() -> None:
    """No sibling engine, no storage, no framework (import-linter says the same in CI)."""
    allowed_roots = {"obeya", "numpy", "__future__", "bisect", "collections", "dataclasses",
                     "datetime", "zoneinfo", "typing"}  # fmt: skip
    for module in PACKAGE.glob("*.py"):
        tree = ast.parse(module.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed_roots, (module.name, name)
                if name.startswith("obeya."):
                    assert name.split(".")[1] in {"domain", "kpi"}, (module.name, name)
