"""The ASGI entry point: `uvicorn --factory obeya.asgi:create_app`.

Reads `OBEYA_DATABASE_URL` and `OBEYA_AUTH` (`on`/`off`; default on when users exist).
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from obeya.bootstrap import bootstrap
from obeya.services.users import user_count
from obeya.storage import require_schema
from obeya.web.site import build_app


def create_app() -> FastAPI:
    """Build the app from the environment."""
    runtime = bootstrap()
    require_schema(runtime.engine)
    setting = os.environ.get("OBEYA_AUTH", "").strip().lower()
    auth_enabled = setting == "on" or (setting != "off" and user_count(runtime) > 0)
    return build_app(runtime, auth_enabled=auth_enabled)
