"""obeya.cli."""
