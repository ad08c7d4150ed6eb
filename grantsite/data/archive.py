"""Zip archives whose bytes depend only on their content (the data zip, and the XLSX container).

A file's deflate stream can be made ahead, as the file is written (Deflated), and later copied into the zip
as it is.  Such a stream is a chain of pieces each compressed on its own, so a piece of rows compressed once
serves both the all-years file and its year's file: the packages share rows, and compressing them took
longer than writing them.  Every entry is deflated here, with ISA-L (isal), never by zipfile's zlib.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import zipfile
import zlib
from pathlib import Path

from isal import isal_zlib

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
ALREADY_COMPRESSED = (".xlsx", ".zip", ".docx", ".pdf", ".png", ".jpg")
# ISA-L's level 1: five times faster than zlib's fastest level on our CSV, JSON, sheets and SQLite, and
# its files a little smaller; at 10,000 priorities zlib's deflate was a quarter of the data stage.
COMPRESS_LEVEL = 1
PIECE = 1 << 20  # a file deflated after it was written is read and compressed a megabyte at a time
END = b"\x03\x00"  # an empty final deflate block: closes a chain of pieces


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
    """A ZipFile whose entries are stamped by entry() and deflated by piece(), whatever the machine and clock."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        info = zinfo_or_arcname if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else entry(zinfo_or_arcname)
        data = data.encode("utf-8") if isinstance(data, str) else data
        if info.compress_type != zipfile.ZIP_DEFLATED:
            return super().writestr(info, data)
        stream = piece(data) + END if data else END
        self._put(info, zlib.crc32(data), len(data), len(stream), lambda sink: sink.write(stream))

    def write_deflated(self, name: str, made: "Deflated") -> None:
        """An entry whose deflate stream was made ahead."""
        info = entry(name)
        if info.compress_type != zipfile.ZIP_DEFLATED:
            raise ValueError(f"{name} is stored as it is in the zip, not deflated")

        def copy(sink):
            with open(made.path, "rb") as source:
                shutil.copyfileobj(source, sink, PIECE)
        self._put(info, made.crc, made.size, Path(made.path).stat().st_size, copy)

    def _put(self, info: zipfile.ZipInfo, crc: int, size: int, compressed: int, write) -> None:
        """An entry whose deflate stream is made here, not by zipfile.  ZipFile cannot take such a stream, so this
        writes what its open(…, "w") writes on a seekable file, with the sizes and checksum already known."""
        info.flag_bits = 0  # as ZipFile.open(…, "w") sets it on a seekable file
        info.CRC, info.file_size, info.compress_size = crc, size, compressed
        zip64 = info.file_size * 1.05 > zipfile.ZIP64_LIMIT
        self.fp.seek(self.start_dir)
        info.header_offset = self.fp.tell()
        self.fp.write(info.FileHeader(zip64))
        write(self.fp)
        self.start_dir = self.fp.tell()
        self.filelist.append(info)
        self.NameToInfo[info.filename] = info


def piece(data: bytes) -> bytes:
    """Data as a piece of raw deflate that any other piece may follow (it ends on a byte boundary)."""
    compressor = isal_zlib.compressobj(COMPRESS_LEVEL, isal_zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(isal_zlib.Z_SYNC_FLUSH)


class Deflated:
    """The deflate stream of a file, made beside it (in a scratch folder) while the file is written."""

    def __init__(self, path: Path):
        self.path, self.crc, self.size = path, 0, 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self.stream = open(path, "wb")

    def add(self, data: bytes, deflated: bytes | None = None) -> None:
        """Add data, with its piece when already compressed."""
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        self.stream.write(piece(data) if deflated is None else deflated)

    def close(self) -> "Deflated":
        self.stream.write(END)
        self.stream.close()
        self.stream = None  # what is left travels from the worker that made it to the one that zips it
        return self


def write_zip(target, entries: list[tuple[str, Path, Deflated | None]]) -> None:
    """A zip of (name, file, its deflate stream if made ahead) entries, written to the open binary file target;
    a file without a stream made ahead is read whole (the descriptor, the official documents: small files)."""
    with FixedTimeZip(target, "w") as archive:
        for name, path, made in entries:
            info = entry(name)
            if made is not None:
                archive.write_deflated(name, made)
            elif info.compress_type == zipfile.ZIP_DEFLATED:
                archive.writestr(info, Path(path).read_bytes())
            else:  # already compressed (a workbook): copied as it is, a megabyte at a time
                info.file_size = Path(path).stat().st_size  # as writestr sets it: the same headers
                with open(path, "rb") as source, archive.open(info, "w") as sink:
                    shutil.copyfileobj(source, sink, PIECE)


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip of (name, bytes) entries in the given order, every entry with the same fixed time and mode."""
    buffer = io.BytesIO()
    with FixedTimeZip(buffer, "w") as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()
