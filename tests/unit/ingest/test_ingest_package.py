"""The public surface of `obeya.ingest` and its import cost."""

from __future__ import annotations

import subprocess
import sys
import types

import obeya.ingest


def test_the_package_exports_exactly_its_curated_names() -> None:
    public = {
        name
        for name, value in vars(obeya.ingest).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public - {"annotations"} == set(obeya.ingest.__all__)


def test_importing_the_package_does_not_load_network_libraries() -> None:
    code = (
        "import sys, obeya.ingest; "
        "print(sorted(m for m in ('paho', 'httpx', 'asyncua') if m in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "[]"
