"""Zip archives whose bytes depend only on their content (the data zip, and the XLSX container)."""
from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import zipfile
from pathlib import Path

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
ALREADY_COMPRESSED = (".xlsx", ".zip", ".docx", ".pdf", ".png", ".jpg")
# Deflate level 1: about five times faster than zlib's default 6 on our CSV, JSON and SQLite, for files
# about one and a half times larger; with 10,000 priorities the default level alone took longer than the
# whole build may.
COMPRESS_LEVEL = 1


def source_date() -> dt.datetime | None:
    """The build time fixed by SOURCE_DATE_EPOCH (reproducible builds), or None when it is not set."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc).replace(tzinfo=None)


def _entry_time() -> tuple:
    when = source_date()
    if when is None or when.year < 1980:
        return ZIP_EPOCH
    return (when.year, when.month, when.day, when.hour, when.minute, when.second - when.second % 2)


def entry(name: str) -> zipfile.ZipInfo:
    """A zip entry with the build's fixed time and plain file permissions, whatever the machine and clock."""
    info = zipfile.ZipInfo(name, date_time=_entry_time())
    stored = name.lower().endswith(ALREADY_COMPRESSED)  # deflating them again costs time and saves nothing
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3  # unix
    return info


class FixedTimeZip(zipfile.ZipFile):
    """A ZipFile that stamps every entry via entry(), also when a library writes into it (openpyxl does)."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = entry(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel or COMPRESS_LEVEL)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        self.writestr(arcname or Path(filename).name, Path(filename).read_bytes(), compress_type, compresslevel)


def write_zip(target, entries: list[tuple[str, Path]]) -> None:
    """A zip of (name, file) entries, written to the open binary file target a megabyte at a time; the same
    bytes zip_bytes would give for the files' contents."""
    with FixedTimeZip(target, "w") as archive:
        for name, path in entries:
            info = entry(name)
            info.file_size = Path(path).stat().st_size  # as writestr sets it: the same headers
            info._compresslevel = COMPRESS_LEVEL
            with open(path, "rb") as source, archive.open(info, "w") as sink:
                shutil.copyfileobj(source, sink, 1 << 20)


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip of (name, bytes) entries in the given order, every entry with the same fixed time and mode."""
    buffer = io.BytesIO()
    with FixedTimeZip(buffer, "w") as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()
