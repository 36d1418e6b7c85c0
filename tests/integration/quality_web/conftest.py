"""The whole site (API, dashboard, SPC watcher) on a fresh database with the small plant.

Characteristic P-100.diameter (X-bar/R, n = 5, 74 +/- 0.05 mm) is measured at step 20,
which runs on L1-CNC1 and L1-CNC2 (line L1). `in_control` gives 20 subgroups whose
means alternate 73.996 / 74.004 mm and whose ranges alternate 0.020 / 0.024 mm (no rule
fires, even with subgroup 21 in the limits); `shifted` one subgroup 0.05 mm high:
beyond the X-bar UCL (we-1) and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from obeya.bootstrap import bootstrap
from obeya.services.plant import init_database
from obeya.services.quality import NewCharacteristic, add_characteristic
from obeya.services.runtime import Runtime
from obeya.web.site import build_app

REPOSITORY = Path(__file__).resolve().parents[3]
PLANT = REPOSITORY / "tests" / "fixtures" / "plant_small.yaml"
START_AT = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
SUBGROUP_SIZE = 5


PATTERN = (-0.01, -0.005, 0.0, 0.005, 0.01)


def subgroup_events(
    first: int, means: list[float], machine: str = "L1-CNC1"
) -> list[dict[str, Any]]:
    """Measurement events of subgroups `first`, `first + 1`... with these means."""
    events: list[dict[str, Any]] = []
    for offset, mean in enumerate(means):
        label = str(first + offset)
        scale = 1.0 if (first + offset) % 2 else 1.2
        for index, deviation in enumerate(PATTERN):
            value = mean + scale * deviation
            at = START_AT + timedelta(minutes=10 * (first + offset), seconds=index)
            events.append(
                {
                    "id": f"m-{label}-{index}",
                    "ts": at.isoformat().replace("+00:00", "Z"),
                    "machine": machine,
                    "kind": "measurement",
                    "characteristic": "P-100.diameter",
                    "value": round(float(value), 4),
                    "subgroup": label,
                }
            )
    return events


def in_control() -> list[dict[str, Any]]:
    """Subgroups 1-20 around 74.000 mm."""
    return subgroup_events(1, [73.996 if n % 2 else 74.004 for n in range(1, 21)])


def shifted() -> list[dict[str, Any]]:
    """Subgroup 21, 0.05 mm high (far beyond the X-bar UCL of about 74.014)."""
    return subgroup_events(21, [74.05])


def add_diameter(runtime: Runtime, name: str = "Ring diameter") -> None:
    """Define P-100.diameter."""
    spec = NewCharacteristic(
        "P-100.diameter", "P-100", 20, name, "mm", 74.0, 73.95, 74.05, SUBGROUP_SIZE
    )
    add_characteristic(runtime, spec)


@pytest.fixture
def runtime(database_url: str) -> Iterator[Runtime]:
    """A migrated database with the small plant and P-100.diameter."""
    runtime = bootstrap(database_url)
    init_database(runtime, PLANT.read_text(), source=PLANT.name)
    add_diameter(runtime)
    yield runtime
    runtime.engine.dispose()


@pytest.fixture
def app(runtime: Runtime) -> FastAPI:
    """The site with authentication off (every caller is the local admin)."""
    return build_app(runtime, auth_enabled=False)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client of the running site: the lifespan (and so the SPC watcher) is on."""
    with TestClient(app) as client:
        yield client
