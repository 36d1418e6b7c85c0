"""Page rendering: the Jinja2 templates (autoescaped) and the filters pages share."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from obeya.reports import formatting

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.filters["percent"] = formatting.percent
TEMPLATES.env.filters["minutes"] = formatting.minutes
TEMPLATES.env.filters["count"] = formatting.count
TEMPLATES.env.globals["fmt"] = formatting


def iso(moment: datetime | None) -> str:
    """RFC 3339 UTC for machine-readable attributes (`datetime=`, form values)."""
    return "" if moment is None else moment.isoformat().replace("+00:00", "Z")


TEMPLATES.env.filters["iso"] = iso


def number(value: float | None) -> str:
    """A measured or plotted value with 6 significant digits; a dash when absent."""
    return "-" if value is None else f"{value:.6g}"


TEMPLATES.env.filters["number"] = number


def page(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render template `name` with the caller (for role-aware navigation)."""
    context.setdefault("caller", getattr(request.state, "caller", None))
    context.setdefault("auth_enabled", request.app.state.auth_enabled)
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)


def problem(request: Request, message: str, status_code: int) -> HTMLResponse:
    """A page that says what was wrong (unknown line, bad date...), never a traceback."""
    return page(request, "problem.html", {"message": message}, status_code)
