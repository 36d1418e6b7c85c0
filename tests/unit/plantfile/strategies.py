"""Hypothesis strategies: valid plant files as Python documents (dump them with yaml)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

IDENTIFIER_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CATEGORIES = ("unplanned", "minor_stop", "setup", "idle", "planned")
ZONES = ("Europe/Berlin", "UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe")

identifiers = st.text(IDENTIFIER_CHARS, min_size=1, max_size=12)
names = st.text("abcdefghijklmnopqrstuvwxyzÄÖÜß 0123456789-.:#'\"", min_size=1, max_size=24).filter(
    lambda text: text.strip() != ""
)
positive = st.floats(min_value=0.001, max_value=1e6, allow_nan=False, allow_infinity=False)


def _clock(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


@st.composite
def shifts(draw: st.DrawFn, shift_id: str) -> dict[str, Any]:
    """A shift with non-overlapping breaks inside it (it may cross midnight)."""
    start = draw(st.integers(0, 95)) * 15
    length = draw(st.integers(4, 96)) * 15
    shift: dict[str, Any] = {
        "id": shift_id,
        "start": _clock(start),
        "end": _clock(start + length),
        "days": draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True)),
    }
    offsets = sorted(draw(st.lists(st.integers(0, length // 60 - 1), max_size=3, unique=True)))
    if offsets:
        shift["breaks"] = [
            {"start": _clock(start + offset * 60), "minutes": draw(st.integers(1, 60))}
            for offset in offsets
        ]
    return shift


@st.composite
def closures(draw: st.DrawFn) -> dict[str, Any]:
    start_at = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=draw(st.integers(0, 10**6)))
    end_at = start_at + timedelta(minutes=draw(st.integers(1, 10**5)))
    closure = {"start": start_at.isoformat(), "end": end_at.isoformat()}
    if draw(st.booleans()):
        closure["reason"] = draw(names)
    return closure


def _maybe(
    draw: st.DrawFn, tree: dict[str, Any], key: str, strategy: st.SearchStrategy[Any]
) -> None:
    if draw(st.booleans()):
        tree[key] = draw(strategy)


@st.composite
def areas(draw: st.DrawFn, shift_ids: list[str]) -> list[dict[str, Any]]:
    """1-2 areas of 1-2 lines of 1-3 machines, ids unique per kind."""
    area_ids = draw(st.lists(identifiers, min_size=1, max_size=2, unique=True))
    line_ids = iter(draw(st.lists(identifiers, min_size=4, max_size=4, unique=True)))
    machine_ids = iter(draw(st.lists(identifiers, min_size=12, max_size=12, unique=True)))
    found = []
    for area_id in area_ids:
        lines = []
        for _ in range(draw(st.integers(1, 2))):
            line: dict[str, Any] = {"id": next(line_ids)}
            _maybe(draw, line, "name", names)
            _maybe(draw, line, "oee_target", st.floats(min_value=0.01, max_value=1.0))
            _maybe(draw, line, "shifts", st.lists(st.sampled_from(shift_ids), unique=True))
            line["machines"] = [
                _machine(draw, next(machine_ids)) for _ in range(draw(st.integers(1, 3)))
            ]
            lines.append(line)
        area: dict[str, Any] = {"id": area_id, "lines": lines}
        _maybe(draw, area, "name", names)
        found.append(area)
    return found


def _machine(draw: st.DrawFn, machine_id: str) -> dict[str, Any]:
    machine: dict[str, Any] = {"id": machine_id}
    _maybe(draw, machine, "name", names)
    _maybe(draw, machine, "class", st.sampled_from(["lathe", "saw", "mill", "wash"]))
    _maybe(draw, machine, "connector", st.just({"mtconnect": {"execution": {"FEED_HOLD": "idle"}}}))
    return machine


@st.composite
def reasons(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A reason tree two levels deep with unique codes."""
    codes = iter(draw(st.lists(identifiers, min_size=9, max_size=9, unique=True)))
    tree = []
    for _ in range(draw(st.integers(0, 3))):
        reason: dict[str, Any] = {
            "code": next(codes),
            "category": draw(st.sampled_from(CATEGORIES)),
        }
        _maybe(draw, reason, "name", names)
        children = []
        for _ in range(draw(st.integers(0, 2))):
            child: dict[str, Any] = {"code": next(codes)}
            _maybe(draw, child, "category", st.sampled_from(CATEGORIES))
            children.append(child)
        if children:
            reason["children"] = children
        tree.append(reason)
    return tree


@st.composite
def products(draw: st.DrawFn, machine_ids: list[str]) -> list[dict[str, Any]]:
    """0-3 products with ascending routings over existing machines."""
    found = []
    for product_id in draw(st.lists(identifiers, max_size=3, unique=True)):
        numbers = sorted(draw(st.lists(st.integers(1, 999), min_size=1, max_size=3, unique=True)))
        routing = []
        for number in numbers:
            eligible = draw(st.lists(st.sampled_from(machine_ids), min_size=1, unique=True))
            step: dict[str, Any] = {
                "step": number,
                "machines": {m: draw(positive) for m in eligible},
            }
            _maybe(draw, step, "setup_min", st.floats(min_value=0, max_value=600))
            _maybe(draw, step, "skill", st.one_of(st.none(), identifiers))
            _maybe(draw, step, "pausable", st.booleans())
            routing.append(step)
        product: dict[str, Any] = {"id": product_id, "routing": routing}
        _maybe(draw, product, "name", names)
        _maybe(draw, product, "family", st.sampled_from(["shafts", "flanges", "housings"]))
        materials = draw(st.lists(identifiers, max_size=2, unique=True))
        if materials:
            product["bom"] = [{"material": m, "quantity": draw(positive)} for m in materials]
        found.append(product)
    return found


@st.composite
def plant_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A whole valid plant file as a Python document."""
    shift_ids = draw(st.lists(identifiers, min_size=1, max_size=3, unique=True))
    calendar: dict[str, Any] = {"shifts": [draw(shifts(shift_id)) for shift_id in shift_ids]}
    _maybe(draw, calendar, "closures", st.lists(closures(), max_size=2))
    plant_areas = draw(areas(shift_ids))
    machine_ids = [m["id"] for a in plant_areas for line in a["lines"] for m in line["machines"]]
    plant_products = draw(products(machine_ids))
    families = sorted({p["family"] for p in plant_products if "family" in p})
    document: dict[str, Any] = {
        "obeya": 1,
        "site": {"id": draw(identifiers), "timezone": draw(st.sampled_from(ZONES))},
        "calendar": calendar,
        "areas": plant_areas,
        "reasons": draw(reasons()),
        "products": plant_products,
    }
    if len(families) >= 2:
        document["changeovers"] = [
            {"from": families[0], "to": families[1], "minutes": draw(st.integers(0, 120))}
        ]
    worker_ids = draw(st.lists(identifiers, max_size=3, unique=True))
    document["workers"] = [
        {
            "id": worker_id,
            "skills": draw(st.lists(identifiers, max_size=2, unique=True)),
            "shifts": draw(st.lists(st.sampled_from(shift_ids), unique=True)),
        }
        for worker_id in worker_ids
    ]
    return document
