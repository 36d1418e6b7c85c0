"""The whole site: the API under /api/v1 plus the dashboard pages and their static files."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from obeya.api.app import build_api
from obeya.services.quality_watch import QualityWatch
from obeya.services.runtime import Runtime
from obeya.web import auth, live, operator, pages, quality, schedule
from obeya.web.monitor import FloorMonitor

Lifespan = Callable[[Any], AbstractAsyncContextManager[Any]]
STATIC = Path(__file__).parent / "static"


def _stopping(lifespan: Lifespan, monitor: FloorMonitor, watch: QualityWatch) -> Lifespan:
    """The app's lifespan with the SPC watcher running; stop both watchers at shutdown."""

    @asynccontextmanager
    async def wrapped(app: FastAPI) -> AsyncIterator[Any]:
        async with lifespan(app) as state:
            watch.start()
            try:
                yield state
            finally:
                watch.stop()
                monitor.stop()

    return wrapped


def build_app(runtime: Runtime, *, auth_enabled: bool) -> FastAPI:
    """The API app with the dashboard routes, `/live` events and `/static` files added.

    The SPC watcher (`services.quality_watch`) runs while the app is served.
    """
    app = build_api(runtime, auth_enabled=auth_enabled)
    monitor = FloorMonitor(runtime)
    watch = QualityWatch(runtime)
    app.state.floor_monitor, app.state.quality_watch = monitor, watch
    app.router.lifespan_context = _stopping(app.router.lifespan_context, monitor, watch)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (auth, pages, operator, schedule, live, quality):
        app.include_router(module.router)
    return app
