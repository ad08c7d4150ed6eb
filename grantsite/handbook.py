"""The handbook: MkDocs documentation built into site/handbook/ (being built: see issue 9)."""
from __future__ import annotations


def build_handbook(site, config) -> None:
    """Generate the reference pages and build the handbook into the staging folder."""
