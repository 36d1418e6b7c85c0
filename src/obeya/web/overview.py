"""The plant overview page: every machine as a tile with its current state."""

from __future__ import annotations

from html import escape

from obeya.domain.events import StateChanged
from obeya.services.runtime import Runtime


def overview_html(runtime: Runtime) -> str:
    """A self-contained page listing lines and machines with their latest state."""
    plant = runtime.plant()
    with runtime.uow() as uow:
        latest = uow.events.latest_states()
    parts = [f"<h1>{escape(plant.site.name)}</h1>"]
    for line in plant.lines:
        parts.append(f"<h2>{escape(line.id)} {escape(line.name)}</h2><ul>")
        for machine in line.machines:
            event = latest.get(machine.id)
            state = event.state if isinstance(event, StateChanged) else "unknown"
            parts.append(f"<li>{escape(machine.id)}: <b>{escape(str(state))}</b></li>")
        parts.append("</ul>")
    body = "".join(parts)
    return f"<!doctype html><html lang=en><meta charset=utf-8><title>obeya</title>{body}</html>"
