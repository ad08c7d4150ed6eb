"""The whole build, top to bottom: check (load → validate → model) → data → render → search → write, and the
handbook made beside data, render and search.

Each stage is a package of its own; this module only says in which order they run and what each is given.
A build may be given a cache (cache.py): then each list folder is checked only when its files changed, and
every output whose inputs are unchanged is taken from the previous build instead of being made again; the
result is byte for byte the result of a build without a cache.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import cache as caching, check, data, handbook, output, search, site
from .content import ContentError, load_vocabularies
from .stopwatch import Stopwatch
from .workers import collector_frozen

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


def build(config: Config, clock: Stopwatch | None = None, cache: caching.Cache | None = None,
          background: bool = False) -> check.Checked:
    """Check the content, then write the whole site; raises ContentError (and writes nothing) on content errors.

    background: the previous site is removed after the new one is in place, without waiting (for `serve`).
    """
    clock = clock or Stopwatch()
    if cache is None and config.cache is not None:
        cache = caching.Cache(config.cache)
    checked = check.check_content(config.content, clock, cache, config.workers)
    if not checked.ok:
        raise ContentError(checked.problems)
    vocab = load_vocabularies()
    outputs = caching.Outputs(cache, config.out) if cache is not None else None
    with collector_frozen(), output.open_staging(config.out) as staged, \
            handbook.building(staged, config, outputs) as handbook_made:  # a failure leaves the old site as it was
        with clock("data"):  # before render: the downloads page shows each file's size and checksum
            manifest = data.write_package(checked, vocab, staged, config, outputs=outputs)
        checked.tables = {}  # the rows were for the data package only; render allocates into their memory
        with clock("render"):
            site.render_site(checked, vocab, staged, config, manifest, outputs=outputs)
        with clock("search"):
            search.index_site(staged, config, outputs)
        with clock("handbook"):  # MkDocs ran meanwhile, in a process of its own
            handbook_made()
        with clock("write"):
            staged.publish(background)
            if outputs is not None:
                outputs.published(manifest)
    return checked
