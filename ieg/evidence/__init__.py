"""Outcome evidence for auditors (docs/design.md 3.6)."""
