"""Outgoing mail through the outbox (docs/design.md 3.4)."""
