"""Loading a plant file (YAML, `obeya: 1`) into the domain `Plant`, checking everything.

Every problem names its key path from the top of the file (`areas[0].lines[1].machines[3].id`,
indexes from 0) and its line (from 1). All errors of a file are collected and raised
together as one `PlantFileError` (a `FileFormatError`) whose message lists them, one per
line. Warnings (the file loads, but a reference looks wrong, such as a routing naming a
machine the plant does not have) are returned by `check_plant` and turned into errors by
`strict=True`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from obeya.domain.errors import FileFormatError
from obeya.domain.plant import Plant
from obeya.plantfile.fields import Reader, Registry
from obeya.plantfile.load_calendar import read_calendar, read_site
from obeya.plantfile.load_equipment import EquipmentContext, read_areas
from obeya.plantfile.load_people import read_reasons, read_workers
from obeya.plantfile.load_products import read_changeovers, read_products
from obeya.plantfile.problems import PlantFileError, Problems
from obeya.plantfile.yaml_nodes import MapNode, Node, ScalarNode, compose

FORMAT_VERSION = 1
TOP_LEVEL_KEYS = ("obeya", "site", "calendar", "areas")
OPTIONAL_KEYS = ("reasons", "products", "changeovers", "workers")


@dataclass(frozen=True)
class PlantCheck:
    """The result of checking a plant file: the plant (None when there are errors)."""

    plant: Plant | None
    errors: tuple[FileFormatError, ...]
    warnings: tuple[FileFormatError, ...]


def check_plant(text: str, source: str = "plant.yaml") -> PlantCheck:
    """Check plant file text; never raises for bad content, returns errors and warnings."""
    problems = Problems(source)
    try:
        plant = _read(text, problems)
    except FileFormatError as error:
        problems.errors.append(error)
        plant = None
    errors = tuple(sorted(problems.errors, key=lambda item: item.line or 0))
    return PlantCheck(None if errors else plant, errors, tuple(problems.warnings))


def load_plant(text: str, source: str = "plant.yaml", *, strict: bool = False) -> Plant:
    """Load plant file text into a `Plant`.

    `source` names the file in messages. With `strict`, warnings are errors too.

    Raises:
        PlantFileError: a `FileFormatError` listing every problem with key path and line.
    """
    check = check_plant(text, source)
    problems = [*check.errors, *(check.warnings if strict else ())]
    if problems or check.plant is None:
        raise PlantFileError(sorted(problems, key=lambda item: item.line or 0))
    return check.plant


def read_plant_text(path: str | os.PathLike[str]) -> str:
    """The text of a plant file (UTF-8).

    Raises:
        FileFormatError: the file cannot be read or is not UTF-8 text.
    """
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise FileFormatError(f"not UTF-8 text: {error.reason}", source=str(path)) from None
    except OSError as error:
        raise FileFormatError(f"cannot read the file: {error.strerror}", source=str(path)) from None


def load_plant_file(path: str | os.PathLike[str], *, strict: bool = False) -> Plant:
    """Load a plant file from disk; errors name the path.

    Raises:
        FileFormatError: unreadable file, or a PlantFileError listing every problem.
    """
    return load_plant(read_plant_text(path), str(path), strict=strict)


def _read(text: str, problems: Problems) -> Plant | None:
    root = compose(text, problems.source)
    if root is None:
        problems.error("", 1, "the file is empty: expected `obeya: 1`, site, calendar and areas")
        return None
    reader = Reader(problems)
    fields = reader.mapping(root, "", TOP_LEVEL_KEYS, OPTIONAL_KEYS)
    if fields is None or not isinstance(root, MapNode) or not _version_ok(reader, fields):
        return None
    site = read_site(reader, fields["site"]) if "site" in fields else None
    registry = Registry()
    calendar = read_calendar(reader, fields["calendar"], registry) if "calendar" in fields else None
    shift_ids = registry.ids("shift")
    areas = read_areas(reader, fields.get("areas"), EquipmentContext(shift_ids, registry))
    classes = {m.id: m.machine_class for a in areas for line in a.lines for m in line.machines}
    reasons = read_reasons(reader, fields.get("reasons"), registry)
    products = read_products(reader, fields.get("products"), classes, registry)
    changeovers = read_changeovers(reader, fields.get("changeovers"), frozenset(registry.families))
    workers = read_workers(reader, fields.get("workers"), shift_ids, registry)
    if problems.errors or site is None or calendar is None:
        return None
    return Plant(site, calendar, areas, reasons, products, workers, changeovers)


def _version_ok(reader: Reader, fields: dict[str, Node]) -> bool:
    """False when the file states a format version other than 1 (reading stops there)."""
    node = fields.get("obeya")
    if node is None:
        return True
    version = node.value if isinstance(node, ScalarNode) else None
    if isinstance(version, bool) or version != FORMAT_VERSION:
        shown = node.raw if isinstance(node, ScalarNode) else "a list or mapping"
        reader.error(
            "obeya",
            node,
            f"unsupported format version {shown}: this obeya reads `obeya: {FORMAT_VERSION}`",
        )
        return False
    return True
