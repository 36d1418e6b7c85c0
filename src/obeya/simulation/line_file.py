"""The line simulation file (CONTRACTS.md section 6, `obeya-line: 1`): read and validate.

Every error is a FileFormatError naming the key path and line, e.g.
`line.yaml: stations[1].buffer: must be an integer >= 0 or omitted for unlimited, got -1
(line 14)`.
"""

from __future__ import annotations

from pathlib import Path

from obeya.domain.identifiers import is_identifier
from obeya.simulation.distributions import PARAMETERS, Distribution
from obeya.simulation.line_calendar import parse_calendar
from obeya.simulation.line_spec import FailureSpec, LineSpec, StationSpec
from obeya.simulation.yaml_source import Located, parse_document, read_document

FORMAT_KEY = "obeya-line"
_TOP_KEYS = frozenset(
    {FORMAT_KEY, "time_unit", "horizon", "warmup", "replications", "seed", "arrivals", "release"}
    | {"stations", "products", "calendar", "operators"}
)
_STATION_KEYS = frozenset(
    {"id", "servers", "process", "buffer", "failures", "scrap", "rework", "changeover", "operator"}
)


def read_line_file(path: Path) -> LineSpec:
    """Read a line file.

    Raises:
        FileFormatError: naming the key path and line of the first problem.
    """
    data, located = read_document(path)
    return _line(data, located)


def parse_line_text(text: str, source: str = "<line>") -> LineSpec:
    """Parse the text of a line file; `source` names it in errors.

    Raises:
        FileFormatError: naming the key path and line of the first problem.
    """
    data, located = parse_document(text, source)
    return _line(data, located)


def _line(data: object, at: Located) -> LineSpec:
    top = _mapping(data, "", at, "the file must be a mapping starting with `obeya-line: 1`")
    if top.get(FORMAT_KEY) != 1:
        raise at.error(FORMAT_KEY, "missing or unsupported format version: write `obeya-line: 1`")
    _no_unknown_keys(top, _TOP_KEYS, "", at)
    if "arrivals" in top and "release" in top:
        raise at.error("release", "give either `arrivals` (open line) or `release` (closed)")
    time_unit = top.get("time_unit", "min")
    if not isinstance(time_unit, str) or not time_unit:
        raise at.error("time_unit", f"must be a word such as min, s or h, got {time_unit!r}")
    products = _products(top["products"], at) if "products" in top else ()
    spec = LineSpec(
        time_unit=time_unit,
        horizon=_number(top.get("horizon"), "horizon", at, positive=True),
        warmup=_number(top.get("warmup", 0), "warmup", at, positive=False),
        replications=_integer(top.get("replications", 10), "replications", at, minimum=1),
        seed=_integer(top.get("seed", 1), "seed", at, minimum=0),
        arrivals=distribution(top["arrivals"], "arrivals", at) if "arrivals" in top else None,
        conwip_wip=_release(top["release"], at) if "release" in top else None,
        stations=_stations(top.get("stations"), at),
        products=products,
        calendar=parse_calendar(top["calendar"], time_unit, at) if "calendar" in top else None,
        operators=_operators(top["operators"], at) if "operators" in top else None,
    )
    if spec.calendar is not None and spec.calendar.scheduled_share(spec) <= 0:
        raise at.error("calendar", "the shifts schedule no time inside warmup + horizon")
    for index, station in enumerate(spec.stations):
        if station.operator is not None and spec.operators is None:
            raise at.error(f"stations[{index}].operator", "declare `operators: {pool: N}` first")
        if station.changeover is not None and len(products) < 2:
            problem = "a changeover needs a product mix: `products` with two products or more"
            raise at.error(f"stations[{index}].changeover", problem)
    return spec


def _products(value: object, at: Located) -> tuple[tuple[str, float], ...]:
    if not isinstance(value, list) or not value:
        raise at.error("products", "give a list like [{id: A, share: 0.7}, {id: B, share: 0.3}]")
    mix: list[tuple[str, float]] = []
    for index, item in enumerate(value):
        key = f"products[{index}]"
        product = _mapping(item, key, at, "a product is a mapping like {id: A, share: 0.7}")
        _no_unknown_keys(product, frozenset({"id", "share"}), key, at)
        product_id = product.get("id")
        if not is_identifier(product_id) or product_id in dict(mix):
            raise at.error(f"{key}.id", f"{product_id!r} is not a new product id")
        mix.append(
            (str(product_id), _number(product.get("share"), f"{key}.share", at, positive=True))
        )
    if abs(sum(share for _, share in mix) - 1.0) > 1e-6:
        raise at.error("products", "the shares must add up to 1")
    return tuple(mix)


def _release(value: object, at: Located) -> int:
    release = _mapping(value, "release", at, "must be a mapping like {policy: conwip, wip: 4}")
    _no_unknown_keys(release, frozenset({"policy", "wip"}), "release", at)
    if release.get("policy") != "conwip":
        raise at.error("release.policy", "the only release policy is `conwip`")
    return _integer(release.get("wip"), "release.wip", at, minimum=1)


def _stations(value: object, at: Located) -> tuple[StationSpec, ...]:
    if not isinstance(value, list) or not value:
        raise at.error("stations", "the line needs a list of at least one station")
    stations = tuple(_station(item, f"stations[{index}]", at) for index, item in enumerate(value))
    seen: set[str] = set()
    for index, station in enumerate(stations):
        if station.id in seen:
            raise at.error(f"stations[{index}].id", f"duplicate station id {station.id!r}")
        seen.add(station.id)
    return stations


def _station(value: object, key: str, at: Located) -> StationSpec:
    station = _mapping(value, key, at, "a station must be a mapping with id and process")
    _no_unknown_keys(station, _STATION_KEYS, key, at)
    station_id = station.get("id")
    if not is_identifier(station_id):
        raise at.error(f"{key}.id", f"{station_id!r} is not an id (1-64 of A-Z a-z 0-9 _ . -)")
    assert isinstance(station_id, str)
    if "process" not in station:
        raise at.error(f"{key}.process", "every station needs a process time distribution")
    buffer = station.get("buffer")
    spec = StationSpec(
        id=station_id,
        servers=_integer(station.get("servers", 1), f"{key}.servers", at, minimum=1),
        process=distribution(station["process"], f"{key}.process", at),
        buffer=None if buffer is None else _buffer(buffer, f"{key}.buffer", at),
        failures=_failures(station["failures"], f"{key}.failures", at)
        if station.get("failures") is not None
        else None,
        scrap=_share(station.get("scrap", 0.0), f"{key}.scrap", at),
        rework=_share(station.get("rework", 0.0), f"{key}.rework", at),
        changeover=distribution(station["changeover"], f"{key}.changeover", at)
        if station.get("changeover") is not None
        else None,
        operator=_operator(station.get("operator", False), f"{key}.operator", at),
    )
    if spec.scrap + spec.rework >= 1:
        raise at.error(f"{key}.rework", "scrap + rework must be below 1: some parts must pass")
    return spec


def _operators(value: object, at: Located) -> int:
    pool = _mapping(value, "operators", at, "must be a mapping like {pool: 2}")
    _no_unknown_keys(pool, frozenset({"pool"}), "operators", at)
    return _integer(pool.get("pool"), "operators.pool", at, minimum=1)


def _operator(value: object, key: str, at: Located) -> str | None:
    """`process` (or true), `setup`, or none (false, omitted)."""
    if value is True or value == "process":
        return "process"
    if value is False or value is None:
        return None
    if value == "setup":
        return "setup"
    raise at.error(key, f"must be process, setup, true or false, got {value!r}")


def _share(value: object, key: str, at: Located) -> float:
    share = _number(value, key, at, positive=False)
    if share >= 1:
        raise at.error(key, f"must be a share below 1 (0.02 is 2 %), got {value!r}")
    return share


def _buffer(value: object, key: str, at: Located) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise at.error(key, f"must be an integer >= 0 or omitted for unlimited, got {value!r}")
    return value


def _failures(value: object, key: str, at: Located) -> FailureSpec:
    failures = _mapping(value, key, at, "must be a mapping with `up` and `repair`")
    _no_unknown_keys(failures, frozenset({"up", "repair"}), key, at)
    for part in ("up", "repair"):
        if part not in failures:
            raise at.error(f"{key}.{part}", f"failures need `{part}`: a distribution")
    return FailureSpec(
        up=distribution(failures["up"], f"{key}.up", at),
        repair=distribution(failures["repair"], f"{key}.repair", at),
    )


def distribution(value: object, key: str, at: Located) -> Distribution:
    """Parse a distribution mapping such as `{dist: exponential, mean: 1.25}`.

    Raises:
        FileFormatError: unknown distribution, missing, unknown or invalid parameter.
    """
    spec = _mapping(value, key, at, "a distribution must be a mapping like {dist: ..., ...}")
    name = spec.get("dist")
    if name not in PARAMETERS:
        known = ", ".join(PARAMETERS)
        raise at.error(f"{key}.dist", f"unknown distribution {name!r}; use one of {known}")
    assert isinstance(name, str)
    wanted = PARAMETERS[name]
    _no_unknown_keys(spec, frozenset({"dist", *wanted}), key, at)
    if name == "empirical":
        return _empirical(spec.get("values"), f"{key}.values", at)
    parameters = {
        parameter: _number(spec.get(parameter), f"{key}.{parameter}", at, positive=False)
        for parameter in wanted
    }
    _check_shape(name, parameters, key, at)
    return Distribution(name, parameters)


def _check_shape(name: str, p: dict[str, float], key: str, at: Located) -> None:
    if "mean" in p and p["mean"] <= 0:
        raise at.error(f"{key}.mean", f"the mean must be > 0, got {p['mean']}")
    if name == "constant" and p["value"] <= 0:
        raise at.error(f"{key}.value", f"must be > 0, got {p['value']}")
    if name in ("uniform", "triangular") and not p["low"] < p["high"]:
        raise at.error(f"{key}.high", "needs 0 <= low < high")
    if name == "triangular" and not p["low"] <= p["mode"] <= p["high"]:
        raise at.error(f"{key}.mode", "needs low <= mode <= high")


def _empirical(value: object, key: str, at: Located) -> Distribution:
    if not isinstance(value, list) or not value:
        raise at.error(key, "empirical needs a non-empty list of values")
    values = tuple(_number(item, f"{key}[{i}]", at, positive=False) for i, item in enumerate(value))
    if sum(values) <= 0:
        raise at.error(key, "the values must have a mean > 0")
    return Distribution("empirical", {}, values)


def _mapping(value: object, key: str, at: Located, problem: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise at.error(key, f"{problem}, got {type(value).__name__}")
    return {str(name): item for name, item in value.items()}


def _no_unknown_keys(
    value: dict[str, object], known: frozenset[str], key: str, at: Located
) -> None:
    for name in value:
        if name not in known:
            path = f"{key}.{name}" if key else name
            raise at.error(path, f"unknown key {name!r}; known keys: {', '.join(sorted(known))}")


def _number(value: object, key: str, at: Located, *, positive: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise at.error(key, f"must be a number, got {value!r}")
    if value < 0 or (positive and value == 0):
        raise at.error(key, f"must be {'> 0' if positive else '>= 0'}, got {value}")
    return float(value)


def _integer(value: object, key: str, at: Located, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise at.error(key, f"must be an integer >= {minimum}, got {value!r}")
    return value
