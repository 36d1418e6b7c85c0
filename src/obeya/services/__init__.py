"""obeya.services."""
