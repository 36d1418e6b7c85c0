"""The whole site: the API under /api/v1 plus the dashboard pages."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from obeya.api.app import build_api
from obeya.services.runtime import Runtime
from obeya.web.overview import overview_html


def build_app(runtime: Runtime, *, auth_enabled: bool) -> FastAPI:
    """The API app with the dashboard routes added."""
    app = build_api(runtime, auth_enabled=auth_enabled)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview() -> str:
        return overview_html(runtime)

    return app
