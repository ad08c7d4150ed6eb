"""Stage 5, data: the published data package (being built: see issue 4).

Interface shared with render (issue 3): write_package returns DataFile entries for every file written;
per-priority records are at data/p/{id}.json and data/p/{id}.csv.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataFile:
    """One published data file, as the downloads page lists it."""

    path: str  # site-relative, e.g. "data/priorities.csv" or "data/2026/priorities.csv"
    table: str | None  # priorities, indicators, …; None for whole-package files (xlsx, sqlite, zip, datapackage.json)
    format: str  # csv | json | xlsx | sqlite | zip
    year: int | None  # None: all years
    bytes: int
    sha256: str


def write_package(checked, vocab, site, config) -> list[DataFile]:
    """Write site/data/ and return the files written."""
    return []
