"""The demo plant shipped with obeya: a machining and assembly site in Europe/Berlin.

Three lines (shafts, housings and flanges, gearbox assembly), 15 machines, 10 products
in 4 families, 3 shifts, 30 workers. `obeya demo` and the tests use it; its text is
`demo_plant.yaml` beside this module.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from obeya.domain.plant import Plant
from obeya.plantfile.load import load_plant

DEMO_PLANT_FILE = "demo_plant.yaml"


def demo_plant_text() -> str:
    """The plant file text of the demo plant (YAML, `obeya: 1`)."""
    return resources.files("obeya.plantfile").joinpath(DEMO_PLANT_FILE).read_text(encoding="utf-8")


@cache
def demo_plant() -> Plant:
    """The demo plant, loaded and checked (strict: no warnings allowed)."""
    return load_plant(demo_plant_text(), DEMO_PLANT_FILE, strict=True)
