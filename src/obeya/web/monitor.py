"""One background watcher per app: machine states every 0.5 s, the overview every 10 s.

Pages and the `/live` stream read the watcher's snapshot instead of querying the ledger
per request and per browser: the cost of watching the floor does not grow with the
number of people looking at it. Machine states are at most `POLL_S` old; the OEE and
output figures of the overview at most `STATUS_TTL_S`, or ten times as long as the
last computation took when that is longer (the watcher stays under a tenth of a core).
The thread starts on first use and stops after `IDLE_S` without readers (it restarts
on the next one).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from obeya.reports.floor_view import FloorStatus, with_states
from obeya.services.floor import floor_status, machine_states
from obeya.services.runtime import Runtime

POLL_S = 0.5
STATUS_TTL_S = 10.0
IDLE_S = 60.0
COST_FACTOR = 10.0
HISTORY = 200

States = dict[str, tuple[str, str | None, str]]
log = logging.getLogger(__name__)


@dataclass
class FloorMonitor:
    """The watcher of one runtime (see the module docstring)."""

    runtime: Runtime
    clock: Callable[[], float] = time.monotonic
    version: int = 0
    _states: States = field(default_factory=dict)
    _changes: list[tuple[int, list[dict[str, object]]]] = field(default_factory=list)
    _status: FloorStatus | None = None
    _status_at: float = float("-inf")
    _status_cost_s: float = 0.0
    _read_at: float = 0.0
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)

    def _ensure_running(self) -> None:
        self._read_at = self.clock()
        with self._lock:
            if self._stop.is_set():
                return
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="floor-monitor", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while self.clock() - self._read_at < IDLE_S and not self._stop.is_set():
            try:
                self.poll()
            except Exception:  # a broken poll must not end live updates
                log.exception("floor monitor poll failed")
            self._stop.wait(POLL_S)

    def stop(self) -> None:
        """Stop the watcher thread (the app's shutdown calls it)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def poll(self) -> None:
        """Read machine states; record what changed; refresh the status when stale."""
        current = machine_states(self.runtime)
        changed: list[dict[str, object]] = [
            {"machine": machine, "state": state, "reason": reason, "at": at}
            for machine, (state, reason, at) in sorted(current.items())
            if self._states.get(machine) != (state, reason, at)
        ]
        if changed:
            with self._lock:
                self.version += 1
                self._changes = [*self._changes[-HISTORY:], (self.version, changed)]
                self._states = current
        if self.clock() - self._status_at >= self.status_ttl_s:
            self._refresh()

    @property
    def status_ttl_s(self) -> float:
        """How old the overview's figures may get: STATUS_TTL_S or 10x their cost."""
        return max(STATUS_TTL_S, COST_FACTOR * self._status_cost_s)

    def _refresh(self) -> None:
        began = time.perf_counter()
        status = floor_status(self.runtime)
        with self._lock:
            self._status, self._status_at = status, self.clock()
            self._status_cost_s = time.perf_counter() - began

    def status(self) -> tuple[int, FloorStatus]:
        """(version, overview): figures at most STATUS_TTL_S old, states at most POLL_S old.

        Changes after `version` are what `changes_since(version)` gives.
        """
        self._ensure_running()
        if self._status is None:
            self._refresh()
        with self._lock:
            version, states, status = self.version, self._states, self._status
        if not states:
            states = machine_states(self.runtime)
        assert status is not None
        return version, with_states(status, states)

    def changes_since(self, version: int) -> tuple[int, list[dict[str, object]]]:
        """(newest version, machines whose state changed after `version`)."""
        self._ensure_running()
        with self._lock:
            found = [change for seen, batch in self._changes if seen > version for change in batch]
            return self.version, found
