"""Schemathesis against the OpenAPI document: no input the schema allows gives a 5xx.

The app runs on a fresh SQLite database with the small plant and authentication off
(the local admin), so every operation, writes included, is exercised.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from obeya.api.app import build_api
from obeya.bootstrap import bootstrap
from obeya.services.plant import init_database

PLANT = Path(__file__).resolve().parents[2] / "fixtures" / "plant_small.yaml"
_DATABASE = Path(tempfile.mkdtemp(prefix="obeya-schema-")) / "obeya.db"
_RUNTIME = bootstrap(f"sqlite:///{_DATABASE}")
init_database(_RUNTIME, PLANT.read_text(), source=PLANT.name)
APP = build_api(_RUNTIME, auth_enabled=False)

schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP)


@schema.exclude(path_regex=r".*/schedules/(solve|reschedule)$").parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_the_schema_allows_causes_a_server_error(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.path}: {response.text[:300]}"
