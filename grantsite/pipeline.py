"""The whole build, top to bottom: load → validate → model → render → data → search → write."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import data, handbook, output, render, search
from .load import load_content
from .model import Catalogue, catalogue_from_rows
from .problems import WARNING, ContentError, Problem, errors_in
from .tables import Tables, flatten, plain
from .validate import validate
from .vocab import load_vocabularies

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Config:
    content: Path = ROOT / "content"
    out: Path = ROOT / "site"
    templates: Path = ROOT / "templates"
    schema: Path = ROOT / "schema"
    docs: Path = ROOT / "docs"
    # Absolute URLs appear only where a format demands them (sitemap, feeds); every link is relative.
    base_url: str = "http://127.0.0.1:8000/"


@dataclass
class Checked:
    """What the checker learnt: every problem, the published tables, and the model when there is no error."""

    problems: list[Problem]
    tables: dict[str, list[dict]] = field(default_factory=dict)
    catalogue: Catalogue | None = None

    @property
    def ok(self) -> bool:
        return not errors_in(self.problems)


def check(content: Path) -> Checked:
    """Load and validate all content; build the model if nothing is wrong."""
    vocab = load_vocabularies()
    records, problems = load_content(content)
    tables, shape_problems = flatten(records, vocab)
    problems += shape_problems
    problems += validate(tables, vocab)
    problems = sorted(set(problems))
    if errors_in(problems):
        return Checked(problems)
    rows = plain(tables)
    _flag(tables, rows, problems)
    return Checked(problems, rows, catalogue_from_rows(rows))


def _flag(tables: Tables, rows: dict[str, list[dict]], problems: list[Problem]) -> None:
    """Published warnings become the 'flags' column of the priority they are about."""
    by_file: dict[str, set[str]] = {}
    for p in problems:
        if p.severity == WARNING:
            by_file.setdefault(p.path, set()).add(p.code)
    for row, out in zip(tables["priorities"], rows["priorities"]):
        codes = by_file.get(row.source.path if row.source else "", ())
        out["flags"] = "; ".join(sorted(codes)) or None


def build(config: Config) -> Checked:
    """Check the content, then write the whole site; raises ContentError (and writes nothing) on content errors."""
    checked = check(config.content)
    if not checked.ok:
        raise ContentError(checked.problems)
    vocab = load_vocabularies()
    with output.staging(config.out) as site:
        # data before render: the downloads page shows each file's size and checksum
        manifest = data.write_package(checked, vocab, site, config)
        render.render_site(checked, vocab, site, config, manifest)
        handbook.build_handbook(site, config)
        search.index_site(site, config)
    return checked
