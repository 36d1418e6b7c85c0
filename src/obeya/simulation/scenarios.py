"""What-if scenarios: a base line file and named sets of changes, compared with CRN.

```yaml
obeya-scenarios: 1
base: line.yaml              # relative to this file
replications: 20             # optional: overrides the base file's
scenarios:
  - name: bigger-buffer
    changes:
      - {station: S2, buffer: 10}          # places; null = unlimited
      - {station: S3, process_scale: 0.9}  # every process time x 0.9
      - {station: S1, mttr_scale: 0.5}     # repair times x 0.5
      - {station: S1, mtbf_scale: 2}       # working time between failures x 2
      - {station: S2, servers: 2}
      - {station: S2, process: {dist: constant, value: 0.8}}
      - {station: S1, changeover_scale: 0.5}  # SMED: changeovers x 0.5 (needs one)
      - {arrivals_scale: 0.9}              # line-level: time between arrivals x 0.9
      - {wip: 6}                           # line-level: CONWIP limit (closed lines)
```

Every scenario runs with the base's seed, so replication r of every scenario draws from
the same streams as replication r of the base (common random numbers): differences
are paired by replication, which makes their confidence intervals much narrower.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from obeya.simulation.experiment import Progress, run_replications
from obeya.simulation.line_file import distribution, read_line_file
from obeya.simulation.line_spec import LineSpec, StationSpec
from obeya.simulation.statistics import (
    Estimate,
    ReplicationFigures,
    Summary,
    paired_difference,
    summarize,
)
from obeya.simulation.yaml_source import Located, read_document

FORMAT_KEY = "obeya-scenarios"
COMPARED_FIGURES = ("throughput", "wip", "cycle_time")


@dataclass(frozen=True)
class Scenario:
    """A named variant of the base line."""

    name: str
    spec: LineSpec


@dataclass(frozen=True)
class ScenarioSet:
    """The base line and its scenarios."""

    base: LineSpec
    scenarios: tuple[Scenario, ...]


def read_scenario_file(path: Path) -> ScenarioSet:
    """Read a scenario file and the base line file it names.

    Raises:
        FileFormatError: naming the file, key path and line of the first problem.
    """
    data, at = read_document(path)
    if not isinstance(data, dict) or data.get(FORMAT_KEY) != 1:
        raise at.error(FORMAT_KEY, "missing or unsupported format version: `obeya-scenarios: 1`")
    base_name = data.get("base")
    if not isinstance(base_name, str):
        raise at.error("base", "name the base line file, e.g. `base: line.yaml`")
    base = read_line_file(path.parent / base_name)
    if "replications" in data:
        replications = data["replications"]
        if isinstance(replications, bool) or not isinstance(replications, int) or replications < 1:
            raise at.error("replications", f"must be an integer >= 1, got {replications!r}")
        base = replace(base, replications=replications)
    items = data.get("scenarios")
    if not isinstance(items, list) or not items:
        raise at.error("scenarios", "give a list of at least one scenario")
    scenarios = tuple(_scenario(item, f"scenarios[{i}]", base, at) for i, item in enumerate(items))
    return ScenarioSet(base, scenarios)


def _scenario(item: object, key: str, base: LineSpec, at: Located) -> Scenario:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        raise at.error(f"{key}.name", "a scenario is a mapping with a `name` and `changes`")
    changes = item.get("changes") or []
    if not isinstance(changes, list):
        raise at.error(f"{key}.changes", "must be a list of changes")
    spec = base
    for index, change in enumerate(changes):
        spec = _apply(spec, change, f"{key}.changes[{index}]", at)
    return Scenario(str(item["name"]), spec)


def _apply(spec: LineSpec, change: object, key: str, at: Located) -> LineSpec:
    if not isinstance(change, dict):
        raise at.error(key, "a change is a mapping like {station: S2, buffer: 10}")
    settings = {str(name): value for name, value in change.items() if name != "station"}
    if len(settings) != 1:
        raise at.error(key, "each change sets exactly one thing (write one change per line)")
    ((setting, value),) = settings.items()
    setting_key = f"{key}.{setting}"
    if "station" not in change:
        return _apply_to_line(spec, setting, value, setting_key, at)
    try:
        index = spec.station_index(str(change["station"]))
    except KeyError:
        raise at.error(
            f"{key}.station", f"no station {change['station']!r} in the base line"
        ) from None
    station = _apply_to_station(spec.stations[index], setting, value, setting_key, at)
    stations = (*spec.stations[:index], station, *spec.stations[index + 1 :])
    return replace(spec, stations=stations)


def _apply_to_line(spec: LineSpec, setting: str, value: object, key: str, at: Located) -> LineSpec:
    if setting == "arrivals_scale" and spec.arrivals is not None:
        return replace(spec, arrivals=spec.arrivals.scaled(_positive(value, key, at)))
    if setting == "wip" and spec.conwip_wip is not None:
        return replace(spec, conwip_wip=_count(value, key, at, minimum=1))
    raise at.error(key, "a line change is arrivals_scale (open line) or wip (CONWIP line)")


def _apply_to_station(
    station: StationSpec, setting: str, value: object, key: str, at: Located
) -> StationSpec:
    if setting == "buffer":
        return replace(station, buffer=None if value is None else _count(value, key, at, minimum=0))
    if setting == "servers":
        return replace(station, servers=_count(value, key, at, minimum=1))
    if setting == "process":
        return replace(station, process=distribution(value, key, at))
    if setting == "process_scale":
        return replace(station, process=station.process.scaled(_positive(value, key, at)))
    if setting == "changeover_scale" and station.changeover is not None:
        scaled = station.changeover.scaled(_positive(value, key, at))
        return replace(station, changeover=scaled)
    if setting in ("mttr_scale", "mtbf_scale"):
        failures = station.failures
        if failures is None:
            raise at.error(key, f"station {station.id} has no failures to scale")
        factor = _positive(value, key, at)
        if setting == "mttr_scale":
            failures = replace(failures, repair=failures.repair.scaled(factor))
        else:
            failures = replace(failures, up=failures.up.scaled(factor))
        return replace(station, failures=failures)
    known = "buffer, servers, process, process_scale, mttr_scale, mtbf_scale, changeover_scale"
    raise at.error(key, f"unknown change {setting!r}; a station change is one of {known}")


def _positive(value: object, key: str, at: Located) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise at.error(key, f"must be a number > 0, got {value!r}")
    return float(value)


def _count(value: object, key: str, at: Located, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise at.error(key, f"must be an integer >= {minimum}, got {value!r}")
    return value


@dataclass(frozen=True)
class Comparison:
    """Base and scenario summaries with paired differences (scenario - base)."""

    base: Summary
    scenarios: tuple[tuple[str, Summary, dict[str, Estimate]], ...]

    def as_json(self) -> dict[str, object]:
        """The answer of `obeya simulate compare FILE --json`."""
        return {
            "replications": self.base.replications,
            "base": self.base.as_json(),
            "scenarios": [
                {
                    "name": name,
                    "result": summary.as_json(),
                    "difference": {key: value.as_json() for key, value in differences.items()},
                }
                for name, summary, differences in self.scenarios
            ],
        }


def compare(
    scenario_set: ScenarioSet, workers: int | None = None, progress: Progress | None = None
) -> Comparison:
    """Run the base and every scenario with common random numbers and compare them."""
    done = 0

    def advance(_: int) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done)

    base_runs = run_replications(scenario_set.base, workers, advance)
    rows = []
    for scenario in scenario_set.scenarios:
        runs = run_replications(scenario.spec, workers, advance)
        rows.append((scenario.name, _summary(scenario.spec, runs), _differences(base_runs, runs)))
    return Comparison(_summary(scenario_set.base, base_runs), tuple(rows))


def _summary(spec: LineSpec, runs: list[ReplicationFigures]) -> Summary:
    return summarize([station.id for station in spec.stations], runs)


def _differences(
    base: list[ReplicationFigures], other: list[ReplicationFigures]
) -> dict[str, Estimate]:
    return {name: paired_difference(name, base, other) for name in COMPARED_FIGURES}
