"""Similar comments grouped as suggestions (pure, no I/O): models/grouping/engine.py."""

from models.grouping.engine import THRESHOLD, group
from models.grouping.normalise import normalise

__all__ = ["THRESHOLD", "group", "normalise"]
