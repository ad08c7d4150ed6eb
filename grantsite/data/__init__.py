"""Stage 5, the data package: the published tables as CSV, JSON, XLSX and SQLite with a Frictionless
descriptor, zipped, for all years (data/) and for each year (data/{year}/)."""
from .packages import DataFile, refresh_years, write_package

__all__ = ["DataFile", "refresh_years", "write_package"]
