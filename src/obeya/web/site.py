"""The whole site: the API under /api/v1 plus the dashboard pages and their static files."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from obeya.api.app import build_api
from obeya.services.runtime import Runtime
from obeya.web import auth, live, operator, pages, schedule
from obeya.web.monitor import FloorMonitor

STATIC = Path(__file__).parent / "static"


def build_app(runtime: Runtime, *, auth_enabled: bool) -> FastAPI:
    """The API app with the dashboard routes, `/live` events and `/static` files added."""
    app = build_api(runtime, auth_enabled=auth_enabled)
    app.state.floor_monitor = FloorMonitor(runtime)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (auth, pages, operator, schedule, live):
        app.include_router(module.router)
    return app
