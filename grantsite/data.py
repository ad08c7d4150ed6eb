"""Stage 5, data: the published data package, for all years (data/) and for each year (data/{year}/).

Every package folder holds the same set of files:
  datapackage.json            Frictionless Data Package v2: tables, schemas, licences, sources, checksums
  {table}.csv, {table}.json   lists, priorities, indicators, results, areas, territories (schema column order)
  priorities-nested.json      one object per priority with its indicators and results inside
  grant-priorities[-{year}].xlsx / .sqlite / .zip   workbook, SQLite database (Datasette), zip of all of these
  sources/{list_id}/{file}    the official documents the lists were taken from
and, once for the whole site, one record per priority: data/p/{id}.json (nested) and data/p/{id}.csv (its row).
Interface shared with render (issue 3): write_package returns a DataFile for every file written.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import cache as caching, data_package as dp, jsontext, workers
from .data_sqlite import database_bytes
from .data_tables import (NESTED, _plain, csv_bytes, field_names, for_year, json_bytes, nested_priorities, ordered,
                          table_rows)
from .data_xlsx import workbook_bytes
from .data_zip import write_zip
from .tables import TABLES, table_schema
from .vocab import Vocabularies

RECORDS = "data/p"
DOWNLOAD_TITLES = {"xlsx": "All tables as an Excel workbook (one sheet per table, README first)",
                   "sqlite": "All tables as an SQLite database with full-text search (open it with Datasette)"}


@dataclass(frozen=True)
class DataFile:
    """One published data file, as the downloads page lists it."""

    path: str  # site-relative, e.g. "data/priorities.csv" or "data/2026/priorities.csv"
    table: str | None  # priorities, indicators, … or "priorities-nested"; None for whole-package files and sources
    format: str  # csv | json | xlsx | sqlite | zip | txt (a source document) …
    year: int | None  # None: all years
    bytes: int
    sha256: str

    @property
    def priority_id(self) -> str | None:
        """The priority a one-record file (data/p/{id}.json|csv) is about; None for every other file."""
        path = PurePosixPath(self.path)
        return path.stem if str(path.parent) == RECORDS else None


@dataclass(frozen=True)
class _Out:
    """A file of one package: its path inside the package folder and what it holds."""

    name: str
    content: bytes
    table: str | None
    format: str


@dataclass(frozen=True)
class _Build:
    """What every package of one build shares."""

    schemas: dict[str, dict]
    template: dict
    vocab: Vocabularies
    content: Path


def write_package(checked, vocab, site, config, outputs=None) -> list[DataFile]:
    """Write site/data/ and return the files written.

    The package of all years and each year's package (with that year's one-record files) are made in
    parallel; with a cache (outputs), a year whose lists are unchanged is taken from the last build.
    """
    schemas = {name: table_schema(name, vocab) for name in TABLES}
    build = _Build(schemas, dp.load_template(config.schema), vocab, Path(config.content))
    tables = {name: ordered(checked.tables.get(name, []), field_names(schemas[name]), name) for name in TABLES}
    years = sorted({row["year"] for row in tables["lists"]})
    keys = _year_keys(checked, tables, years, config) if outputs is not None else {}
    reused = {year: _reuse(site, outputs, keys[year]) for year in years if keys.get(year)}

    def task(year):
        if year is None:
            return _package(site, build, "data", None, tables), []
        mine = for_year(tables, year)
        return _package(site, build, f"data/{year}", year, mine), _records(site, build, mine)

    todo = [None] + [year for year in years if reused.get(year) is None]
    made = dict(zip(todo, workers.fork_map(task, todo, getattr(config, "workers", None))))
    parts = [made[None]] + [reused.get(year) or made[year] for year in years]
    manifest = [f for package, _ in parts for f in package] + [f for _, records in parts for f in records]
    site.reserve(f.path for year, (package, records) in made.items() for f in package + records)
    for year in years:
        if year in made and keys.get(year):
            outputs.cache.put("data", keys[year], made[year])
            for f in made[year][0] + made[year][1]:
                outputs.made(f.path, keys[year])
    return manifest


def _year_keys(checked, tables: dict, years: list[int], config) -> dict[int, str]:
    """year → the key of its package: its lists' content, their source documents, the schema and the code."""
    shared = caching.digest(caching.code_version(), caching.folder_digest(Path(config.schema)),
                            os.environ.get("SOURCE_DATE_EPOCH", ""), [r["id"] for r in tables["lists"]])
    keys = {}
    for year in years:
        lists = [r for r in tables["lists"] if r["year"] == year]
        content = [checked.list_keys.get(r["id"]) for r in lists]
        if None in content:
            continue
        documents = sorted(_sources(lists, Path(config.content)).items())
        keys[year] = caching.digest(shared, year, content, documents)
    return keys


def _reuse(site, outputs, key: str):
    """The previous build's package of a year (its files hard-linked into this build), or None."""
    files = outputs.cache.get("data", key)
    if files is None or not all(outputs.cache.previous(outputs.out, f.path, key) for f in files[0] + files[1]):
        return None
    for f in files[0] + files[1]:
        outputs.take(site, f.path, key)
    return files


@dataclass(frozen=True)
class _Stored:
    """A file already written to the staging folder: what the descriptor needs of it instead of its bytes."""

    size: int
    sha256: str

    def __len__(self) -> int:
        return self.size


def _package(site, build: _Build, folder: str, year: int | None, tables: dict) -> list[DataFile]:
    """One package folder: tables, nested priorities, sources, workbook, database, then descriptor and zip.

    Streamed: each file is written as soon as it is made and only its size and checksum are kept, so a
    package of 10,000 priorities (about a gigabyte of files) never sits in memory; the zip is then made
    from the written files."""
    names = dp.Names.of(year)
    shipped = _sources(tables["lists"], build.content)
    source_list = dp.sources(tables["lists"], {lid: path for lid, (path, _) in shipped.items()})
    outs: list[_Out] = []

    def put(name: str, content, table: str | None, fmt: str) -> None:
        outs.append(_Out(name, _put(site, f"{folder}/{name}", content), table, fmt))

    for t in TABLES:
        put(f"{t}.csv", csv_bytes(tables[t], field_names(build.schemas[t])), t, "csv")
    for t in TABLES:
        put(f"{t}.json", _chunks(table_rows(tables[t], field_names(build.schemas[t]))), t, "json")
    put(f"{NESTED}.json", _chunks(nested_priorities(tables, build.vocab)), NESTED, "json")
    for path, data in shipped.values():
        put(path, data, None, PurePosixPath(path).suffix.lstrip(".") or "bin")
    put(names.xlsx, workbook_bytes(tables, build.schemas, {**build.template, "sources": source_list}), None, "xlsx")
    put(names.sqlite, database_bytes(tables, build.schemas), None, "sqlite")
    downloads = [dp.download(o.name, DOWNLOAD_TITLES[o.format], o.content) for o in outs if o.format in DOWNLOAD_TITLES]
    resources = _resources(outs, build.schemas, tables, shipped)
    descriptor = dp.descriptor(build.template, names, year, resources, source_list, downloads)
    put("datapackage.json", json_bytes(descriptor), None, "json")
    outs.insert(0, outs.pop())
    stem = PurePosixPath(names.zip).stem
    with site.open(f"{folder}/{names.zip}") as target:
        write_zip(target, [(f"{stem}/{o.name}", site.path(f"{folder}/{o.name}")) for o in outs])
    outs.append(_Out(names.zip, _digest_file(site.path(f"{folder}/{names.zip}")), None, "zip"))
    return [DataFile(f"{folder}/{o.name}", o.table, o.format, year, o.content.size, o.content.sha256) for o in outs]


def _chunks(items):
    """A JSON array written item by item, as json_bytes would write it at once."""
    yield from jsontext.array_chunks(items, indent=2, default=_plain)
    yield "\n"


def _put(site, path: str, content) -> _Stored:
    """Write bytes, or an iterable of text pieces, to the staging folder; keep only size and checksum."""
    digest = hashlib.sha256()
    size = 0
    with site.open(path) as stream:
        for piece in [content] if isinstance(content, bytes) else content:
            data = piece if isinstance(piece, bytes) else piece.encode("utf-8")
            stream.write(data)
            digest.update(data)
            size += len(data)
    return _Stored(size, digest.hexdigest())


def _digest_file(path: Path) -> _Stored:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return _Stored(path.stat().st_size, digest.hexdigest())


def _write(site, path: str, content: bytes, table: str | None, fmt: str, year: int | None) -> DataFile:
    site.put(path, content)  # possibly from a worker: write_package reserves the paths
    return DataFile(path, table, fmt, year, len(content), dp.digest(content))


def _sources(lists: list[dict], content: Path) -> dict[str, tuple[str, bytes]]:
    """list id → (path in the package, bytes) of each official document found beside its list.yaml."""
    found = {}
    for row in lists:
        name = PurePosixPath(str(row.get("source_document") or "")).name  # never a path: the file sits beside list.yaml
        path = content / str(row["year"]) / row["issuer"] / name
        if name not in ("", ".", "..") and path.is_file():
            found[row["id"]] = (f"sources/{row['id']}/{name}", path.read_bytes())
    return found


def _resources(outs: list[_Out], schemas, tables, shipped) -> list[dict]:
    by_name = {o.name: o for o in outs}
    resources = [dp.table_resource(t, schemas[t], by_name[f"{t}.csv"].content) for t in TABLES]
    resources += [dp.json_resource(f"{t}-json", f"{t}.json",
                                   f"The rows of {t}.csv as a JSON array of objects (keys and values as in {t}.csv).",
                                   by_name[f"{t}.json"].content) for t in TABLES]
    resources.append(dp.json_resource(NESTED, f"{NESTED}.json",
                                      "One object per priority: texts as {kk, ru}, its indicators and results "
                                      "inside, labels beside codes, funding in thousand tenge.",
                                      by_name[f"{NESTED}.json"].content))
    lists = {row["id"]: row for row in tables["lists"]}
    resources += [dp.source_resource(lists[lid], path, by_name[path].content) for lid, (path, _) in shipped.items()]
    return resources


def _records(site, build: _Build, tables: dict) -> list[DataFile]:
    """data/p/{id}.json (the nested priority) and data/p/{id}.csv (its row of the priorities table)."""
    names = field_names(build.schemas["priorities"])
    written = []
    for row, nested in zip(tables["priorities"], nested_priorities(tables, build.vocab)):
        written.append(_write(site, f"{RECORDS}/{row['id']}.json", json_bytes(nested), NESTED, "json", row["year"]))
        written.append(_write(site, f"{RECORDS}/{row['id']}.csv", csv_bytes([row], names), "priorities", "csv",
                              row["year"]))
    return written
