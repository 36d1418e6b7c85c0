"""Machine signals (execution, availability, part counter) turned into domain events.

Controls report signals, not events: an execution state, whether data is available,
and a cumulative part counter. `SignalTracker` folds a machine's signals into
`StateChanged` events (only on a change of the mapped state) and `CountRecorded` events
(counter deltas, with reset detection). MTConnect SHDR replay and agent polling share it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from obeya.domain.errors import InputError
from obeya.domain.events import CountRecorded, MachineState, ShopFloorEvent, StateChanged

UNAVAILABLE = "UNAVAILABLE"


class Signal(StrEnum):
    """The signals obeya reads from a control."""

    EXECUTION = "execution"
    AVAILABILITY = "availability"
    PART_COUNT = "part_count"


DEFAULT_MTCONNECT_MAPPING: dict[str, dict[str, str]] = {
    "execution": {
        "ACTIVE": "running",
        "READY": "idle",
        "PROGRAM_COMPLETED": "idle",
        "WAIT": "idle",
        "PROGRAM_STOPPED": "idle",
        "INTERRUPTED": "down",
        "FEED_HOLD": "down",
        "STOPPED": "down",
        "OPTIONAL_STOP": "down",
    },
    "availability": {"UNAVAILABLE": "offline"},
}


@dataclass(frozen=True, slots=True)
class Observation:
    """One value of one signal at `at`, with the event id any event from it gets."""

    at: datetime
    signal: Signal
    value: str
    event_id: str


def merge_mapping(
    default: Mapping[str, Mapping[str, str]], override: Mapping[str, object] | None
) -> dict[str, dict[str, str]]:
    """Merge a per-machine override (`{"execution": {"FEED_HOLD": "idle"}}`) over a default.

    Raises:
        InputError: when the override is not a mapping of signal -> value -> state, naming
            the key path (`execution.FEED_HOLD`).
    """
    merged = {signal: dict(values) for signal, values in default.items()}
    for signal, values in (override or {}).items():
        if not isinstance(values, Mapping):
            raise InputError(f"connector mapping {signal}: must map values to states")
        for value, state in values.items():
            if state not in {member.value for member in MachineState}:
                states = ", ".join(member.value for member in MachineState)
                raise InputError(
                    f"connector mapping {signal}.{value}: {state!r} is not one of {states}"
                )
            merged.setdefault(str(signal), {})[str(value).upper()] = str(state)
    return merged


class PartCounter:
    """Turns a cumulative counter into deltas; a counter going down is a reset.

    The first value after `reset()` (or creation) is a baseline and counts nothing; a
    value below the previous one means the counter restarted from 0, so the new value
    itself is the delta. Deltas are never negative.
    """

    def __init__(self) -> None:
        self.last: int | None = None

    def reset(self) -> None:
        """Forget the baseline (a new replay run or a reconnection)."""
        self.last = None

    def delta(self, value: int) -> int:
        """The parts made since the previous value (0 for the baseline)."""
        previous, self.last = self.last, value
        if previous is None:
            return 0
        return value - previous if value >= previous else value


def parse_counter(value: str) -> int | None:
    """The integer value of a counter reading, or None when it has none (`UNAVAILABLE`)."""
    try:
        number = float(value)
    except ValueError:
        return None
    if number != number or number < 0:
        return None
    return int(number)


class SignalTracker:
    """Folds one machine's signal observations into state and count events."""

    def __init__(self, machine_id: str, mapping: Mapping[str, Mapping[str, str]]) -> None:
        self.machine_id = machine_id
        self.execution_map = {key.upper(): value for key, value in mapping["execution"].items()}
        self.availability_map = {
            key.upper(): value for key, value in mapping.get("availability", {}).items()
        }
        self.counter = PartCounter()
        self.state: MachineState | None = None
        self.execution: str | None = None

    def reset(self) -> None:
        """Start a new run: forget the current state and the counter baseline.

        The last execution value is kept, so that an `AVAILABLE` announcement restores it.
        """
        self.state = None
        self.counter.reset()

    def observe(self, observation: Observation) -> ShopFloorEvent | None:
        """The event this observation causes, if any."""
        value = observation.value.strip().upper()
        if observation.signal is Signal.PART_COUNT:
            return self._count(observation, value)
        target = self._target_state(observation.signal, value)
        if target is None or target == self.state:
            return None
        self.state = target
        return StateChanged(observation.event_id, observation.at, self.machine_id, target)

    def _target_state(self, signal: Signal, value: str) -> MachineState | None:
        if signal is Signal.AVAILABILITY:
            if value in self.availability_map:
                return MachineState(self.availability_map[value])
            return self._execution_state()
        if value == UNAVAILABLE:
            return MachineState.OFFLINE
        self.execution = value
        return self._execution_state()

    def _execution_state(self) -> MachineState | None:
        if self.execution is None or self.execution not in self.execution_map:
            return None
        return MachineState(self.execution_map[self.execution])

    def _count(self, observation: Observation, value: str) -> ShopFloorEvent | None:
        reading = parse_counter(value)
        if reading is None:
            return None
        delta = self.counter.delta(reading)
        if delta <= 0:
            return None
        return CountRecorded(observation.event_id, observation.at, self.machine_id, delta)
