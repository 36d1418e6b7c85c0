"""obeya.quality."""
