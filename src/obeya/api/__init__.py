"""obeya.api."""
