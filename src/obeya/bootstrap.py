"""The composition root: picks the database and builds the runtime services use.

Tests call `bootstrap(url)` with a SQLite or PostgreSQL URL of their own.
"""

from __future__ import annotations

import os

from obeya.services.runtime import Runtime
from obeya.storage import open_engine

DEFAULT_DATABASE_URL = "sqlite:///obeya.db"
DATABASE_ENV = "OBEYA_DATABASE_URL"


def database_url(given: str | None = None) -> str:
    """`--db` if given, else `OBEYA_DATABASE_URL`, else `sqlite:///obeya.db`."""
    return given or os.environ.get(DATABASE_ENV) or DEFAULT_DATABASE_URL


def bootstrap(url: str | None = None) -> Runtime:
    """The runtime on the chosen database (not migrated: `obeya init` does that)."""
    return Runtime(open_engine(database_url(url)))
