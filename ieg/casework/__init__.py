"""Casework: enquiries from every channel, customers, references, acknowledgements (docs/design.md 3.4)."""
