"""obeya.simulation."""
