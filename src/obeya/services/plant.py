"""Use cases of the plant model: validate, load (init), show and export the plant file."""

from __future__ import annotations

from typing import Any

from obeya.domain.plant import Plant
from obeya.plantfile import PlantCheck, PlantFileError, check_plant, export_plant, load_plant
from obeya.services.runtime import Runtime
from obeya.storage import migrate


def validate_plant(text: str, source: str, strict: bool = False) -> PlantCheck:
    """Check a plant file: errors (and with `strict` warnings) raise PlantFileError.

    Returns the check with the plant and its warnings (for example a routing naming a
    machine the file does not define).
    """
    check = check_plant(text, source)
    problems = [*check.errors, *(check.warnings if strict else ())]
    if problems or check.plant is None:
        raise PlantFileError(sorted(problems, key=lambda item: item.line or 0))
    return check


def init_database(runtime: Runtime, text: str | None, source: str = "plant.yaml") -> Plant | None:
    """Create or migrate the database and, when given, load a plant file.

    The plant is validated before anything is written; loading stores a new version
    (the newest version is the plant in force) unless it equals the plant in force.
    """
    plant = None if text is None else load_plant(text, source=source)
    migrate(runtime.engine)
    if plant is not None:
        text_now = export_plant(plant)
        with runtime.uow() as uow:
            current = uow.plants.current()
            if current is None or current[1] != text_now:
                uow.plants.add(plant.site.id, text_now)
                uow.commit()
    return plant


def export_current(runtime: Runtime) -> str:
    """The plant in force as plant-file text (canonical form)."""
    return export_plant(runtime.plant())


def plant_summary(plant: Plant) -> dict[str, Any]:
    """A JSON-ready overview: site, areas with lines and machines, counts."""
    return {
        "site": {"id": plant.site.id, "name": plant.site.name, "timezone": plant.site.timezone},
        "areas": [
            {
                "id": area.id,
                "name": area.name,
                "lines": [
                    {
                        "id": line.id,
                        "name": line.name,
                        "machines": [machine_summary(machine) for machine in line.machines],
                    }
                    for line in area.lines
                ],
            }
            for area in plant.areas
        ],
        "counts": {
            "lines": len(plant.lines),
            "machines": len(plant.machines),
            "products": len(plant.products),
            "workers": len(plant.workers),
            "reasons": len(plant.reasons),
            "shifts": len(plant.calendar.shifts),
        },
    }


def machine_summary(machine: Any) -> dict[str, Any]:
    """A machine as JSON: id, name, line and class."""
    return {
        "id": machine.id,
        "name": machine.name,
        "line": machine.line_id,
        "class": machine.machine_class,
    }


def product_summary(product: Any) -> dict[str, Any]:
    """A product as JSON with its routing."""
    return {
        "id": product.id,
        "name": product.name,
        "family": product.family,
        "routing": [
            {
                "step": step.step,
                "machines": dict(step.cycle_s),
                "setup_min": step.setup_min,
                "skill": step.skill,
            }
            for step in product.routing
        ],
    }
