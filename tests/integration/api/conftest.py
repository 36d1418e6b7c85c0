"""The API app on a fresh database with the small plant, through an in-process client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from obeya.api.app import build_api
from obeya.bootstrap import bootstrap
from obeya.services.plant import init_database
from obeya.services.runtime import Runtime
from obeya.services.users import create_user

PLANT = Path(__file__).resolve().parents[2] / "fixtures" / "plant_small.yaml"


@pytest.fixture
def runtime(database_url: str) -> Iterator[Runtime]:
    runtime = bootstrap(database_url)
    init_database(runtime, PLANT.read_text(), source=PLANT.name)
    yield runtime
    runtime.engine.dispose()


@pytest.fixture
def open_client(runtime: Runtime) -> TestClient:
    """Authentication off: every caller is the local admin."""
    return TestClient(build_api(runtime, auth_enabled=False))


@pytest.fixture
def client_as(runtime: Runtime) -> Callable[[str | None], TestClient]:
    """A client with authentication on, sending the token of a new user of `role`."""
    app = build_api(runtime, auth_enabled=True)

    def make(role: str | None) -> TestClient:
        client = TestClient(app)
        if role is not None:
            token = create_user(runtime, f"user-{role}-{len(role)}", role)
            client.headers["Authorization"] = f"Bearer {token}"
        return client

    return make
