"""Stage 5, data: the published data package, for all years (data/) and for each year (data/{year}/).

Every package folder holds the same set of files:
  datapackage.json            Frictionless Data Package v2: tables, schemas, licences, sources, checksums
  {table}.csv, {table}.json   lists, priorities, indicators, results, areas, territories (schema column order)
  priorities-nested.json      one object per priority with its indicators and results inside
  grant-priorities[-{year}].xlsx / .sqlite / .zip   workbook, SQLite database (Datasette), zip of all of these
  sources/{list_id}/{file}    the official documents the lists were taken from
and, once for the whole site, one record per priority: data/p/{id}.json (nested) and data/p/{id}.csv (its row).
Interface shared with render (issue 3): write_package returns a DataFile for every file written.

A year's package holds some of the rows of the all-years package, so the files are made format by format
rather than package by package, in forked workers: the text files of every package at once (textfiles.py: each
row encoded and compressed once), the workbooks, the databases; then every package gets its descriptor and
its zip.  At 10,000 priorities (about two gigabytes of files) nothing is held in memory whole.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .. import cache as caching, output, workers
from ..check import TABLES, table_schema
from ..content import Vocabularies
from . import descriptor as dp
from .archive import write_zip
from .encode import NESTED, field_names, for_year, for_years, json_bytes, ordered
from .sqlite import write_database
from .textfiles import RECORDS, WRITERS, Out, Texts, digest_file, put
from .xlsx import write_workbook

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
        # plain string work: every list page asks each of the year's 2,000 record files at 10,000 priorities
        folder, _, name = self.path.rpartition("/")
        return (name.rpartition(".")[0] or name) if folder == RECORDS else None


@dataclass(frozen=True)
class _Build:
    """What every package of one build shares."""

    schemas: dict[str, dict]
    template: dict
    vocab: Vocabularies
    content: Path
    scratch: Path  # the deflate streams of the text files and databases, until they are copied into the zips


@dataclass(frozen=True)
class _Package:
    """One package being made: its year (None: all years), folder, lists and official documents."""

    year: int | None
    folder: str
    lists: list[dict]
    shipped: dict[str, tuple[str, bytes]]  # list id → (path in the package, bytes)
    sources: list[dict]  # the descriptor's (and the workbook's) list of sources


def write_package(checked, vocab, site, config, outputs=None, years=None) -> list[DataFile]:
    """Write site/data/ and return the files written.

    With a cache (outputs), a year whose lists are unchanged is taken from the last build.  years: only the
    packages of these years (and their one-record files), no all-years package (the preview's refresh).
    """
    schemas = {name: table_schema(name, vocab) for name in TABLES}
    tables = {name: ordered(checked.tables.get(name, []), field_names(schemas[name]), name) for name in TABLES}
    every = sorted({row["year"] for row in tables["lists"]})
    keys = _year_keys(checked, tables, every, config) if outputs is not None else {}
    if years is None:
        reused = {year: _reuse(site, outputs, keys[year]) for year in every if keys.get(year)}
        todo = [None] + [year for year in every if reused.get(year) is None]
    else:
        reused, todo = {}, [year for year in every if year in years]
    # the scratch folder sits in the staging folder (same disk; removed with it if the build is killed)
    with tempfile.TemporaryDirectory(prefix=".data-scratch-", dir=getattr(site, "folder", None)) as scratch:
        build = _Build(schemas, dp.load_template(config.schema), vocab, Path(config.content), Path(scratch))
        made = _make(site, build, tables, todo, getattr(config, "workers", None))
    parts = [reused.get(year) or made[year] for year in [None, *every] if year in made or reused.get(year)]
    manifest = [f for package, _ in parts for f in package] + [f for _, records in parts for f in records]
    site.reserve(f.path for year, (package, records) in made.items() for f in package + records)
    for year in every:
        if year in made and keys.get(year):
            outputs.cache.put("data", keys[year], made[year])
            for f in made[year][0] + made[year][1]:
                outputs.made(f.path, keys[year])
    return manifest


def refresh_years(checked, vocab, config, years, cache: caching.Cache) -> list[str]:
    """In a published site, make again the packages of these years (the preview's step after its search
    refresh): each package folder swapped in whole, each one-record file of its priorities replaced; return
    their folders.  They are recorded under the key a full build gives them, so the full build that follows
    takes them as they are and makes only the all-years package."""
    out = Path(config.out)
    outputs = caching.Outputs(cache, out)
    with output.open_staging(out) as staged:  # written beside the site, then put in place
        files = write_package(checked, vocab, staged, config, outputs, years)
        folders = sorted({package_folder(f.year) for f in files if f.priority_id is None})
        for relative in folders + [f.path for f in files if f.priority_id is not None]:
            output.put_in_place(out, relative, staged.path(relative))
    cache.save_outputs(out, outputs.keys, keep=True, replaced=tuple(folder + "/" for folder in folders))
    return folders


def _make(site, build: _Build, tables: dict, todo: list, processes: int | None) -> dict:
    """The packages of these years (None: all years): year → (its files, its one-record files)."""
    packages = {year: _package(build, year, [r for r in tables["lists"] if year is None or r["year"] == year])
                for year in todo}
    texts, records, made = _files(site, build, tables, packages, processes)
    outs = {}
    for year, package in packages.items():
        shipped = [Out(path, put(site, f"{package.folder}/{path}", data), None,
                       PurePosixPath(path).suffix.lstrip(".") or "bin") for path, data in package.shipped.values()]
        outs[year] = texts["csv"][year] + texts["json"][year] + texts["nested"][year] + shipped \
            + [made[year, "xlsx"], made[year, "sqlite"]]
    finished = workers.fork_map(lambda year: _finish(site, build, packages[year], outs[year]), todo, processes)
    # each priority's JSON record, then its CSV record, in the order of the table
    pairs = {year: zip(records["nested"][year], records["csv"][year]) for year in todo}
    return {year: (files, [DataFile(*f) for pair in pairs[year] for f in pair]) for year, files in zip(todo, finished)}


def _files(site, build: _Build, tables: dict, packages: dict, processes: int | None) -> tuple[dict, dict, dict]:
    """Every file but the descriptors and the zips, made in forked workers, the longest jobs first: the text files
    of every package (three jobs), then the database and the workbook of each package.  Returns the text files
    (kind → year → files), the one-record files (kind → year → records) and the others ((year, kind) → file)."""
    jobs = [("nested", None), ("sqlite", None), ("csv", None), ("json", None), ("xlsx", None)]
    if None not in packages:  # some years only: no all-years database or workbook, no other year's rows
        jobs = [(kind, year) for kind, year in jobs if kind in WRITERS]
        tables = for_years(tables, set(packages))
    jobs += [(kind, year) for year in packages if year is not None for kind in MAKERS]

    def make(job):
        kind, year = job
        if kind in WRITERS:
            writer = Texts(site, build.scratch, {y: p.folder for y, p in packages.items()})
            WRITERS[kind](writer, tables, build.schemas, build.vocab)
            return writer.outs, writer.records
        return MAKERS[kind](site, build, packages[year], tables if year is None else for_year(tables, year))

    texts, records, made = {}, {}, {}
    for (kind, year), found in zip(jobs, workers.fork_map(make, jobs, processes)):
        if kind in WRITERS:
            texts[kind], records[kind] = found
        else:
            made[year, kind] = found
    return texts, records, made


def _package(build: _Build, year: int | None, lists: list[dict]) -> _Package:
    shipped = _sources(lists, build.content)
    source_list = dp.sources(lists, {lid: path for lid, (path, _) in shipped.items()})
    return _Package(year, package_folder(year), lists, shipped, source_list)


def package_folder(year: int | None) -> str:
    """The folder of the package of a year (None: all years)."""
    return "data" if year is None else f"data/{year}"


def _workbook(site, build: _Build, package: _Package, tables: dict) -> Out:
    name = dp.Names.of(package.year).xlsx
    with site.open(f"{package.folder}/{name}") as target:
        write_workbook(target, tables, build.schemas, {**build.template, "sources": package.sources},
                       build.scratch / package.folder / "xlsx")
    return Out(name, digest_file(site.path(f"{package.folder}/{name}")), None, "xlsx")


def _database(site, build: _Build, package: _Package, tables: dict) -> Out:
    name = dp.Names.of(package.year).sqlite
    path = site.path(f"{package.folder}/{name}")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_database(path, tables, build.schemas)
    return Out(name, digest_file(path, build.scratch / package.folder / name), None, "sqlite")


MAKERS = {"xlsx": _workbook, "sqlite": _database}


def _finish(site, build: _Build, package: _Package, outs: list[Out]) -> list[DataFile]:
    """The descriptor of a package whose other files are written, then its zip (the descriptor first)."""
    names, folder = dp.Names.of(package.year), package.folder
    downloads = [dp.download(o.name, DOWNLOAD_TITLES[o.format], o.content) for o in outs if o.format in DOWNLOAD_TITLES]
    resources = _resources(outs, build.schemas, package.lists, package.shipped)
    descriptor = dp.descriptor(build.template, names, package.year, resources, package.sources, downloads)
    stored = put(site, f"{folder}/datapackage.json", json_bytes(descriptor))
    outs = [Out("datapackage.json", stored, None, "json")] + outs
    stem = PurePosixPath(names.zip).stem
    with site.open(f"{folder}/{names.zip}") as target:
        write_zip(target, [(f"{stem}/{o.name}", site.path(f"{folder}/{o.name}"), o.content.deflated) for o in outs])
    outs.append(Out(names.zip, digest_file(site.path(f"{folder}/{names.zip}")), None, "zip"))
    return [DataFile(f"{folder}/{o.name}", o.table, o.format, package.year, o.content.size, o.content.sha256)
            for o in outs]


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


def _sources(lists: list[dict], content: Path) -> dict[str, tuple[str, bytes]]:
    """list id → (path in the package, bytes) of each official document found beside its list.yaml."""
    found = {}
    for row in lists:
        name = PurePosixPath(str(row.get("source_document") or "")).name  # never a path: the file sits beside list.yaml
        path = content / str(row["year"]) / row["issuer"] / name
        if name not in ("", ".", "..") and path.is_file():
            found[row["id"]] = (f"sources/{row['id']}/{name}", path.read_bytes())
    return found


def _resources(outs: list[Out], schemas, lists: list[dict], shipped) -> list[dict]:
    by_name = {o.name: o for o in outs}
    resources = [dp.table_resource(t, schemas[t], by_name[f"{t}.csv"].content) for t in TABLES]
    resources += [dp.json_resource(f"{t}-json", f"{t}.json",
                                   f"The rows of {t}.csv as a JSON array of objects (keys and values as in {t}.csv).",
                                   by_name[f"{t}.json"].content) for t in TABLES]
    resources.append(dp.json_resource(NESTED, f"{NESTED}.json",
                                      "One object per priority: texts as {kk, ru}, its indicators and results "
                                      "inside, labels beside codes, funding in thousand tenge.",
                                      by_name[f"{NESTED}.json"].content))
    lists = {row["id"]: row for row in lists}
    resources += [dp.source_resource(lists[lid], path, by_name[path].content) for lid, (path, _) in shipped.items()]
    return resources
