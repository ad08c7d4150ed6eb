"""Stages 1–3 as one: all content loaded and validated list folder by list folder, and the model built
when nothing is wrong (the folders are checked in groups.py, from the cache or in workers)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import cache as caching
from ..content import Problem, errors_in, load_content, load_vocabularies
from ..model import Catalogue, PriorityList
from ..stopwatch import Stopwatch
from ..workers import collector_paused
from .earlier import edition_rows
from .editions import change_rows, edition_problems
from .groups import check_all, combine


@dataclass
class Checked:
    """What the checker learnt: every problem, the published tables, and the model when there is no error."""

    problems: list[Problem]
    tables: dict[str, list[dict]] = field(default_factory=dict)  # emptied by the build after the data stage
    catalogue: Catalogue | None = None
    list_keys: dict[str, str] = field(default_factory=dict)  # list id → key of its folder's files (cache)
    digests: dict[str, str] = field(default_factory=dict)  # list or priority id → digest of what pages show
    defects: dict | None = None  # priority id → source defects, as defects.read_defects reads them
    warnings: list | None = None  # defects.published_warnings(problems)
    editions: dict = field(default_factory=dict)  # list id → its earlier editions as (date, PriorityList), oldest first

    @property
    def ok(self) -> bool:
        return not errors_in(self.problems)


def check_content(content: Path, clock: Stopwatch | None = None, cache: caching.Cache | None = None,
                  workers: int | None = None) -> Checked:
    """Load and validate all content; build the model if nothing is wrong."""
    clock = clock or Stopwatch()
    content = Path(content)
    if not content.is_dir():
        return Checked(load_content(content)[1])
    vocab = load_vocabularies()
    start = time.perf_counter()
    with collector_paused():  # forked workers inherit the pause
        found, results = check_all(content, vocab, cache, workers)
    _split_time(clock, time.perf_counter() - start, results)
    problems = {p for r in results for p in r.problems}
    edition_keys = _edition_keys(found, results)
    earlier_rows = edition_rows(found, results)  # before the earlier editions' results are set apart
    found, results, editions = _editions_apart(found, results)
    current = {r.model.id: r.model for r in results if r.model is not None}
    problems = sorted(problems | set(edition_problems(content, current, editions)))
    if errors_in(problems):
        return Checked(problems)
    with clock("model"):
        tables = combine(results, vocab)
        tables["changes"] = change_rows(current, editions)
        tables["editions"] = earlier_rows
        lists = [r.model for r in results if r.model is not None]
        catalogue = Catalogue(tuple(sorted(lists, key=lambda lst: (-lst.year, lst.issuer.code))))
        keys = {r.model.id: g.key for g, r in zip(found, results) if r.model is not None and g.key}
        digests = {k: v for g, r in zip(found, results) if g.key for k, v in r.digests.items()}
        defects = {pid: found for r in results for pid, found in r.defects.items()}
        warnings = sorted((w for r in results for w in r.warnings), key=lambda w: w.problem)
        keys, digests = _keyed_with_editions(keys, digests, edition_keys, catalogue)
    return Checked(problems, tables, catalogue, keys, digests, defects, warnings, editions)


def _editions_apart(found, results) -> tuple[list, list, dict]:
    """The current editions' groups and results, and list id → its earlier editions as (date, PriorityList),
    oldest first (an earlier edition with errors has no model: its errors stop the build)."""
    groups, kept, editions = [], [], {}
    for group, result in zip(found, results):
        if _earlier_edition(group):
            if result.model is not None:
                editions.setdefault(result.model.id, []).append((group.folder[3], _dated(result.model, group.folder[3])))
        else:
            groups.append(group)
            kept.append(result)
    return groups, kept, {k: tuple(sorted(v, key=lambda e: e[0])) for k, v in sorted(editions.items())}


def _edition_keys(found, results) -> dict[str, list]:
    """List id → the cache keys of its earlier editions' folders (None in it: one is not cached)."""
    keys: dict[str, list] = {}
    for group, result in zip(found, results):
        if _earlier_edition(group) and result.model is not None:
            keys.setdefault(result.model.id, []).append((group.folder[3], group.key))
    return keys


def _keyed_with_editions(keys: dict, digests: dict, edition_keys: dict, catalogue: Catalogue) -> tuple[dict, dict]:
    """The keys of a list with earlier editions, and of its priorities, made of its editions' keys too: its
    pages show its editions and each priority's history, so an edit of an earlier edition renders them again."""
    keys, digests = dict(keys), dict(digests)
    for lst in catalogue.lists:
        earlier = sorted(edition_keys.get(lst.id, ()), key=str)
        if not earlier:
            continue
        known = lst.id in keys and all(key for _, key in earlier)
        for pid in [lst.id] + [p.id for p in lst.priorities]:
            if known and pid in digests:
                digests[pid] = caching.digest(digests[pid], earlier)
            else:
                digests.pop(pid, None)
        if known:
            keys[lst.id] = caching.digest(keys[lst.id], earlier)
        else:
            keys.pop(lst.id, None)
    return keys, digests


def _earlier_edition(group) -> bool:
    """Whether a folder of files is an earlier edition of a list: YEAR/ISSUER/editions/DATE."""
    return group.folder is not None and len(group.folder) == 4


def _dated(lst: PriorityList, folder: str) -> PriorityList:
    """An earlier edition whose list.yaml leaves its date out is dated by its folder (editions/YYYY-MM-DD/)."""
    if lst.approval.date is not None:
        return lst
    return dataclasses.replace(lst, approval=dataclasses.replace(lst.approval, date=dt.date.fromisoformat(folder)))


def _split_time(clock: Stopwatch, wall: float, results) -> None:
    """Load, validate and model run together in the workers: share the wall time by the work each took."""
    spent = {stage: sum(r.seconds.get(stage, 0.0) for r in results) for stage in ("load", "validate", "model")}
    total = sum(spent.values())
    for stage in ("load", "validate"):
        clock.add(stage, wall * spent[stage] / total if total else wall / 2)
    if total and spent["model"]:
        clock.add("model", wall * spent["model"] / total)
