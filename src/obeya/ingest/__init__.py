"""obeya.ingest."""
