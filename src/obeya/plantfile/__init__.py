"""The plant file (YAML, `obeya: 1`): load and check it, export it, and the demo plant.

    load_plant(text, source) -> Plant            raises PlantFileError (a FileFormatError)
    load_plant_file(path) -> Plant
    check_plant(text, source) -> PlantCheck      errors and warnings, never raises for content
    export_plant(plant) -> str                   canonical YAML; round trips through load_plant
    demo_plant(), demo_plant_text(), demo_work_orders(start_at, weeks, seed)

The format is documented in docs/plant-file.md.
"""

from __future__ import annotations

from obeya.plantfile.demo import demo_plant, demo_plant_text, demo_work_orders, machine_load
from obeya.plantfile.export import export_plant
from obeya.plantfile.load import (
    FORMAT_VERSION,
    PlantCheck,
    check_plant,
    load_plant,
    load_plant_file,
    read_plant_text,
)
from obeya.plantfile.problems import PlantFileError

__all__ = [
    "FORMAT_VERSION",
    "PlantCheck",
    "PlantFileError",
    "check_plant",
    "demo_plant",
    "demo_plant_text",
    "demo_work_orders",
    "export_plant",
    "load_plant",
    "load_plant_file",
    "machine_load",
    "read_plant_text",
]
