"""Casework: enquiries from every channel, customers, references, acknowledgements (DESIGN.md 3.3)."""
