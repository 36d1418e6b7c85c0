"""obeya.storage."""
