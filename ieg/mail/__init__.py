"""Outgoing mail through the outbox (DESIGN.md 3.3 and 4)."""
