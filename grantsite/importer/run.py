"""`build.py import FILE`: an official list (.docx, text PDF or text export) → content YAML, checked.

Reading is read.py with from_docx.py / from_pdf.py / from_text.py (document → rows of cells, document.py) and cells.py
(cells → priority records).  Here: what the list is (year, issuer), the merge with files an editor already
has (merge.py), writing everything or nothing, and the report.
"""
from __future__ import annotations

import dataclasses
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..check import check_content
from ..content import ISSUER_NAME, YEAR_NAME, Vocabularies, load_vocabularies, shown, wording_key
from .cells import Defect, RowReader
from .document import ERROR, Document, ImportProblem, ReadError
from .merge import Change, plan_changes, priority_yaml
from .read import read_document

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
content_yaml = priority_yaml  # the canonical content writer, kept under this name for bench/generate.py
TITLE_YEAR = re.compile(r"(?<!\d)(20\d\d)\s*(?:[-–—]\s*20\d\d\s*)?(?:жыл|год|г\.)", re.IGNORECASE)
LEVELS = {"region": 1, "city-republican": 1, "city-regional": 2, "district": 3}


@dataclass(frozen=True)
class Imported:
    """What a document says, in the content format: the list and its priorities with their defects."""

    year: int | None
    issuer: str | None
    language: str
    listing: dict
    priorities: tuple[tuple[dict, tuple[Defect, ...]], ...]
    problems: tuple[ImportProblem, ...]


def run_import(file: Path, out: Path | None, force: bool = False, year: int | None = None,
               issuer: str | None = None) -> int:
    """Import FILE into OUT (default content/YEAR/ISSUER); print the report; return the exit code."""
    if not file.is_file():
        print(ImportProblem(shown(file), None, None, "no-file", "there is no such file"), file=sys.stderr)
        return EXIT_USAGE
    if issuer is not None and not ISSUER_NAME.match(issuer):
        print(f"build.py import: --issuer '{issuer}' must be lower-case Latin letters, digits and hyphens",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        imported = import_document(read_document(file), load_vocabularies(), year, issuer)
    except ReadError as err:
        print(ImportProblem(shown(file), None, None, err.code, err.message, err.hint))
        return EXIT_USAGE if err.code == "unsupported" else EXIT_PROBLEMS
    for problem in imported.problems:
        print(problem)
    if any(p.severity == ERROR for p in imported.problems):
        print(f"nothing was written: {_count(imported.problems, ERROR)} cell(s) could not be read", file=sys.stderr)
        return EXIT_PROBLEMS
    out = out or Path("content") / str(imported.year) / imported.issuer
    changes, notes = plan_changes(imported, file, out)
    for line in notes:
        print(line)
    changes = _refusals(changes, force, out)
    if changes is None:
        return EXIT_PROBLEMS
    _write(changes, out)
    _summary(changes, imported, file, out)
    return _check(out, imported)


def _refusals(changes: list[Change], force: bool, out: Path) -> list[Change] | None:
    """With --force, refused files are replaced; without, they are listed and nothing is written (None)."""
    refused = [c for c in changes if c.status == "refused"]
    if force or not refused:
        return [dataclasses.replace(c, status="replaced") if c.status == "refused" else c for c in changes]
    for change in refused:
        print(f"{shown(change.path)}: refused: the file differs from the document in {', '.join(change.differences)}")
    print(f"nothing was written: {len(refused)} file(s) in {shown(out)} differ from what the import would write"
          " (an editor's change, or a new version of the document); run again with --force to replace them"
          " (texts in the other language are kept)", file=sys.stderr)
    return None


def import_document(document: Document, vocab: Vocabularies, year: int | None = None,
                    issuer: str | None = None) -> Imported:
    """The document's list and priorities in the content format, with every problem met."""
    lang = document.language
    problems = list(document.problems)
    file = shown(document.path)
    year = year or _year(document.title, file, problems)
    slug, territory, name = _issuer(document, vocab, issuer, file, problems)
    priorities = []
    for row in document.rows:
        reader = RowReader(row, lang, vocab, file)
        record = reader.record()
        problems += reader.problems
        priorities.append((record, tuple(reader.defects)))
    problems += _numbering(document, file)
    if not document.rows:
        problems.append(ImportProblem(file, None, None, "no-rows", "the table has no priority rows"))
    if not document.title:
        problems.append(ImportProblem(file, None, None, "no-title", "there is no title above the table",
                                      "the list's title («… басым бағыттарының тізбесі») comes before the table"))
    listing = {"title": {lang: document.title}, "issuer": {"name": {lang: name} if name else None,
                                                           "territory": territory}}
    return Imported(year, slug, lang, listing, tuple(priorities), tuple(problems))


def _year(title: str, file: str, problems: list) -> int | None:
    match = TITLE_YEAR.search(title)
    if match:
        return int(match.group(1))
    problems.append(ImportProblem(file, None, None, "no-year", f"the title does not say the year: '{title}'",
                                  "give it with --year YEAR"))
    return None


def _issuer(document: Document, vocab: Vocabularies, given: str | None, file: str, problems: list):
    """(folder name, KATO of the issuer's territory, issuer's name) from the issuer row, unless given."""
    names = list(dict.fromkeys(name for _, name in document.issuers))
    if len(names) > 1:
        problems.append(ImportProblem(file, document.issuers[1][0], 1, "several-issuers",
                                      "the table groups priorities under several issuers: " + "; ".join(names),
                                      "import one issuer's list at a time"))
    name = names[0] if names else None
    found = issuer_territories(name, vocab) if name else []
    territory = found[0] if len(found) == 1 else None
    if given:
        if territory is None:
            territory = next((t.code for t in vocab.territories.values() if t.issuer == given), None)
        if name is None:
            problems.append(ImportProblem(file, None, None, "no-issuer",
                                          "the table has no issuer row; fill in issuer.name in list.yaml"))
        return given, territory, name
    slug = vocab.territories[territory].issuer if territory else None
    if slug is None:
        why = ("the table has no issuer row" if name is None else
               f"the issuer «{name}» does not name a region or a city of republican significance")
        problems.append(ImportProblem(file, document.issuers[0][0] if document.issuers else None, 1,
                                      "issuer", f"cannot tell the issuer's folder: {why}",
                                      "give it with --issuer NAME (lower-case Latin, e.g. --issuer akmola)"))
    return slug, territory, name


def issuer_territories(name: str, vocab: Vocabularies) -> list[str]:
    """KATO codes of the most specific territories an issuer's name mentions («Ақмола облысының …» → 110000000)."""
    key = wording_key(name)
    found = [t for t in vocab.territories.values() if any(re.search(p, key) for p in _name_patterns(t))]
    deepest = max((LEVELS.get(t.level, 1) for t in found), default=0)
    return [t.code for t in found if LEVELS.get(t.level, 1) == deepest]


def _name_patterns(t) -> list[str]:
    """Kazakh names take suffixes (облысы → облысының); Russian names decline (область → области)."""
    patterns = [re.escape(wording_key(t.kk))]
    ru = wording_key(t.ru)
    if ru.startswith("г "):
        patterns.append(r"\b(г|город|города)\s+" + re.escape(ru[2:].rstrip("аы")) + r"\w*")
    else:
        patterns.append(r"\b" + r"\s+".join(re.escape(w[:-2] if len(w) > 5 else w) + r"\w*" for w in ru.split()))
    return patterns


def _numbering(document: Document, file: str) -> list[ImportProblem]:
    problems, seen = [], set()
    for expected, row in enumerate(document.rows, start=1):
        if row.number in seen:
            problems.append(ImportProblem(file, row.row, 1, "duplicate-number",
                                          f"priority number {row.number} is used twice"))
        elif row.number != expected:
            problems.append(ImportProblem(file, row.row, 1, "numbering",
                                          f"priority {row.number} follows priority {expected - 1}"))
        seen.add(row.number)
    return problems


# ---- writing and the report ------------------------------------------------------------------

def _write(changes: list[Change], out: Path) -> None:
    """Write every new or changed file (each replaced atomically)."""
    out.mkdir(parents=True, exist_ok=True)
    for change in changes:
        if change.data is None:
            continue
        temporary = change.path.with_name(f".{change.path.name}.importing")
        temporary.write_bytes(change.data)
        os.replace(temporary, change.path)


def _summary(changes: list[Change], imported: Imported, file: Path, out: Path) -> None:
    for change in changes:
        print(f"{shown(change.path)}: {change.status}")
        for note in change.notes:
            print(f"{shown(change.path)}: {note}")
    counts = {s: sum(c.status == s for c in changes) for s in ("new", "updated", "replaced", "unchanged")}
    print(f"imported {len(imported.priorities)} priorities ({imported.language}) from {shown(file)} into {shown(out)}: "
          + ", ".join(f"{n} {s}" for s, n in counts.items() if n), file=sys.stderr)


def _check(out: Path, imported: Imported) -> int:
    """Run the checker of `build.py check` on the written folder; print its problems."""
    if YEAR_NAME.match(out.parent.name) and ISSUER_NAME.match(out.name):
        inside = out.resolve()
        problems = [p for p in check_content(out.parent.parent).problems
                    if Path(p.path).resolve().is_relative_to(inside)]
    else:  # a folder outside content/YEAR/ISSUER: check a copy laid out as it will be
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / str(imported.year) / imported.issuer
            shutil.copytree(out, folder)
            problems = [dataclasses.replace(p, path=p.path.replace(shown(folder), shown(out)))
                        for p in check_content(Path(tmp)).problems]
    for problem in problems:
        print(problem)
    errors = _count(problems, ERROR)
    print(f"check: {errors} error(s), {len(problems) - errors} warning(s)", file=sys.stderr)
    return EXIT_PROBLEMS if errors else EXIT_OK


def _count(problems, severity: str) -> int:
    return sum(p.severity == severity for p in problems)

