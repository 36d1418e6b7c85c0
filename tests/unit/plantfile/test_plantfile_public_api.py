"""The public names of obeya.plantfile are a curated, documented list."""

from __future__ import annotations

import obeya.plantfile as plantfile


def test_all_lists_exactly_the_public_names_sorted() -> None:
    public = {name for name in vars(plantfile) if not name.startswith("_")}
    modules = {
        "demo",
        "export",
        "fields",
        "load",
        "load_calendar",
        "load_equipment",
        "load_people",
        "load_products",
        "problems",
        "yaml_nodes",
        "annotations",
    }
    assert public - modules == set(plantfile.__all__)
    assert list(plantfile.__all__) == sorted(plantfile.__all__)


def test_every_public_function_and_class_has_a_docstring() -> None:
    for name in plantfile.__all__:
        value = getattr(plantfile, name)
        if callable(value):
            assert value.__doc__, name
