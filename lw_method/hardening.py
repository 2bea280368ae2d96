"""Checks on what authors wrote that need the whole parsed page (filled in by the bad-input work)."""

from __future__ import annotations


def setup(app) -> None:
    """Connect the page-level checks."""
