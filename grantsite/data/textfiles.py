"""The text files of the data packages, written into every package folder at once: each table as CSV and as
JSON, the nested priorities, and the one-record files of the priorities (data/p/{id}.json|csv).

A year's package holds some of the rows of the all-years package, so each run of rows of one year is
encoded once, compressed once (a piece of deflate, for the zips: archive.py), and written to the all-years
file and to its year's file.  Files are streamed: only their size, checksum and deflate stream are kept.
"""
from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from pathlib import Path

from ..check import TABLES
from ..jsontext import STEP as JSON_STEP, in_array
from .archive import PIECE, Deflated, piece
from .encode import (
    NESTED,
    csv_bytes,
    csv_lines,
    field_names,
    json_records,
    nested_items,
    table_rows,
)

RECORDS = "data/p"
EVERY = "every"  # the year of a row of a code list (areas, territories): it is in every package


@dataclass(frozen=True)
class Stored:
    """A file already written to the staging folder: what the descriptor needs of it instead of its bytes."""

    size: int
    sha256: str
    deflated: Deflated | None = None  # its deflate stream, made as it was written, for the zip

    def __len__(self) -> int:
        return self.size


@dataclass(frozen=True)
class Out:
    """A file of one package: its path inside the package folder, its size and checksum, what it holds."""

    name: str
    content: Stored
    table: str | None
    format: str


class Sink:
    """A file of the staging folder written piece by piece, of which only size and checksum are kept (and,
    given a scratch path, its deflate stream)."""

    def __init__(self, site, path: str, scratch: Path | None = None):
        self.stream, self.digest, self.size = site.open(path), hashlib.sha256(), 0
        self.deflated = Deflated(scratch) if scratch is not None else None

    def write(self, data: bytes, deflated: bytes | None = None) -> None:
        self.stream.write(data)
        self.digest.update(data)
        self.size += len(data)
        if self.deflated is not None:
            self.deflated.add(data, deflated)

    def close(self) -> Stored:
        self.stream.close()
        return Stored(self.size, self.digest.hexdigest(), self.deflated and self.deflated.close())


def put(site, path: str, content: bytes) -> Stored:
    """Write bytes to the staging folder; keep only size and checksum."""
    sink = Sink(site, path)
    sink.write(content)
    return sink.close()


def digest_file(path: Path, scratch: Path | None = None) -> Stored:
    """Size and checksum of a file written by someone else (SQLite, the workbook, the zip); given a scratch path,
    its deflate stream too, made in the same reading (the zip of its package only copies it)."""
    digest, deflated = hashlib.sha256(), Deflated(scratch) if scratch is not None else None
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(PIECE), b""):
            digest.update(block)
            if deflated is not None:
                deflated.add(block)
    return Stored(path.stat().st_size, digest.hexdigest(), deflated and deflated.close())


def row_years(tables: dict[str, list[dict]]) -> dict[str, list]:
    """Per table, the year of the package each row goes to, as for_year picks them (None: no year's)."""
    list_year = {r["id"]: r["year"] for r in tables["lists"]}
    priority_year = {r["id"]: list_year.get(r["list_id"]) for r in tables["priorities"]}
    years = {"lists": [r["year"] for r in tables["lists"]],
             "priorities": [list_year.get(r["list_id"]) for r in tables["priorities"]],
             "indicators": [priority_year.get(r["priority_id"]) for r in tables["indicators"]],
             "results": [priority_year.get(r["priority_id"]) for r in tables["results"]],
             "calls": [list_year.get(r["list_id"]) for r in tables.get("calls", [])],
             "changes": [list_year.get(r["list_id"]) for r in tables.get("changes", [])],
             "editions": [list_year.get(r["list_id"]) for r in tables.get("editions", [])]}
    return {name: years[name] if name in years else [EVERY] * len(tables.get(name, [])) for name in TABLES}


def runs(rows, years):
    """Consecutive rows that go to the same year's package: (year, rows)."""
    for year, pairs in itertools.groupby(zip(years, rows), key=lambda pair: pair[0]):
        yield year, [row for _, row in pairs]


class Spread:
    """One file in several package folders (all years, keyed None, and some years), written at once: each run
    of rows is encoded and compressed once and goes to the all-years file and to its year's (to every file for
    EVERY).  A sink takes (bytes, the same bytes as a piece of deflate)."""

    def __init__(self, sinks: dict, head: str = "", array: bool = False):
        self.sinks, self.array, self.empty = sinks, array, set(sinks)
        self._write(sinks, head.encode("utf-8"))

    def add(self, year, pieces: list[str] | list[bytes]) -> None:
        """Add the texts of a run of rows (CSV records as text, or JSON array items as bytes) to the files of its year."""
        if not pieces:
            return
        between = ",\n" + JSON_STEP if self.array else ""
        block = between.encode().join(pieces) if isinstance(pieces[0], bytes) else between.join(pieces).encode("utf-8")
        keys = list(self.sinks) if year == EVERY else [k for k in dict.fromkeys((None, year)) if k in self.sinks]
        if self.array:
            self._write([k for k in keys if k in self.empty], b"[\n" + JSON_STEP.encode())
            self._write([k for k in keys if k not in self.empty], b",\n" + JSON_STEP.encode())
        self.empty -= set(keys)
        self._write(keys, block)

    def close(self) -> dict:
        """Close every file; what its sink gives back, by key."""
        if self.array:
            self._write([k for k in self.sinks if k in self.empty], b"[]\n")
            self._write([k for k in self.sinks if k not in self.empty], b"\n]\n")
        return {key: sink.close() for key, sink in self.sinks.items()}

    def _write(self, keys, data: bytes) -> None:
        if keys and data:
            deflated = piece(data)
            for key in keys:
                self.sinks[key].write(data, deflated)


class Texts:
    """What one worker writes: files spread over the package folders (year → folder; None: all years), and
    one-record files of the priorities of the years being made."""

    def __init__(self, site, scratch: Path, folders: dict):
        self.site, self.scratch, self.folders = site, scratch, folders
        self.outs = {year: [] for year in folders}  # year → the package files made
        self.records = {year: [] for year in folders}  # year → (path, table, format, year, bytes, sha256)

    def spread(self, name: str, head: str = "", array: bool = False) -> Spread:
        paths = {year: f"{folder}/{name}" for year, folder in self.folders.items()}
        return Spread({year: Sink(self.site, path, self.scratch / path) for year, path in paths.items()}, head, array)

    def done(self, files: Spread, name: str, table: str, fmt: str) -> None:
        for year, stored in files.close().items():
            self.outs[year].append(Out(name, stored, table, fmt))

    def record(self, year, row: dict, fmt: str, content: bytes, table: str) -> None:
        """data/p/{id}.{fmt} of a priority, when its year is being made."""
        if year is not None and year in self.folders:
            path = f"{RECORDS}/{row['id']}.{fmt}"
            self.site.put(path, content)
            self.records[year].append((path, table, fmt, row["year"], len(content),
                                       hashlib.sha256(content).hexdigest()))


def csv_files(texts: Texts, tables: dict, schemas: dict, vocab) -> Texts:
    """Every table as CSV in every package at once, and each priority's row as a CSV file of its own."""
    years = row_years(tables)
    for t in TABLES:
        names = field_names(schemas[t])
        header = csv_bytes([], names)
        files = texts.spread(f"{t}.csv", header.decode("utf-8"))
        for year, rows in runs(tables[t], years[t]):
            lines = csv_lines(rows, names)
            files.add(year, lines)
            for row, line in zip(rows, lines) if t == "priorities" else ():
                texts.record(year, row, "csv", header + line.encode("utf-8"), "priorities")
        texts.done(files, f"{t}.csv", t, "csv")
    return texts


def json_files(texts: Texts, tables: dict, schemas: dict, vocab) -> Texts:
    """Every table as JSON in every package at once."""
    years = row_years(tables)
    for t in TABLES:
        names = field_names(schemas[t])
        files = texts.spread(f"{t}.json", array=True)
        for year, rows in runs(tables[t], years[t]):
            files.add(year, [in_array(record) for record in json_records(table_rows(rows, names))])
        texts.done(files, f"{t}.json", t, "json")
    return texts


def nested_files(texts: Texts, tables: dict, schemas: dict, vocab) -> Texts:
    """The nested priorities in every package at once, and each priority as a JSON file of its own."""
    years = row_years(tables)
    files, nested = texts.spread(f"{NESTED}.json", array=True), nested_items(tables, vocab)
    for year, rows in runs(tables["priorities"], years["priorities"]):
        records = json_records(itertools.islice(nested, len(rows)))
        files.add(year, [in_array(record) for record in records])
        for row, record in zip(rows, records):
            texts.record(year, row, "json", record + b"\n", NESTED)
    texts.done(files, f"{NESTED}.json", NESTED, "json")
    return texts


WRITERS = {"csv": csv_files, "json": json_files, "nested": nested_files}  # one worker each
