"""The handbook built with MkDocs into site/handbook/, or taken whole from the previous build when its
sources (docs, schema, code, mkdocs.yml, build.py) are unchanged."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from .. import cache as caching
from ..workers import Forked
from .sources import ROOT


def build_handbook(site, config, outputs: caching.Outputs | None = None) -> None:
    """Build the handbook into the staging folder's handbook/ (outputs: take the last build's when unchanged)."""
    with building(site, config, outputs, beside=False) as made:
        made()


@contextmanager
def building(site, config, outputs: caching.Outputs | None = None, beside: bool = True):
    """The handbook made while the block runs (MkDocs in a process of its own: beside the other stages, not a
    second of one core after them); the block calls what it is given when the handbook must be there.  Left
    with an error, the block stops MkDocs."""
    key = _key(config) if outputs is not None else None
    if key is not None and outputs.take_all(site, "handbook/", key):
        yield lambda: None
        return
    target = site.claim("handbook")
    work = Forked(lambda: _mkdocs(target, config)) if beside else None

    def made() -> None:
        if work is None:
            _mkdocs(target, config)
        else:
            work.wait()
        if outputs is not None:
            outputs.made_under(site, "handbook", key)

    try:
        yield made
    except BaseException:
        if work is not None:
            work.stop()
        raise


def _key(config) -> str:
    return caching.digest(caching.code_version(), caching.folder_digest(config.docs),
                          caching.folder_digest(config.schema), (ROOT / "mkdocs.yml").read_bytes(),
                          (ROOT / "build.py").read_bytes())


def _mkdocs(target: Path, config) -> None:
    from mkdocs.commands.build import build  # MkDocs is loaded only when the handbook is made again
    from mkdocs.config import load_config

    # Not strict here: a page the docs have not caught up with must not stop an editor's build;
    # `mkdocs build --strict` in the tests is what fails on it.
    build(load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(Path(config.docs).absolute()),
                      site_dir=str(target), strict=False))
