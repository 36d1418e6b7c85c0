"""The standard job shop benchmark harness: problems, checker, heuristics, CP-SAT search.

Import the modules you need (`problem`, `validate`, `heuristics`, `solve`); this package
imports nothing itself, so that reading a file does not load ortools.
"""
