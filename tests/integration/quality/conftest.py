"""Quality on a fresh database (SQLite and PostgreSQL) with the small fixture plant.

The plant has product P-100 (steps 10 on L1-SAW, 20 on L1-CNC1/L1-CNC2), line L1,
shifts `early` and `night`, worker W001.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from obeya.api.app import API_PREFIX, build_api
from obeya.api.routes import quality as quality_routes
from obeya.bootstrap import bootstrap
from obeya.services.plant import init_database
from obeya.services.quality import NewCharacteristic, add_characteristic
from obeya.services.runtime import Runtime
from obeya.services.users import create_user

REPOSITORY = Path(__file__).resolve().parents[3]
PLANT = REPOSITORY / "tests" / "fixtures" / "plant_small.yaml"
PISTON_RINGS = REPOSITORY / ".." / "shared" / "research-data" / "spc" / "pistonrings.txt"
START_AT = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


def piston_rings() -> list[tuple[str, float]]:
    """(sample, diameter) of Montgomery's piston rings; skips the test when absent."""
    if not PISTON_RINGS.exists():
        pytest.skip(f"{PISTON_RINGS} is absent (research data lives beside the repository)")
    rows = [line.split() for line in PISTON_RINGS.read_text().splitlines()[1:] if line.strip()]
    return [(sample, float(diameter)) for diameter, sample, _trial in rows]


def measurement_events(
    samples: Sequence[tuple[str | None, float]],
    characteristic: str = "P-100.diameter",
    machine: str = "L1-CNC1",
    prefix: str = "m",
) -> list[dict[str, Any]]:
    """Measurement events one minute apart from START_AT (subgroup key when given)."""
    events: list[dict[str, Any]] = []
    for index, (subgroup, value) in enumerate(samples):
        at = START_AT + timedelta(minutes=index)
        event: dict[str, Any] = {
            "id": f"{prefix}-{index}",
            "ts": at.isoformat().replace("+00:00", "Z"),
            "machine": machine,
            "kind": "measurement",
            "characteristic": characteristic,
            "value": value,
        }
        if subgroup is not None:
            event["subgroup"] = subgroup
        events.append(event)
    return events


def with_quality_routes(app: FastAPI) -> FastAPI:
    """The app with the quality router (until `api/app.py` includes it itself)."""
    paths = {getattr(route, "path", "") for route in app.routes}
    if f"{API_PREFIX}/characteristics" not in paths:
        app.include_router(quality_routes.router, prefix=API_PREFIX)
    return app


@pytest.fixture
def runtime(database_url: str) -> Iterator[Runtime]:
    """A migrated database with the small plant loaded."""
    runtime = bootstrap(database_url)
    init_database(runtime, PLANT.read_text(), source=PLANT.name)
    yield runtime
    runtime.engine.dispose()


@pytest.fixture
def diameter(runtime: Runtime) -> Runtime:
    """The runtime with characteristic P-100.diameter (X-bar/R, n = 5, 74 ± 0.05 mm)."""
    spec = NewCharacteristic(
        "P-100.diameter", "P-100", 20, "Ring diameter", "mm", 74.0, 73.95, 74.05, 5
    )
    add_characteristic(runtime, spec)
    return runtime


@pytest.fixture
def client(runtime: Runtime) -> TestClient:
    """Authentication off: every caller is the local admin."""
    return TestClient(with_quality_routes(build_api(runtime, auth_enabled=False)))


@pytest.fixture
def client_as(runtime: Runtime) -> Callable[[str], TestClient]:
    """A client with authentication on, as a new user of `role`."""
    app = with_quality_routes(build_api(runtime, auth_enabled=True))

    def make(role: str) -> TestClient:
        client = TestClient(app)
        token = create_user(runtime, f"user-{role}", role)
        client.headers["Authorization"] = f"Bearer {token}"
        return client

    return make
