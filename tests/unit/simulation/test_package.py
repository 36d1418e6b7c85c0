"""The package's public names, and that importing them stays light."""

from __future__ import annotations

import subprocess
import sys

import obeya.simulation


def test_the_package_exports_exactly_the_plant_simulator() -> None:
    assert sorted(obeya.simulation.__all__) == [
        "MachineBehaviour",
        "event_to_json",
        "live_events",
        "simulate_plant",
    ]
    assert all(hasattr(obeya.simulation, name) for name in obeya.simulation.__all__)


def test_importing_the_package_loads_neither_simpy_nor_numpy() -> None:
    code = "import sys, obeya.simulation; print('simpy' in sys.modules, 'numpy' in sys.modules)"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.split() == ["False", "False"]
