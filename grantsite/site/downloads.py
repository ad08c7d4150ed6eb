"""The data files of the build as the downloads page groups them."""
from __future__ import annotations

from dataclasses import dataclass

from ..check import TABLES


@dataclass(frozen=True)
class Downloads:
    """The data files of the manifest as the downloads page groups them."""

    package: tuple  # whole-package files of all years: datapackage.json, xlsx, sqlite, zip
    tables: tuple  # (table, files) for all years
    sources: tuple  # the official documents
    years: tuple  # (year, files): each year's own package
    records: tuple  # per-priority records (data/p/…): summarised, each priority page links its own


def downloads(manifest) -> Downloads:
    """Group the data files for the downloads page; nothing in the manifest is left out."""
    files = sorted(manifest, key=lambda f: f.path)
    records = tuple(f for f in files if f.path.startswith("data/p/"))
    every_year = [f for f in files if f.year is None and not f.path.startswith("data/p/")]
    sources = tuple(f for f in every_year if "/sources/" in f.path)
    tables: dict[str, list] = {}
    for f in every_year:
        if f.table is not None:
            tables.setdefault(f.table, []).append(f)
    years: dict[int, list] = {}
    for f in files:
        if f.year is not None and not f.path.startswith("data/p/"):
            years.setdefault(f.year, []).append(f)
    rank = {name: i for i, name in enumerate(TABLES)}
    ordered = sorted(tables.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))
    package = tuple(f for f in every_year if f.table is None and f not in sources)
    return Downloads(package, tuple((k, tuple(v)) for k, v in ordered), sources,
                     tuple((k, tuple(v)) for k, v in sorted(years.items(), reverse=True)), records)
