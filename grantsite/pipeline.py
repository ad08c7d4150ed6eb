"""The whole build, top to bottom: load → validate → model → render → data → search → write."""
from __future__ import annotations

import resource
import time
from contextlib import contextmanager
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


class Stopwatch:
    """Wall time and peak memory (so far) of each stage, for the benchmark; costs nothing when unused."""

    def __init__(self):
        self.stages: dict[str, dict] = {}

    @contextmanager
    def __call__(self, stage: str):
        start = time.perf_counter()
        yield
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        entry = self.stages.setdefault(stage, {"seconds": 0.0, "peak_mb": 0.0})
        entry["seconds"] += time.perf_counter() - start
        entry["peak_mb"] = max(entry["peak_mb"], peak_kb / 1024)


def check(content: Path, clock: Stopwatch | None = None) -> Checked:
    """Load and validate all content; build the model if nothing is wrong."""
    clock = clock or Stopwatch()
    vocab = load_vocabularies()
    with clock("load"):
        records, problems = load_content(content)
    with clock("validate"):
        tables, shape_problems = flatten(records, vocab)
        problems += shape_problems
        problems += validate(tables, vocab)
        problems = sorted(set(problems))
    if errors_in(problems):
        return Checked(problems)
    with clock("model"):
        rows = plain(tables)
        _flag(tables, rows, problems)
        catalogue = catalogue_from_rows(rows)
    return Checked(problems, rows, catalogue)


def _flag(tables: Tables, rows: dict[str, list[dict]], problems: list[Problem]) -> None:
    """Published warnings become the 'flags' column of the priority they are about."""
    by_file: dict[str, set[str]] = {}
    for p in problems:
        if p.severity == WARNING:
            by_file.setdefault(p.path, set()).add(p.code)
    for row, out in zip(tables["priorities"], rows["priorities"]):
        codes = by_file.get(row.source.path if row.source else "", ())
        out["flags"] = "; ".join(sorted(codes)) or None


def build(config: Config, clock: Stopwatch | None = None) -> Checked:
    """Check the content, then write the whole site; raises ContentError (and writes nothing) on content errors."""
    clock = clock or Stopwatch()
    checked = check(config.content, clock)
    if not checked.ok:
        raise ContentError(checked.problems)
    vocab = load_vocabularies()
    with output.open_staging(config.out) as site:  # any failure below leaves the previous site as it was
        # data before render: the downloads page shows each file's size and checksum
        with clock("data"):
            manifest = data.write_package(checked, vocab, site, config)
        with clock("render"):
            render.render_site(checked, vocab, site, config, manifest)
        with clock("handbook"):
            handbook.build_handbook(site, config)
        with clock("search"):
            search.index_site(site, config)
        with clock("write"):
            site.publish()
    return checked
