"""obeya.domain."""
