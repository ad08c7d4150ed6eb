"""The whole build, top to bottom: load → validate → model → data → render → handbook → search → write.

A build may be given a cache (cache.py): then each list folder is checked only when its files changed, and
every output whose inputs are unchanged is taken from the previous build instead of being made again; the
result is byte for byte the result of a build without a cache.  Work that can be split (checking list
folders, rendering pages, writing each year's data package) is spread over the machine's cores.
"""
from __future__ import annotations

import gc
import resource
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import cache as caching, data, groups, handbook, output, quick as quick_update, render, search
from .load import load_content
from .model import Catalogue
from .problems import ContentError, Problem, errors_in
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
    cache: Path | None = None  # the incremental build cache (.cache/); None: everything is made anew
    workers: int | None = None  # processes to spread work over; None: one per core


@dataclass
class Checked:
    """What the checker learnt: every problem, the published tables, and the model when there is no error."""

    problems: list[Problem]
    tables: dict[str, list[dict]] = field(default_factory=dict)  # emptied by build() after the data stage
    catalogue: Catalogue | None = None
    list_keys: dict[str, str] = field(default_factory=dict)  # list id → key of its folder's files (cache)
    digests: dict[str, str] = field(default_factory=dict)  # list or priority id → digest of what pages show
    defects: dict | None = None  # priority id → source defects, as defects.read_defects reads them
    warnings: list | None = None  # defects.published_warnings(problems)

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
        self.add(stage, time.perf_counter() - start)

    def add(self, stage: str, seconds: float) -> None:
        """Count seconds to a stage, with the peak memory of this process and of its finished children."""
        entry = self.stages.setdefault(stage, {"seconds": 0.0, "peak_mb": 0.0, "children_peak_mb": 0.0})
        entry["seconds"] += seconds
        entry["peak_mb"] = max(entry["peak_mb"], _peak_mb(resource.RUSAGE_SELF))
        # the largest finished child so far: our forked workers, and the tools run as programs (Pagefind)
        entry["children_peak_mb"] = max(entry["children_peak_mb"], _peak_mb(resource.RUSAGE_CHILDREN))


def _peak_mb(who) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def check(content: Path, clock: Stopwatch | None = None, cache: caching.Cache | None = None,
          workers: int | None = None) -> Checked:
    """Load and validate all content; build the model if nothing is wrong."""
    clock = clock or Stopwatch()
    content = Path(content)
    if not content.is_dir():
        return Checked(load_content(content)[1])
    vocab = load_vocabularies()
    start = time.perf_counter()
    with collector_paused():  # forked workers inherit the pause
        found, results = groups.check_all(content, vocab, cache, workers)
    _split_time(clock, time.perf_counter() - start, results)
    problems = sorted({p for r in results for p in r.problems})
    if errors_in(problems):
        return Checked(problems)
    with clock("model"):
        tables = groups.combine(results, vocab)
        lists = [r.model for r in results if r.model is not None]
        catalogue = Catalogue(tuple(sorted(lists, key=lambda lst: (-lst.year, lst.issuer.code))))
        keys = {r.model.id: g.key for g, r in zip(found, results) if r.model is not None and g.key}
        digests = {k: v for g, r in zip(found, results) if g.key for k, v in r.digests.items()}
        defects = {pid: found for r in results for pid, found in r.defects.items()}
        warnings = sorted((w for r in results for w in r.warnings), key=lambda w: w.problem)
    return Checked(problems, tables, catalogue, keys, digests, defects, warnings)


@contextmanager
def collector_paused():
    """Python's cycle collector off while the content is read: reading leaves no cycles behind, and at
    10,000 priorities the collector's passes over the millions of objects read so far cost a fifth of the
    check."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _split_time(clock: Stopwatch, wall: float, results) -> None:
    """Load, validate and model run together in the workers: share the wall time by the work each took."""
    spent = {stage: sum(r.seconds.get(stage, 0.0) for r in results) for stage in ("load", "validate", "model")}
    total = sum(spent.values())
    for stage in ("load", "validate"):
        clock.add(stage, wall * spent[stage] / total if total else wall / 2)
    if total and spent["model"]:
        clock.add("model", wall * spent["model"] / total)


def build(config: Config, clock: Stopwatch | None = None, cache: caching.Cache | None = None,
          quick: bool = False, background: bool = False) -> Checked:
    """Check the content, then write the whole site; raises ContentError (and writes nothing) on content errors.

    quick (with a cache, for `serve`, after a first build): only the pages of the priorities and lists that
    changed are written, into the published site itself; a full build must follow (quick.py).
    background: the previous site is removed in a thread after the new one is in place (for `serve`).
    """
    clock = clock or Stopwatch()
    if cache is None and config.cache is not None:
        cache = caching.Cache(config.cache)
    checked = check(config.content, clock, cache, config.workers)
    if not checked.ok:
        raise ContentError(checked.problems)
    # the model lives as long as the build: moved out of the collector's sight, the collector's passes
    # while the site is written no longer walk it again and again
    gc.freeze()
    try:
        return _build(checked, config, clock, cache, quick, background)
    finally:
        gc.unfreeze()


def _build(checked: Checked, config: Config, clock: Stopwatch, cache, quick: bool, background: bool) -> Checked:
    vocab = load_vocabularies()
    outputs = caching.Outputs(cache, config.out) if cache is not None else None
    if quick and outputs is not None and outputs.manifest() is not None and Path(config.out).is_dir():
        with clock("render"):
            quick_update.update_pages(checked, vocab, config, outputs)
        return checked
    with output.open_staging(config.out) as site:  # any failure below leaves the previous site as it was
        # data before render: the downloads page shows each file's size and checksum
        with clock("data"):
            manifest = data.write_package(checked, vocab, site, config, outputs=outputs)
        # the rows were only for the data package; pages are made from the model.  Let go, their memory
        # is what the render stage allocates into (at 10,000 priorities it would otherwise grow past 600 MB)
        checked.tables = {}
        with clock("render"):
            render.render_site(checked, vocab, site, config, manifest, outputs=outputs)
        with clock("handbook"):
            _handbook(site, config, outputs)
        with clock("search"):
            search.index_site(site, config)
        with clock("write"):
            site.publish(background)
            if outputs is not None:
                outputs.save(manifest)
                cache.prune()
    return checked


def _handbook(site, config: Config, outputs: caching.Outputs | None) -> None:
    """The handbook, or the previous build's when its sources (docs, schema, code) are unchanged."""
    key = None
    if outputs is not None:
        key = caching.digest(caching.code_version(), caching.folder_digest(config.docs),
                             caching.folder_digest(config.schema), (ROOT / "mkdocs.yml").read_bytes(),
                             (ROOT / "build.py").read_bytes())
        if outputs.take_all(site, "handbook/", key):
            return
    handbook.build_handbook(site, config)
    if outputs is not None:
        outputs.made_under(site, "handbook", key)
