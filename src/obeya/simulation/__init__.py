"""Simulation: the line engine on SimPy, experiments, what-if, the plant simulator.

Modules: `line_file` (read `obeya-line: 1`), `line_model` (one replication),
`experiment` (replications over a process pool, 95 % CIs), `scenarios` (what-if with
common random numbers), `plant_model` (shop-floor events for the living demo),
`robustness` (a schedule executed under variability). See docs/simulation.md.

The package exports the plant simulator only: it needs neither SimPy nor NumPy, so
importing it stays light. Import the line engine from its modules.
"""

from __future__ import annotations

from obeya.simulation.event_json import event_to_json
from obeya.simulation.plant_behaviour import MachineBehaviour
from obeya.simulation.plant_model import live_events, simulate_plant

__all__ = ["MachineBehaviour", "event_to_json", "live_events", "simulate_plant"]
