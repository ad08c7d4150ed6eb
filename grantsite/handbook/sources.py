"""The handbook's sources: hand-written pages in docs/ with docs/_data/*.yaml, and what they must cover.

Generated, never copied by hand: the field reference (tables.PRIORITY_FORMAT / LIST_FORMAT with the Table
Schemas), the check messages (problems.CATALOGUE), the command line (build.parser()), the vocabularies
and the data dictionary.  The human explanations they carry live in docs/_data/*.yaml; the `undocumented_*`
functions name every field, problem code or command that has none, so a test fails when the docs fall
behind the code.  reference.py writes the pages; MkDocs calls it through docs/hooks.py (mkdocs.yml
`hooks:`), so a plain `mkdocs build` builds the same handbook; generated pages exist only in memory.
"""
from __future__ import annotations

import argparse
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..check import (
    CALL_COLUMNS,
    ITEM_COLUMNS,
    LIST_COLUMNS,
    LIST_FORMAT,
    PRIORITY_COLUMNS,
    PRIORITY_FORMAT,
    table_schema,
)
from ..content import CATALOGUE, load_vocabularies

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("kk", "ru", "en")
FORMATS = {"list": LIST_FORMAT, "priority": PRIORITY_FORMAT}
DATA_FILES = ("fields", "problem-codes", "cli", "labels")
HELP_WIDTH = 90  # the CLI page shows `--help` as a terminal of this width would


# ---- the hand-written explanations -----------------------------------------------------------

@dataclass(frozen=True)
class DocsData:
    """docs/_data/: what people wrote about each field, problem code and command, and the pages' wording."""

    fields: dict  # "list" | "priority" → field path → {example, kk, ru, en}
    problems: dict  # code → {kk|ru|en: {title, meaning, fix}, bad, good, example_lang}
    cli: dict  # command ("build.py" for the program itself) → {kk, ru, en, options: {option: {kk, ru, en}}}
    labels: dict  # lang → key → wording of the generated pages


def read_docs_data(docs: Path = ROOT / "docs") -> DocsData:
    """Read docs/_data/*.yaml."""
    def read(name):
        return yaml.load((Path(docs) / "_data" / f"{name}.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

    return DocsData(*(read(name) for name in DATA_FILES))


def field_paths(fmt: dict, prefix: str = "") -> list[str]:
    """Every key of a content format as a dotted path; items of a list are written `indicators[].text`."""
    paths = []
    for key, sub in fmt.items():
        path = prefix + key
        paths.append(path)
        inner = sub[0] if isinstance(sub, list) else sub
        if isinstance(inner, dict):
            paths += field_paths(inner, path + ("[]." if isinstance(sub, list) else "."))
    return paths


def _explained(entry, langs=LANGS, parts=()) -> list[str]:
    """The languages an entry lacks (a part of it, when parts are named)."""
    entry = entry if isinstance(entry, dict) else {}
    missing = []
    for lang in langs:
        text = entry.get(lang)
        if not text or (parts and not all(isinstance(text, dict) and text.get(p) for p in parts)):
            missing.append(lang)
    return missing


def _stale_and_missing(what: str, documented: dict, wanted: list[str]) -> list[str]:
    gaps = [f"{what}: '{name}' has no entry" for name in wanted if name not in (documented or {})]
    return gaps + [f"{what}: '{name}' is documented but no longer exists" for name in documented or {}
                   if name not in wanted]


def undocumented_fields(data: DocsData, formats: dict = FORMATS) -> list[str]:
    """Every content field without an example and a kk/ru/en explanation, and every stale entry."""
    gaps = []
    for kind, fmt in formats.items():
        documented = data.fields.get(kind) or {}
        gaps += _stale_and_missing(f"fields.yaml {kind}", documented, field_paths(fmt))
        for path, entry in documented.items():
            entry = data.fields[kind].get((entry or {}).get("same_as"), entry) if isinstance(entry, dict) else entry
            gaps += [f"fields.yaml {kind}: '{path}' has no {lang} explanation" for lang in _explained(entry)]
            if not (entry or {}).get("example"):
                gaps.append(f"fields.yaml {kind}: '{path}' has no example")
    return gaps


def unexplained_codes(data: DocsData, catalogue: dict = CATALOGUE) -> list[str]:
    """Every problem code without a kk/ru/en explanation and a bad/good example, and every stale entry."""
    gaps = _stale_and_missing("problem-codes.yaml", data.problems, list(catalogue))
    for code, entry in data.problems.items():
        gaps += [f"problem-codes.yaml: '{code}' has no {lang} title, meaning and fix"
                 for lang in _explained(entry, parts=("title", "meaning", "fix"))]
        for part in ("bad", "good"):
            example = (entry or {}).get(part)
            if not example or (isinstance(example, dict) and _explained(example)):
                gaps.append(f"problem-codes.yaml: '{code}' has no '{part}' example (in every language)")
    return gaps


def cli_parser() -> argparse.ArgumentParser:
    """The command line's parser, read from build.py at the repository root."""
    spec = importlib.util.spec_from_file_location("grantsite_build_cli", ROOT / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.parser()


def commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The program itself (under its prog name) and each of its subcommands."""
    found = {parser.prog: parser}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    for each in found.values():  # `--help` as a terminal of a fixed width shows it, whatever runs the build
        each.formatter_class = lambda prog: argparse.HelpFormatter(prog, width=HELP_WIDTH)
    return found


def options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """A command's own options and arguments (not --help, not the subcommands)."""
    return [a for a in parser._actions if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction))]


def option_name(action: argparse.Action) -> str:
    return max(action.option_strings, key=len) if action.option_strings else action.dest


def undocumented_commands(data: DocsData, parser: argparse.ArgumentParser) -> list[str]:
    """Every command or option of build.py without a kk/ru explanation in cli.yaml, and every stale entry."""
    found = commands(parser)
    gaps = _stale_and_missing("cli.yaml", data.cli, list(found))
    for name, command in found.items():
        entry = data.cli.get(name) or {}
        gaps += [f"cli.yaml: command '{name}' has no {lang} explanation" for lang in _explained(entry, ("kk", "ru"))]
        documented = entry.get("options") or {}
        gaps += _stale_and_missing(f"cli.yaml {name}", documented, [option_name(a) for a in options(command)])
        gaps += [f"cli.yaml {name}: '{opt}' has no {lang} explanation" for opt, text in documented.items()
                 for lang in _explained(text, ("kk", "ru"))]
    return gaps


# ---- content field → published column --------------------------------------------------------

def published_columns() -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(file kind, field path) → the (table, column) pairs of the published data it ends up in."""
    vocab = load_vocabularies()
    known = {kind: field_paths(fmt) for kind, fmt in FORMATS.items()}
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for kind, table, prefix, columns in (("list", "lists", "", LIST_COLUMNS),
                                         ("priority", "priorities", "", PRIORITY_COLUMNS),
                                         ("priority", "indicators", "indicators[].", ITEM_COLUMNS),
                                         ("priority", "results", "results[].", ITEM_COLUMNS),
                                         ("list", "calls", "calls[].", CALL_COLUMNS),
                                         ("priority", "calls", "calls[].", CALL_COLUMNS)):
        for column in (f["name"] for f in table_schema(table, vocab)["fields"]):
            # a column the flattening fills from a path, or a list field summed up under its own name (source_defects)
            summed_up = isinstance(FORMATS[kind].get(column), list)
            path = ".".join(columns[column]) if column in columns else column if summed_up else ""
            dotted = prefix + path if path else ""
            while dotted and dotted not in known[kind]:  # direction.kk → the text field `direction`
                dotted = dotted.rpartition(".")[0]
            if dotted:
                found.setdefault((kind, dotted), []).append((table, column))
    return found
