"""`POST /api/v1/spc/chart` and `/spc/capability`: the CLI's answers on numbers in the body."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from tests.integration.quality.conftest import piston_rings


def _subgroups(count: int) -> list[list[float]]:
    rings = piston_rings()
    return [[value for label, value in rings if label == str(n)] for n in range(1, count + 1)]


def test_a_chart_of_posted_subgroups_has_the_published_limits(client: TestClient) -> None:
    """Montgomery, Introduction to SQC (2nd ed. pp. 206-213), piston rings 1-25:
    limits 73.98805 / 74.01430; samples 37-39 above the UCL in phase II."""
    body = {"type": "xbar-r", "subgroups": _subgroups(40), "phase1": "1-25"}
    response = client.post("/api/v1/spc/chart", json=body)
    assert response.status_code == 200, response.text
    xbar = response.json()["charts"][0]
    assert (xbar["lcl"], xbar["ucl"]) == pytest.approx((73.98805, 74.01430), abs=1e-5)
    assert {"subgroup": "37", "rule": "we-1"} in xbar["violations"]


def test_a_p_chart_takes_values_labels_and_sizes(client: TestClient) -> None:
    body = {"type": "p", "values": [2, 5, 3, 4], "labels": ["a", "b", "c", "d"], "sizes": [50] * 4}
    chart = client.post("/api/v1/spc/chart", json=body).json()["charts"][0]
    assert chart["center"] == pytest.approx(14 / 200)


def test_capability_of_posted_subgroups_matches_the_book(client: TestClient) -> None:
    """Montgomery (2nd ed. p. 213 ff.): sigma = R-bar/d2 = 0.0098 (printed 0.0099), Cp 1.70."""
    body = {"subgroups": _subgroups(25), "lsl": 73.95, "usl": 74.05}
    answer = client.post("/api/v1/spc/capability", json=body).json()
    assert answer["sigma_within"] == pytest.approx(0.009785, abs=1e-6)
    assert answer["cp"]["value"] == pytest.approx(1.7032, abs=1e-4)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "xbar-q", "values": [1, 2]}, "type"),
        ({"type": "imr"}, "values"),
        ({"type": "imr", "values": [1, 2, 3], "labels": ["a"]}, "labels"),
        ({"type": "p", "values": [1, 2], "sizes": [5]}, "sizes"),
        ({"type": "imr", "values": [1, 2], "rules": "iso"}, "--rules"),
    ],
)
def test_a_bad_chart_request_is_refused_naming_the_field(
    client: TestClient, body: dict[str, object], field: str
) -> None:
    response = client.post("/api/v1/spc/chart", json=body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(field)
