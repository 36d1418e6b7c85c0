"""Obeya: open-source production management for the people who run factories."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
