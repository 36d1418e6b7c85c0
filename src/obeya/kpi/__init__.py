"""obeya.kpi."""
