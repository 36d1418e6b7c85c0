"""obeya.reports."""
