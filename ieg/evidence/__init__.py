"""Outcome evidence for auditors (DESIGN.md 3.5)."""
