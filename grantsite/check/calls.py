"""Calls for applications: the content's `calls` entries as rows of the calls table.

A call is a competition the operator announces for a list (or for some of its priorities) with an
application window.  Times are written as the announcement gives them, in Kazakhstan's time (Asia/Almaty);
rows carry them as ISO 8601 with the UTC offset, so that a browser anywhere compares the same instants.

A call's status at a moment is the model's (model/calls.py).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..content import Problem, SourceFile
from ..model import ALMATY

WHEN = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[T ]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:?\d{2})?$")
LINK = re.compile(r"^https?://[^\s\"<>\\^{|}]+$")  # the same pattern as lists.json source_url
# Published column of the calls table → where its value stands in one entry of a file's `calls`.
CALL_COLUMNS = {"announced": ("announced",), "opens": ("opens",), "closes": ("closes",), "url": ("url",),
                "note_kk": ("note", "kk"), "note_ru": ("note", "ru")}
WHEN_HINT = "write the date and time as the announcement gives them, in Astana time, e.g. 2026-03-02 09:00"


# ---- reading the content ----------------------------------------------------------------------

def parse_when(value) -> dt.datetime:
    """A moment written in content (Astana time unless an offset is given) → an aware datetime; ValueError says why not."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=ALMATY) if value.tzinfo is None else value.astimezone(ALMATY)
    if isinstance(value, dt.date):
        raise ValueError("a date without a time")
    match = WHEN.match(str(value).strip())
    if not match:
        raise ValueError("not a date and time written as YYYY-MM-DD HH:MM")
    *parts, offset = match.groups()
    try:
        local = dt.datetime(*(int(p) for p in parts if p is not None))
    except ValueError as err:  # 2026-02-30, 25:00
        raise ValueError(f"not a real date and time ({err})") from None
    if offset is None:
        return local.replace(tzinfo=ALMATY)
    given = dt.datetime.fromisoformat(local.isoformat() + ("+00:00" if offset == "Z" else offset))
    return given.astimezone(ALMATY)


def parse_day(value) -> dt.date:
    """A date written in content → a date; ValueError says why not."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as err:
        raise ValueError(f"not a real date written as YYYY-MM-DD ({err})") from None


@dataclass(frozen=True)
class Scope:
    """A file that may record calls: a list.yaml (priority_id None) or a priority file."""

    record: SourceFile
    data: dict
    dropped: set
    list_id: str
    priority_id: str | None = None

    @property
    def calls(self) -> list | None:
        """The file's `calls` entries; None when it records none (a priority then takes its list's)."""
        calls = self.data.get("calls") if isinstance(self.data, dict) else None
        return calls if isinstance(calls, list) else None


def reached(scope: Scope, scopes: list[Scope]) -> list[str]:
    """The priorities a file's calls are for: its own priority, or every priority of the list without calls of its own."""
    if scope.priority_id is not None:
        return [scope.priority_id]
    return [s.priority_id for s in scopes if s.priority_id is not None and s.list_id == scope.list_id
            and s.calls is None]


def call_rows(scopes: list[Scope]) -> tuple[list[tuple], list[Problem]]:
    """Every call as (values, record, paths, reported columns) of a calls-table row, and the problems met."""
    rows, problems = [], []
    for scope in scopes:
        if ("calls",) in scope.dropped:
            continue
        ids = "; ".join(reached(scope, scopes)) or None
        for i, entry in enumerate(scope.calls or []):
            if isinstance(entry, dict) and ("calls", i) not in scope.dropped:
                rows.append(_row(scope, i, entry, ids, problems))
    return rows, problems


def _row(scope: Scope, i: int, entry: dict, ids: str | None, problems: list[Problem]) -> tuple:
    owner = scope.priority_id or scope.list_id
    values = {"id": f"{owner}-call-{i + 1}", "list_id": scope.list_id, "priority_id": scope.priority_id,
              "position": i + 1, "priority_ids": ids}
    paths = {column: ("calls", i) for column in values}
    reported = set()
    for column, path in CALL_COLUMNS.items():
        value = entry
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        values[column], paths[column] = value, ("calls", i, *path)
        if any(("calls", i, *path[:n]) in scope.dropped for n in range(1, len(path) + 1)):
            reported.add(column)  # the shape check has said what is wrong with it
    for column, read in (("opens", parse_when), ("closes", parse_when), ("announced", parse_day)):
        if values[column] is None or column in reported:
            continue
        try:
            parsed = read(values[column])
        except ValueError as err:
            hint = "write the date as YYYY-MM-DD" if column == "announced" else WHEN_HINT
            problems.append(_problem(scope, paths[column], "invalid-value",
                                     f"'calls[{i}].{column}' is '{values[column]}', {err}", hint))
            reported.add(column)
            continue
        values[column] = parsed.isoformat() if isinstance(parsed, dt.datetime) else parsed
    url = values["url"]
    if url is not None and "url" not in reported and not LINK.match(str(url)):
        problems.append(_problem(scope, paths["url"], "bad-format",
                                 f"'calls[{i}].url' '{url}' is not a web address starting with http:// or https://",
                                 "copy the announcement's address from the browser's address bar"))
        reported.add("url")
    return values, scope.record, paths, reported


def _problem(scope: Scope, path: tuple, code: str, message: str, hint: str) -> Problem:
    line, col = scope.record.at(*path)
    field = ".".join(str(p) for p in path)
    return Problem(scope.record.path, line, col, code, message, hint, field)
