"""The handbook built with MkDocs into site/handbook/, or taken whole from the previous build when its
sources (docs, schema, code, mkdocs.yml, build.py) are unchanged."""
from __future__ import annotations

from pathlib import Path

from .. import cache as caching
from .sources import ROOT


def build_handbook(site, config, outputs: caching.Outputs | None = None) -> None:
    """Build the handbook into the staging folder's handbook/ (outputs: take the last build's when unchanged)."""
    key = None
    if outputs is not None:
        key = caching.digest(caching.code_version(), caching.folder_digest(config.docs),
                             caching.folder_digest(config.schema), (ROOT / "mkdocs.yml").read_bytes(),
                             (ROOT / "build.py").read_bytes())
        if outputs.take_all(site, "handbook/", key):
            return
    _mkdocs(site, config)
    if outputs is not None:
        outputs.made_under(site, "handbook", key)


def _mkdocs(site, config) -> None:
    from mkdocs.commands.build import build  # MkDocs is loaded only when the handbook is made again
    from mkdocs.config import load_config

    target = site.claim("handbook")
    # Not strict here: a page the docs have not caught up with must not stop an editor's build;
    # `mkdocs build --strict` in the tests is what fails on it.
    build(load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(Path(config.docs).absolute()),
                      site_dir=str(target), strict=False))
