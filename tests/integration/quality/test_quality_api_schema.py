"""Schemathesis against the quality routes: no input the schema allows gives a 5xx."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from tests.integration.quality.conftest import PLANT, with_quality_routes

from obeya.api.app import build_api
from obeya.bootstrap import bootstrap
from obeya.services.plant import init_database

_DATABASE = Path(tempfile.mkdtemp(prefix="obeya-quality-schema-")) / "obeya.db"
_RUNTIME = bootstrap(f"sqlite:///{_DATABASE}")
init_database(_RUNTIME, PLANT.read_text(), source=PLANT.name)
APP = with_quality_routes(build_api(_RUNTIME, auth_enabled=False))

schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP)


@schema.include(tag="quality").parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_quality_request_the_schema_allows_causes_a_server_error(
    case: schemathesis.Case,
) -> None:
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.path}: {response.text[:300]}"
