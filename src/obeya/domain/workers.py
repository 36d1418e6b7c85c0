"""Workers, their skills and the shifts they work."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Worker:
    """A worker: skills (machine classes or named skills) and the shifts worked."""

    id: str
    name: str
    skills: tuple[str, ...] = ()
    shift_ids: tuple[str, ...] = ()

    def is_qualified(self, skill: str | None) -> bool:
        """True when the worker has `skill` (no skill required: always)."""
        return skill is None or skill in self.skills
