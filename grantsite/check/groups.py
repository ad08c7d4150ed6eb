"""The content checked one list folder at a time: from the cache when its files are unchanged, else in workers.

Every rule of the checker is local to a list folder (YEAR/ISSUER/): ids, numbering, medians, totals, calls
and translations all stay within one list, and ids carry the list's id, so they cannot clash across lists.
Checking the folders one by one therefore finds exactly the problems a check of everything at once finds,
and a folder's result depends only on its own files (plus the schema, the vocabularies and the code,
which are part of every key).  Files outside YEAR/ISSUER/ only ever produce problems; they are read on
every check.
"""
from __future__ import annotations

import copy
import dataclasses
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import cache as caching, workers
from ..content import EDITIONS, SCHEMA_DIR, WARNING, Problem, Vocabularies, content_files, errors_in, load_files, shown
from ..model import PriorityList, catalogue_from_rows
from .defects import published_warnings, read_defects
from .tables import TABLES, flatten, plain
from .validate import validate

CONTENT_TABLES = ("lists", "priorities", "indicators", "results", "calls")
SHARES = 4  # tasks per core: enough to balance the cores, few enough that each task validates many lists


@dataclass(frozen=True)
class Group:
    """One list folder (or, with folder None, the files that are in no list folder)."""

    folder: tuple[str, ...] | None  # (YEAR, ISSUER), or (YEAR, ISSUER, "editions", DATE) for an earlier edition
    paths: tuple[Path, ...]
    key: str | None  # None: not cached


@dataclass
class Result:
    """What checking one group found: problems, published rows (flags filled in), the list's model."""

    problems: list[Problem]
    rows: dict[str, list[dict]] = field(default_factory=dict)
    model: PriorityList | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # load, validate, model (for the benchmark)
    digests: dict[str, str] = field(default_factory=dict)  # list id (its header) and priority ids → model digest
    defects: dict = field(default_factory=dict)  # priority id → its source defects (defects.read_defects)
    warnings: list = field(default_factory=list)  # the published warnings (defects.published_warnings)


def groups(root: Path, vocab_key: str | None, cache: caching.Cache | None = None) -> list[Group]:
    """The content files by list folder, in the order a whole-tree check reads them (keyed, given vocab_key)."""
    root = Path(root)
    folders: dict[tuple[str, str] | None, list[Path]] = {}
    prefix = str(root) + os.sep
    for path in content_files(root):
        name = str(path)  # string work, not Path.relative_to: 10,000 files before every quick update
        parts = tuple(name[len(prefix):].split(os.sep)) if name.startswith(prefix) else path.relative_to(root).parts
        folders.setdefault(_folder(parts), []).append(path)
    out = []
    for folder, paths in folders.items():
        key = None
        stats = _plain_files(paths) if vocab_key is not None and folder is not None else None
        if stats is not None:
            cache = cache or caching.Cache()
            key = caching.digest(caching.code_version(), vocab_key, shown(root.joinpath(*folder)),
                                 *[(p.name, cache.file_digest(p, st)) for p, st in zip(paths, stats)])
        out.append(Group(folder, tuple(paths), key))
    return out


def _plain_files(paths) -> list[os.stat_result] | None:
    """Each file's own stat (one call per file: 10,000 of them before every quick update), or None when one
    is not a regular file (a link, gone): such a folder is never taken from the cache."""
    stats = []
    for path in paths:
        try:
            st = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        stats.append(st)
    return stats


def _folder(parts: tuple[str, ...]) -> tuple[str, ...] | None:
    if len(parts) == 3:
        return tuple(parts[:2])
    if len(parts) == 5 and parts[2] == EDITIONS:
        return tuple(parts[:4])
    return None


def vocabulary_key() -> str:
    """schema/: the Table Schemas and the vocabularies every check reads."""
    return caching.folder_digest(SCHEMA_DIR)


def check_group(root: Path, paths, vocab: Vocabularies) -> Result:
    """Load, flatten and validate one group's files; the model too when it has no error."""
    return check_groups(root, [paths], vocab)[0]


def check_groups(root: Path, groups_paths: list, vocab: Vocabularies) -> list[Result]:
    """Several groups at once: their rows are validated together, one Frictionless run per table (a run
    costs some 40 ms before its first row, too much to pay for each of 200 lists), then told apart again."""
    loaded = []
    for paths in groups_paths:
        start = time.perf_counter()
        records, problems = load_files(Path(root), list(paths))
        middle = time.perf_counter()
        tables, shape = flatten(records, vocab)
        seconds = {"load": middle - start, "validate": time.perf_counter() - middle}
        loaded.append((tables, problems + shape, seconds, {shown(Path(p)) for p in paths}, paths))
    start = time.perf_counter()
    owner = {path: i for i, (_, _, _, files, _) in enumerate(loaded) for path in files}
    found: list[list[Problem]] = [[] for _ in loaded]
    for run in _runs(root, groups_paths):  # editions of one list share its ids: never in one run
        together = {name: [row for i in run for row in loaded[i][0].get(name, [])] for name in CONTENT_TABLES}
        for problem in validate(together, vocab):
            found[owner[problem.path]].append(problem)
    share = (time.perf_counter() - start) / len(loaded)
    return [_result(root, paths, tables, problems + more, {**seconds, "validate": seconds["validate"] + share})
            for (tables, problems, seconds, _, paths), more in zip(loaded, found)]


def _runs(root: Path, groups_paths: list) -> list[list[int]]:
    """The groups split into validation runs in which each list appears once (its current edition, or one
    earlier edition), so that the ids of one list's editions are never taken for duplicates of each other."""
    runs: list[list[int]] = []
    seen: list[set] = []
    for i, paths in enumerate(groups_paths):
        parts = Path(paths[0]).relative_to(root).parts if paths else ()
        list_key = tuple(parts[:2]) if len(parts) >= 3 else None
        n = next((n for n, keys in enumerate(seen) if list_key is None or list_key not in keys), len(runs))
        if n == len(runs):
            runs.append([])
            seen.append(set())
        runs[n].append(i)
        seen[n].add(list_key)
    return runs


def _result(root: Path, paths, tables, problems: list[Problem], seconds: dict) -> Result:
    problems = sorted(set(problems))
    if errors_in(problems):
        return Result(problems, seconds=seconds)
    start = time.perf_counter()
    rows = {name: [copy.copy(r.values) for r in tables[name]] for name in CONTENT_TABLES if name in tables}
    _flag(tables, rows, problems)
    lists = catalogue_from_rows(rows).lists if rows.get("lists") else ()
    model = lists[0] if lists else None
    digests = model_digests(model, problems, tables, rows)
    # what the pages say about data quality, read from this folder's files here rather than from all files
    # in every build (at 10,000 priorities that took seconds)
    root = Path(root)
    defects = read_defects(root, [p for p in paths if len(Path(p).relative_to(root).parts) == 3
                                  and Path(p).name.endswith(".yaml") and Path(p).is_file()])
    warnings = published_warnings(problems)
    seconds["model"] = time.perf_counter() - start
    return Result(problems, rows, model, seconds, digests, defects, warnings)


def model_digests(lst: PriorityList | None, problems: list[Problem], tables, rows) -> dict[str, str]:
    """A digest of what the pages show of each priority and of the list's own fields, so that an edit
    re-renders only the pages that show what changed.  The model is made from the rows alone
    (model.catalogue_from_rows), so the rows stand for it: a priority's row, its indicators, results and
    calls; the list's row and its calls; and, read from the files, the warnings and source defects."""
    if lst is None:
        return {}
    files = {r.values["id"]: r.source.path for name in ("lists", "priorities") for r in tables[name] if r.source}

    def about(pid) -> tuple[bytes, bytes]:
        path = files.get(pid)
        warnings = sorted(repr(p) for p in problems if p.path == path)
        return _joined(warnings), Path(path).read_bytes() if path and Path(path).is_file() else b""

    calls = rows.get("calls", [])
    mine: dict[str, list[str]] = {}
    for name in ("indicators", "results"):
        for row in rows.get(name, []):
            mine.setdefault(row["priority_id"], []).append(repr(row))
    for row in calls:
        for pid in (row.get("priority_ids") or "").split("; "):
            mine.setdefault(pid, []).append(repr(row))
    header = [repr(r) for r in rows["lists"]] + [repr(r) for r in calls if not r.get("priority_id")]
    out = {lst.id: caching.digest(_joined(header), *about(lst.id))}
    for row in rows["priorities"]:
        out[row["id"]] = caching.digest(repr(row).encode("utf-8"), _joined(mine.get(row["id"], [])),
                                        out[lst.id].encode("ascii"), *about(row["id"]))
    return out


def _joined(texts: list[str]) -> bytes:
    # reprs hold no NUL of their own, so joined with one they stay apart; as bytes, digest() takes them as
    # they are (the repr of a list of reprs escaped every text again: a third of this stage's time)
    return "\0".join(texts).encode("utf-8")


def _flag(tables, rows: dict[str, list[dict]], problems: list[Problem]) -> None:
    """Published warnings become the 'flags' column of the priority they are about."""
    by_file: dict[str, set[str]] = {}
    for p in problems:
        if p.severity == WARNING:
            by_file.setdefault(p.path, set()).add(p.code)
    for row, out in zip(tables["priorities"], rows["priorities"]):
        codes = by_file.get(row.source.path if row.source else "", ())
        out["flags"] = "; ".join(sorted(codes)) or None


def check_all(root: Path, vocab: Vocabularies, cache: caching.Cache | None = None,
              processes: int | None = None) -> tuple[list[Group], list[Result]]:
    """Every group's result, in reading order: cached ones taken, the others checked over the cores."""
    found = groups(root, vocabulary_key() if cache is not None else None, cache)
    results: list[Result | None] = [cache.get("check", g.key) if cache is not None and g.key else None
                                    for g in found]
    results = [r if r is None else dataclasses.replace(r, seconds={}) for r in results]  # no time spent now
    todo = [i for i, r in enumerate(results) if r is None]
    size = max(1, -(-len(todo) // (SHARES * (processes or workers.cores()))))
    chunks = [todo[i:i + size] for i in range(0, len(todo), size)]

    def task(chunk):  # in a worker: the results are pickled for the disk cache here, over the cores
        done = check_groups(root, [found[i].paths for i in chunk], vocab)
        for i, result in zip(chunk, done):
            if cache is not None and found[i].key:
                cache.store("check", found[i].key, result)
        return done

    for chunk, done in zip(chunks, workers.fork_map(task, chunks, processes)):
        for i, result in zip(chunk, done):
            results[i] = result
            if cache is not None and found[i].key:
                cache.remember("check", found[i].key, result)
    return found, results


def combine(results: list[Result], vocab: Vocabularies) -> dict[str, list[dict]]:
    """The published tables of all groups, in the order a check of the whole tree gives them."""
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    for result in results:
        for name, rows in result.rows.items():
            tables[name] += rows
    # A whole-tree check lists the calls of every list file first, then those of the priority files.
    tables["calls"].sort(key=lambda row: row.get("priority_id") is not None)
    for name, rows in plain(flatten([], vocab)[0]).items():  # the code lists: from the vocabularies
        if name not in CONTENT_TABLES:
            tables[name] = rows
    return tables
