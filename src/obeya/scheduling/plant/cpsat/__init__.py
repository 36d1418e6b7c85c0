"""The CP-SAT model of the plant problem (the only ortools importer of plant scheduling)."""

from __future__ import annotations
