"""Evaluation sets and the `make eval` report. Each module has ``evaluate() -> dict``."""
