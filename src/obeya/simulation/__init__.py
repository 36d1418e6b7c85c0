"""Simulation: the line engine on SimPy, experiments, what-if, the plant simulator.

Modules: `line_file` (read `obeya-line: 1`), `line_model` (one replication),
`experiment` (replications over a process pool, 95 % CIs), `scenarios` (what-if with
common random numbers), `plant_model` (shop-floor events for the living demo),
`robustness` (a schedule executed under variability). See docs/simulation.md.
"""
