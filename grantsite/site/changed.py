"""The priority and list pages whose inputs changed since the published build, rendered: what the preview
server's quick update writes into the published site (preview/quick.py)."""
from __future__ import annotations

from pathlib import Path

from .. import output
from .i18n import load_strings
from .pages import record_pages
from .render import render_page, site_data
from .writing import page_keys

UPDATED = ("priority.html", "list.html")  # the bilingual page follows with the full build


def changed_pages(checked, vocab, config, outputs, env, limit: int) -> dict[str, tuple[str, str]] | None:
    """file → (key, html) of each changed priority and list page; None when more than `limit` changed (an
    edited template or vocabulary: then the quick update would not be quick)."""
    out = Path(config.out)
    data = site_data(checked, vocab, _Published(out), config, outputs.manifest())
    strings = load_strings(Path(config.templates) / "i18n")
    pages = [p for p in record_pages(data) if p.template in UPDATED]
    keys = page_keys(pages, data, env, config, checked.list_keys, checked.digests)
    # a page published under its key is taken as it is: a file touched on disk since is the full build's to
    # mend, which follows the quick update
    same = outputs.cache.made_under(out, keys)
    todo = [page for page in pages if keys.get(page.file) and page.file not in same]
    if len(todo) > limit:
        return None
    return {page.file: (keys[page.file], render_page(env, page, strings, data)) for page in todo}


class _Published:
    """The published site read as a staging folder is (site_data reads data/datapackage.json)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, relative: str) -> Path:
        return output.Staging(self.folder).path(relative)
