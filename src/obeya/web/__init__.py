"""obeya.web."""
