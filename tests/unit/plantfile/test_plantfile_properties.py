"""Property tests: valid plants round-trip; broken files fail only with FileFormatError."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obeya.domain.errors import FileFormatError
from obeya.plantfile import check_plant, demo_plant_text, export_plant, load_plant

from .examples import CONTRACT_EXAMPLE, VALID_PLANT
from .strategies import plant_documents

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(plant_documents())
def test_a_generated_plant_loads_and_round_trips_through_export(document: dict[str, Any]) -> None:
    plant = load_plant(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
    text = export_plant(plant)
    assert load_plant(text) == plant
    assert export_plant(load_plant(text)) == text


@SETTINGS
@given(plant_documents())
def test_a_generated_plant_keeps_its_ids_in_file_order(document: dict[str, Any]) -> None:
    plant = load_plant(yaml.safe_dump(document, sort_keys=False))
    machine_ids = [
        m["id"] for a in document["areas"] for line in a["lines"] for m in line["machines"]
    ]
    assert [machine.id for machine in plant.machines] == machine_ids
    assert [product.id for product in plant.products] == [p["id"] for p in document["products"]]


ODD_VALUES = st.one_of(
    st.none(),
    st.integers(-5, 5),
    st.floats(allow_nan=True),
    st.booleans(),
    st.text(max_size=8),
    st.sampled_from(["", "25:00", "2026-01-01", "x y", "Mars/Olympus", "-1", "*"]),
    st.just([]),
    st.just({}),
    st.just({"id": "x"}),
    st.just([{"code": "x"}]),
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _replace(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = dict(node) if isinstance(node, dict) else list(node)
    copy[path[0]] = _replace(node[path[0]], path[1:], value)
    return copy


DOCUMENTS = [yaml.safe_load(text) for text in (VALID_PLANT, CONTRACT_EXAMPLE, demo_plant_text())]
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@settings(max_examples=300, deadline=None)
@given(st.data(), st.sampled_from(DOCUMENTS))
def test_a_value_replaced_by_anything_gives_a_plant_or_a_file_format_error(
    data: st.DataObject, document: Any
) -> None:
    path = data.draw(st.sampled_from(_paths(document)))
    mutated = yaml.dump(_replace(document, path, data.draw(ODD_VALUES)), Dumper=DUMPER)
    try:
        load_plant(mutated)
    except FileFormatError as error:
        assert error.problem and (error.line is None or error.line >= 1)


@settings(max_examples=300, deadline=None)
@given(st.data(), st.sampled_from([VALID_PLANT, CONTRACT_EXAMPLE]))
def test_text_edits_give_a_plant_or_a_file_format_error(data: st.DataObject, text: str) -> None:
    lines = text.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.integers(0, len(lines) - 1))
        edit = data.draw(st.sampled_from(["delete", "duplicate", "character", "swap"]))
        if edit == "delete" and len(lines) > 1:
            del lines[index]
        elif edit == "duplicate":
            lines.insert(index, lines[index])
        elif edit == "swap":
            other = data.draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif lines[index]:
            column = data.draw(st.integers(0, len(lines[index]) - 1))
            char = data.draw(st.sampled_from(list(":{}[],\"'&*!-#| \t0aZ")))
            lines[index] = lines[index][:column] + char + lines[index][column + 1 :]
    try:
        load_plant("".join(lines))
    except FileFormatError as error:
        assert str(error)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_check_plant_never_raises_on_any_text(text: str) -> None:
    check = check_plant(text)
    assert (check.plant is None) == bool(check.errors)
