"""What the site says about data quality: the editors' notes on defects of the official source documents,
and which priority or list each published warning is about."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePath

import yaml

from ..content import WARNING, Problem
from ..model import Text


@dataclass(frozen=True)
class SourceDefect:
    """A defect of the official document, recorded by an editor (content `source_defects`)."""

    field: str
    kind: str
    text: str
    note: Text


@dataclass(frozen=True)
class Warning:
    """A published warning, with the content file it was found in and what it is about."""

    problem: Problem
    file: str  # relative to the content folder, e.g. 2026/akmola/03.yaml (never a machine's own path)
    priority_id: str | None
    list_id: str | None


def _read(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _priority_id(year: str, issuer: str, data: dict) -> str | None:
    number = data.get("number")
    if isinstance(number, int) and not isinstance(number, bool) and number >= 0:
        return f"{year}-{issuer}-{number:02d}"
    return None


def read_defects(content: Path, paths=None) -> dict[str, tuple[SourceDefect, ...]]:
    """Priority id → the source defects its file records (only files that mention them are parsed);
    paths: only these files of the content folder (one list folder's, when the build checks list by list)."""
    found: dict[str, tuple[SourceDefect, ...]] = {}
    for path in sorted(Path(content).glob("*/*/*.yaml") if paths is None else paths):
        if path.name == "list.yaml" or "source_defects" not in path.read_text(encoding="utf-8", errors="replace"):
            continue
        data = _read(path)
        pid = _priority_id(path.parent.parent.name, path.parent.name, data)
        entries = [d for d in data.get("source_defects") or [] if isinstance(d, dict)]
        if pid and entries:
            found[pid] = tuple(SourceDefect(str(d.get("field") or ""), str(d.get("kind") or "other"),
                                            str(d.get("text") or ""), _note(d.get("note"))) for d in entries)
    return found


def _note(note) -> Text:
    return Text(note.get("kk"), note.get("ru")) if isinstance(note, dict) else Text()


def published_warnings(problems: list[Problem]) -> list[Warning]:
    """The warnings of a successful build, each tied to its priority (or list) when the file says which."""
    out = []
    for problem in problems:
        if problem.severity != WARNING:
            continue
        parts = PurePath(problem.path).parts[-3:]
        if len(parts) < 3:
            out.append(Warning(problem, PurePath(problem.path).name, None, None))
            continue
        year, issuer, name = parts
        list_id = f"{year}-{issuer}"
        pid = None if name == "list.yaml" else _priority_id(year, issuer, _read(Path(problem.path)))
        out.append(Warning(problem, "/".join(parts), pid, list_id))
    return out
