"""The plant in force is the newest loaded version; loading the same plant changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from obeya.bootstrap import bootstrap
from obeya.domain.errors import InputError
from obeya.plantfile import PlantFileError
from obeya.services.plant import init_database

PLANT = Path(__file__).resolve().parents[2] / "fixtures" / "plant_small.yaml"


def test_loading_the_same_plant_twice_keeps_one_version(database_url: str) -> None:
    runtime = bootstrap(database_url)
    init_database(runtime, PLANT.read_text())
    init_database(runtime, PLANT.read_text())
    with runtime.uow() as uow:
        current = uow.plants.current()
    assert current is not None and current[0] == 1
    runtime.engine.dispose()


def test_a_changed_plant_becomes_the_plant_in_force(database_url: str) -> None:
    runtime = bootstrap(database_url)
    init_database(runtime, PLANT.read_text())
    assert runtime.plant().line("L1").name == "Shaft line"
    init_database(runtime, PLANT.read_text().replace("name: Shaft line", "name: Shafts"))
    assert runtime.plant().line("L1").name == "Shafts"
    runtime.engine.dispose()


def test_a_bad_plant_file_writes_nothing(database_url: str) -> None:
    runtime = bootstrap(database_url)
    init_database(runtime, PLANT.read_text())
    broken = PLANT.read_text().replace("timezone: Europe/Berlin", "timezone: Mars/Olympus")
    with pytest.raises(PlantFileError, match="Mars/Olympus"):
        init_database(runtime, broken)
    assert runtime.plant().site.timezone == "Europe/Berlin"
    runtime.engine.dispose()


def test_a_database_without_a_plant_says_how_to_load_one(database_url: str) -> None:
    runtime = bootstrap(database_url)
    init_database(runtime, None)
    with pytest.raises(InputError, match="obeya init --plant"):
        runtime.plant()
    runtime.engine.dispose()
