"""The in-memory sink the ingestion tests share (defined once, in the unit tests)."""

from __future__ import annotations

from tests.unit.ingest.ingest_fakes import MemorySink

__all__ = ["MemorySink"]
