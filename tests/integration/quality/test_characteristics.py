"""Characteristics: validated against the plant, stored once, guarded by role."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obeya.domain.errors import ConflictError, InputError
from obeya.services.quality import NewCharacteristic, add_characteristic, list_characteristics
from obeya.services.runtime import Runtime

_NUMBERS = itertools.count()
BORE = NewCharacteristic("P-100.bore", "P-100", 20, "Bore", "mm", 10.0, 9.9, 10.1, 5)


def test_a_characteristic_is_stored_with_its_limits_and_chart(runtime: Runtime) -> None:
    stored = add_characteristic(runtime, BORE)
    assert (stored["product"], stored["step"], stored["lsl"], stored["usl"]) == (
        "P-100", 20, 9.9, 10.1,
    )  # fmt: skip
    assert [row["id"] for row in list_characteristics(runtime)] == ["P-100.bore"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"product_id": "P-999"}, "product"),
        ({"step": 30}, "step"),
        ({"lsl": 10.2}, "lsl"),
        ({"lsl": 10.1}, "lsl"),
        ({"nominal": 11.0}, "nominal"),
        ({"chart_type": "p"}, "chart"),
        ({"rules": "iso"}, "rules"),
        ({"subgroup_size": 1}, "subgroup_size"),
        ({"chart_type": "imr"}, "subgroup_size"),
        ({"id": "bad id"}, "id"),
        ({"name": " "}, "name"),
    ],
)
def test_a_bad_characteristic_is_refused_naming_the_field_and_nothing_is_written(
    runtime: Runtime, change: dict[str, object], field: str
) -> None:
    with pytest.raises(InputError, match=rf"^{field}"):
        add_characteristic(runtime, replace(BORE, **change))  # type: ignore[arg-type]
    assert list_characteristics(runtime) == []


def test_a_characteristic_id_is_defined_once(runtime: Runtime) -> None:
    add_characteristic(runtime, BORE)
    with pytest.raises(ConflictError, match="already exists"):
        add_characteristic(runtime, replace(BORE, name="Other"))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lsl=st.floats(-1e6, 1e6, allow_nan=False),
    usl=st.floats(-1e6, 1e6, allow_nan=False),
)
def test_limits_are_accepted_exactly_when_the_lower_is_below_the_upper(
    runtime: Runtime, lsl: float, usl: float
) -> None:
    spec = replace(BORE, id=f"c{next(_NUMBERS)}", nominal=None, lsl=lsl, usl=usl)
    if lsl < usl:
        assert add_characteristic(runtime, spec)["lsl"] == lsl
    else:
        with pytest.raises(InputError, match=r"^lsl"):
            add_characteristic(runtime, spec)


def test_the_api_defines_characteristics_for_supervisors_only(
    client_as: Callable[[str], TestClient],
) -> None:
    body = {"id": "P-100.len", "product": "P-100", "step": 10, "name": "Length", "usl": 120.5}
    assert client_as("operator").post("/api/v1/characteristics", json=body).status_code == 403
    supervisor = client_as("supervisor")
    response = supervisor.post("/api/v1/characteristics", json=body)
    assert response.status_code == 201, response.text
    viewer = client_as("viewer")
    listed = viewer.get("/api/v1/characteristics").json()["characteristics"]
    assert [row["id"] for row in listed] == ["P-100.len"]


def test_the_api_names_the_field_of_a_bad_characteristic(client: TestClient) -> None:
    body = {"id": "P-100.len", "product": "P-100", "step": 10, "name": "L", "lsl": 5, "usl": 4}
    response = client.post("/api/v1/characteristics", json=body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("lsl")
