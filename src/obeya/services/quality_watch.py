"""Alarms without anyone running a command: a watcher re-charts freshly measured characteristics.

Measurement events reach the ledger by any path (`obeya ingest`, `POST /api/v1/events`,
MQTT, another process on the same database). The watcher runs beside the server
(started by the site's lifespan): every `INTERVAL_S` it reads the number of stored
measurements per characteristic (one grouped query), and for each characteristic whose
count changed it runs the monitor (`quality.monitor`), which records every new rule
violation once as an alarm. Ingestion itself is untouched: charts are never evaluated
inside the insert path, and a burst of measurements costs one evaluation per
characteristic per interval.

Latency: a violation becomes an open alarm within `INTERVAL_S` plus the time to chart
the characteristic (milliseconds for a few hundred subgroups, about 0.7 s for 2,000).
When a round (count plus charting) takes longer than a tenth of `INTERVAL_S`, the pause
stretches to `COST_FACTOR` times its cost (at most `LONGEST_WAIT_S`; the first round
also pays the one-off import of SciPy), so the watcher uses about a tenth of a core
while measurements keep arriving.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from obeya.domain.errors import InputError
from obeya.services.quality import list_characteristics, monitor
from obeya.services.runtime import Runtime

INTERVAL_S = 1.0
COST_FACTOR = 10.0
LONGEST_WAIT_S = 10.0
log = logging.getLogger(__name__)


def measurement_counts(runtime: Runtime) -> dict[str, int]:
    """Stored measurement events per characteristic id (defined or not)."""
    with runtime.uow() as uow:
        return uow.quality.measurements.unknown(())


def changed_characteristics(before: dict[str, int] | None, now: dict[str, int]) -> list[str]:
    """Characteristics whose measurement count differs (all measured ones when `before` is None)."""
    if before is None:
        return sorted(now)
    return sorted(name for name, count in now.items() if before.get(name) != count)


def evaluate(runtime: Runtime, characteristic_ids: list[str]) -> list[dict[str, Any]]:
    """Run the monitor on the defined ones among `characteristic_ids`; the new alarms."""
    defined = {row["id"] for row in list_characteristics(runtime)}
    new: list[dict[str, Any]] = []
    for characteristic_id in characteristic_ids:
        if characteristic_id in defined:
            answer = monitor(runtime, characteristic_id)
            new.extend(alarm for alarm in answer["alarms"] if alarm["new"])
    return new


@dataclass
class QualityWatch:
    """The background watcher of one runtime (see the module docstring)."""

    runtime: Runtime
    interval_s: float = INTERVAL_S
    clock: Callable[[], float] = time.perf_counter
    raised_count: int = 0
    _counts: dict[str, int] | None = None
    _cost_s: float = 0.0
    _thread: threading.Thread | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    def check(self) -> list[dict[str, Any]]:
        """One round: re-chart the characteristics measured since the last round; new alarms."""
        began = self.clock()
        counts = measurement_counts(self.runtime)
        changed = changed_characteristics(self._counts, counts)
        try:
            new = evaluate(self.runtime, changed) if changed else []
        except InputError as error:  # e.g. a database without the quality tables
            log.debug("SPC watcher skipped a round: %s", error)
            return []
        finally:
            self._cost_s = self.clock() - began
        self._counts = counts
        self.raised_count += len(new)
        if new:
            log.info("SPC watcher raised %d alarm(s)", len(new))
        return new

    @property
    def wait_s(self) -> float:
        """The pause between rounds: `interval_s`, or 10x the last round's cost (at most 10 s)."""
        return max(self.interval_s, min(LONGEST_WAIT_S, COST_FACTOR * self._cost_s))

    def start(self) -> None:
        """Start the watcher thread (idempotent)."""
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="spc-watch", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.check()
            except Exception:  # a broken round must not end the watching
                log.exception("SPC watcher round failed")
            self._stop.wait(self.wait_s)

    def stop(self) -> None:
        """Stop the watcher thread and wait for it (at most 5 s)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
