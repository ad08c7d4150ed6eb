"""Stage 1, load: content/**/*.yaml → source records that remember where every value stood.

A list lives in YEAR/ISSUER/ (list.yaml and one file per priority): that folder is its current edition.
An earlier edition is a complete snapshot of the same files in YEAR/ISSUER/editions/YYYY-MM-DD/, named by
the date the order approved it.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .problems import Problem

LIST_FILE = "list.yaml"
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20
YEAR_NAME = re.compile(r"^(19|20)\d\d$")
ISSUER_NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}\.yaml$")
EDITIONS = "editions"  # YEAR/ISSUER/editions/YYYY-MM-DD/: an earlier edition of the list
EDITION_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Content uses plain YAML only: no !!python/…, !!binary, !!set or custom tags.
STR = "tag:yaml.org,2002:str"
PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


@dataclass(frozen=True)
class SourceFile:
    """One YAML file of content with the line and column of each value."""

    path: str  # as shown in messages, e.g. content/2026/akmola/01.yaml
    kind: str  # "list" or "priority"
    year: int
    issuer: str
    data: Any
    where: dict = field(default_factory=dict, repr=False, compare=False)
    edition: str | None = None  # YYYY-MM-DD of an earlier edition's folder; None: the current edition

    @property
    def list_id(self) -> str:
        return f"{self.year}-{self.issuer}"

    def at(self, *path) -> tuple[int, int]:
        """Line and column of a value, or of its nearest ancestor that is known."""
        path = tuple(path)
        while path:
            if path in self.where:
                return self.where[path]
            path = path[:-1]
        return self.where.get((), (1, 1))


class _Refusal(Exception):
    def __init__(self, code: str, message: str, mark=None):
        super().__init__(message)
        self.code, self.message = code, message
        self.line, self.col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def shown(path: Path) -> str:
    """A path as messages show it: relative to the working folder when it is below it."""
    try:
        return Path(os.path.relpath(path)).as_posix() if not os.path.relpath(path).startswith("..") else path.as_posix()
    except ValueError:  # another drive
        return path.as_posix()


def load_content(root: Path) -> tuple[list[SourceFile], list[Problem]]:
    """Read every content file below root; return the records and every problem met on the way."""
    root = Path(root)
    if not root.is_dir():
        return [], [Problem(shown(root), 1, 1, "bad-path", f"content folder {shown(root)} does not exist",
                            "pass --content with the folder that holds YEAR/ISSUER/*.yaml")]
    return load_files(root, content_files(root))


def content_files(root: Path) -> list[Path]:
    """Every file below root that the checker reads or reports (YAML files, and links it refuses), sorted."""
    return sorted(_yaml_files(Path(root)))


def load_files(root: Path, paths: list[Path]) -> tuple[list[SourceFile], list[Problem]]:
    """Read some content files below root (all of them, or one list folder's): records and problems."""
    root = Path(root)
    records: list[SourceFile] = []
    problems: list[Problem] = []
    real_root = root.resolve()
    for path in paths:
        rel = path.relative_to(root)
        problem = _path_problem(path, rel, real_root)
        if problem:
            problems.append(problem)
            continue
        year, issuer = int(rel.parts[0]), rel.parts[1]
        edition = rel.parts[3] if len(rel.parts) == 5 else None
        kind = "list" if rel.name == LIST_FILE else "priority"
        try:
            data, where = _read(path)
        except _Refusal as refusal:
            problems.append(Problem(shown(path), refusal.line, refusal.col, refusal.code, refusal.message))
            continue
        records.append(SourceFile(shown(path), kind, year, issuer, data, where, edition))
    problems += _missing_lists(root, records)
    return records, problems


def _yaml_files(root: Path):
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        for name in filenames:
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                yield here / name
            elif (here / name).is_symlink() and not _inside((here / name).resolve(), real_root):
                yield here / name  # e.g. a source document linked from elsewhere: it would be published
        for name in dirnames:  # a linked folder is reported, never followed
            if (here / name).is_symlink():
                yield here / name


def _path_problem(path: Path, rel: Path, real_root: Path) -> Problem | None:
    where = shown(path)
    if path.is_symlink() and not _inside(path.resolve(), real_root):
        return Problem(where, 1, 1, "outside-content", f"{rel.as_posix()} is a link to {path.resolve()}, outside the content folder")
    if path.is_dir():
        return Problem(where, 1, 1, "outside-content", f"{rel.as_posix()} is a linked folder; links are not followed")
    parts = rel.parts
    if len(parts) == 5 and parts[2] == EDITIONS:
        if not _is_date(parts[3]):
            return Problem(where, 1, 1, "bad-path", f"edition folder '{parts[3]}' is not a date written YYYY-MM-DD"
                           " (name an earlier edition's folder by the date its order approved it)")
        parts = (parts[0], parts[1], parts[4])
    elif len(parts) != 3:
        return Problem(where, 1, 1, "bad-path", f"{rel.as_posix()} is not at YEAR/ISSUER/FILE.yaml"
                       " (or YEAR/ISSUER/editions/YYYY-MM-DD/FILE.yaml for an earlier edition)")
    year, issuer, name = parts
    if not YEAR_NAME.match(year):
        return Problem(where, 1, 1, "bad-path", f"folder '{year}' is not a year")
    if not ISSUER_NAME.match(issuer):
        return Problem(where, 1, 1, "bad-path", f"issuer folder '{issuer}' must be lower-case Latin letters, digits and hyphens")
    if not FILE_NAME.match(name):
        return Problem(where, 1, 1, "bad-path", f"file name '{name}' must be lower-case Latin letters, digits and hyphens, ending in .yaml")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return Problem(where, 1, 1, "file-too-large", f"{size:,} bytes; content files may be at most {MAX_FILE_BYTES:,}")
    return None


def _is_date(name: str) -> bool:
    try:
        return bool(EDITION_NAME.match(name)) and dt.date.fromisoformat(name).isoformat() == name
    except ValueError:  # 2026-02-30
        return False


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _missing_lists(root: Path, records: list[SourceFile]) -> list[Problem]:
    have = {(r.year, r.issuer, r.edition or "") for r in records if r.kind == "list"}
    listed = {(r.year, r.issuer, r.edition or "") for r in records if r.kind == "priority"} - have
    problems = []
    for year, issuer, edition in sorted(listed):
        folder = Path(str(year), issuer, *((EDITIONS, edition) if edition else ()))
        if not (root / folder / LIST_FILE).exists():
            problems.append(Problem(shown(root / folder), 1, 1, "missing-list",
                                    f"{folder.as_posix()} has priority files but no {LIST_FILE}"))
    return problems


def _read(path: Path) -> tuple[Any, dict]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise _Refusal("bad-encoding", f"byte 0x{raw[err.start]:02x} at offset {err.start} (line {line}) is not UTF-8") from None
    if not text.strip():
        raise _Refusal("empty-file", "the file has no content")
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise _Refusal("yaml-syntax", _yaml_message(err), mark) from None
    except yaml.reader.ReaderError as err:  # a character YAML does not allow; it knows only the offset
        refusal = _Refusal("yaml-syntax", f"unacceptable character U+{err.character:04X}: {err.reason}")
        before = text.encode("utf-8")[: err.position].decode("utf-8", errors="ignore")  # libyaml counts bytes
        refusal.line, refusal.col = before.count("\n") + 1, len(before) - before.rfind("\n")
        raise refusal from None
    except yaml.YAMLError as err:
        raise _Refusal("yaml-syntax", str(err).splitlines()[0]) from None
    if node is None:
        raise _Refusal("empty-file", "the file has only comments")
    where: dict = {(): (node.start_mark.line + 1, node.start_mark.column + 1)}
    # An alias is written *name: a text without "*" has none, and its nodes need not be told apart.
    return _Builder(where, aliases="*" in text).value(node, (), 0), where


def _yaml_message(err: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (err.context, err.problem) if p]
    return "; ".join(parts) or "YAML syntax error"


class _Builder:
    """Turns composed YAML nodes into plain values, recording positions and refusing aliases."""

    def __init__(self, where: dict, aliases: bool = True):
        self.where = where
        self.seen: set[int] | None = set() if aliases else None  # ids of the nodes met (an alias meets one again)
        self.constructor = SafeConstructor()  # for the scalars that are not text: numbers, dates, booleans

    def value(self, node, path: tuple, depth: int):
        if self.seen is not None:
            if id(node) in self.seen:
                raise _Refusal("yaml-alias", "an alias (*name) repeats an anchored value", node.start_mark)
            self.seen.add(id(node))
        tag = node.tag
        if tag not in PLAIN_TAGS:
            raise _Refusal("yaml-syntax", f"the tag {tag} is not allowed in content", node.start_mark)
        if depth > MAX_DEPTH:
            raise _Refusal("wrong-type", f"values nested deeper than {MAX_DEPTH} levels", node.start_mark)
        kind = type(node)  # the composer makes exactly these three classes
        if kind is MappingNode:
            return self.mapping(node, path, depth)
        if kind is SequenceNode:
            return self.sequence(node, path, depth)
        if tag == STR:  # by far the most common: no need to ask the constructor
            return node.value
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError) as err:  # e.g. a date like 2026-02-30
            raise _Refusal("invalid-value", f"'{node.value}' cannot be read: {err}", node.start_mark) from None

    def mapping(self, node, path, depth):
        out, where = {}, self.where
        plain_keys = self.seen is None and depth < MAX_DEPTH  # a text key then passes every test of value()
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                raise _Refusal("wrong-type", "a key must be a plain name", key_node.start_mark)
            if plain_keys and key_node.tag == STR:
                key = key_node.value
            else:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Refusal("yaml-alias", "merge keys (<<) are not allowed", key_node.start_mark)
                key = self.value(key_node, path, depth + 1)
                if isinstance(key, (int, float, bool)) or key is None:
                    key = key_node.value  # "1:" and "yes:" keep the text the editor typed
            if key in out:
                raise _Refusal("duplicate-key", f"'{key}' is already set above", key_node.start_mark)
            mark, here = key_node.start_mark, path + (key,)
            where[here] = (mark.line + 1, mark.column + 1)
            out[key] = self.value(value_node, here, depth + 1)
        return out

    def sequence(self, node, path, depth):
        items, where = [], self.where
        for i, item in enumerate(node.value):
            mark, here = item.start_mark, path + (i,)
            where[here] = (mark.line + 1, mark.column + 1)
            items.append(self.value(item, here, depth + 1))
        return items
