"""Where a report is, for Open311: the rules live in ieg.places (e-forms use them too)."""
from __future__ import annotations

from ieg.places import british_national_grid

__all__ = ["british_national_grid"]
