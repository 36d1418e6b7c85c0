"""The FastAPI application: `/api/v1` routes, error handlers and the dashboard."""

from __future__ import annotations

from fastapi import FastAPI

from obeya import __version__
from obeya.api.errors import install_error_handlers
from obeya.api.routes import events, kpi, orders, plant, quality, schedules
from obeya.services.runtime import Runtime

API_PREFIX = "/api/v1"


def build_api(runtime: Runtime, *, auth_enabled: bool) -> FastAPI:
    """The API app on `runtime`; with auth off every caller is the local admin."""
    app = FastAPI(
        title="obeya",
        version=__version__,
        description="Production management: plant, work orders, events, KPIs, schedules.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.runtime = runtime
    app.state.auth_enabled = auth_enabled
    install_error_handlers(app)
    for module in (plant, orders, events, kpi, schedules, quality):
        app.include_router(module.router, prefix=API_PREFIX)
    return app
