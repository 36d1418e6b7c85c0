"""obeya.scheduling."""
