"""The editions of each list checked against one another: each earlier edition is dated by its folder, comes
before the current edition, has a date of its own, and no number is reused for another direction.

Every edition is checked like a list in groups.py; what is checked here needs two editions at once.  Lines
are read again from the few files a problem is about (problems are rare, and the model keeps no lines).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from ..content import EDITIONS, Problem, load_files, shown
from ..model import Change, PriorityList, change_id, compare, reused_numbers


def edition_problems(root: Path, current: dict[str, PriorityList],
                     earlier: dict[str, list[tuple[str, PriorityList]]]) -> list[Problem]:
    """Problems of the editions of every list: current is list id → current edition, earlier is list id →
    [(folder date, edition)], any order."""
    problems = []
    for list_id, editions in sorted(earlier.items()):
        editions = sorted(editions, key=lambda e: e[0])
        now = current.get(list_id)
        if now is None:
            date, lst = editions[-1]
            problems.append(_problem(root, _folder(Path(root), lst, date) / "list.yaml", ("approval",),
                                     "edition-without-list", f"editions/{date}/ is an earlier edition of a list "
                                     f"whose folder has no current edition ({lst.year}/{lst.issuer.code}/list.yaml)",
                                     "move the edition in force into the list folder itself; keep only the earlier "
                                     "ones under editions/"))
        for date, lst in editions:
            problems += _dated(Path(root), date, lst, now)
        chain = [(date, lst) for date, lst in editions] + ([(None, now)] if now is not None else [])
        for (_, before), (date, after) in zip(chain, chain[1:]):
            problems += _reused(Path(root), before, after, date)
    return problems


def change_rows(current: dict[str, PriorityList], earlier: dict[str, tuple]) -> list[dict]:
    """The rows of the changes table: every change between consecutive editions of each list, newest first."""
    rows = []
    for list_id, editions in sorted(earlier.items()):
        chain = [lst for _, lst in editions] + ([current[list_id]] if list_id in current else [])
        for before, after in reversed(list(zip(chain, chain[1:]))):
            rows += [_row(change, n) for n, change in enumerate(compare(before, after), 1)]
    return rows


def _row(change: Change, n: int) -> dict:
    """A change as a row: its id names the list, the two editions and its place among their changes."""
    return {"id": change_id(change, n), **dataclasses.asdict(change)}


def _dated(root: Path, date: str, lst: PriorityList, now: PriorityList | None) -> list[Problem]:
    folder = _folder(root, lst, date)
    approved = lst.approval.date
    if approved is not None and approved.isoformat() != date:
        return [_problem(root, folder / "list.yaml", ("approval", "date"), "edition-date",
                         f"the edition in editions/{date}/ says it was approved on {approved.isoformat()}",
                         f"name the folder editions/{approved.isoformat()}/, or correct approval.date")]
    current = now.approval.date if now is not None else None
    if current is None:
        return []
    if dt.date.fromisoformat(date) > current:
        return [_problem(root, folder / "list.yaml", ("approval",), "edition-date",
                         f"the earlier edition editions/{date}/ is dated after the current edition"
                         f" ({current.isoformat()})",
                         "the list folder itself holds the newest edition: move the newer files there and "
                         "keep the older ones under editions/ with the date their order approved them")]
    if dt.date.fromisoformat(date) == current:
        return [_problem(root, folder / "list.yaml", ("approval",), "edition-date",
                         f"editions/{date}/ has the same date as the current edition: two editions on one date",
                         "an order approves one edition a day: remove the copy, or correct the date")]
    return []


def _reused(root: Path, before: PriorityList, after: PriorityList, date: str | None) -> list[Problem]:
    problems = []
    for old, new in reused_numbers(before, after):
        path = _priority_file(root, _folder(root, after, date), new.number)
        problems.append(_problem(root, path, ("direction",), "reused-number",
                                 f"number {new.number} was '{_short(old.direction.kk or old.direction.ru)}' in the "
                                 "earlier edition and is now another direction",
                                 "if the amending order withdrew that priority and added this one, keep it so; if "
                                 "it only reworded the direction, keep the earlier wording's meaning"))
    return problems


def _folder(root: Path, lst: PriorityList, date: str | None) -> Path:
    folder = root / str(lst.year) / lst.issuer.code
    return folder / EDITIONS / date if date else folder


def _priority_file(root: Path, folder: Path, number: int) -> Path:
    """The file of the priority with this number (files are usually, not necessarily, named NN.yaml)."""
    usual = folder / f"{number:02d}.yaml"
    others = sorted(p for p in folder.glob("*.yaml") if p.name != "list.yaml" and p != usual)
    for path in [usual] * usual.is_file() + others:
        records, _ = load_files(root, [path])
        if records and isinstance(records[0].data, dict) and records[0].data.get("number") == number:
            return path
    return usual


def _problem(root: Path, path: Path, field: tuple, code: str, message: str, hint: str) -> Problem:
    """A problem at the line of a value of a content file (its first line when the file cannot be read)."""
    records, _ = load_files(root, [path]) if path.is_file() else ([], [])
    line, col = records[0].at(*field) if records else (1, 1)
    return Problem(shown(path), line, col, code, message, hint, ".".join(field))


def _short(text: str | None, size: int = 50) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= size else flat[:size - 1] + "…"
