"""The preview server's quick update: after an edit, the pages of the changed priorities and lists are
rendered and written into the published site at once, each file replaced atomically.

Everything else (the data package, the search index, the pages that sum up many priorities) stays as it
was until the full build that `serve` runs right after, which makes the site byte for byte a full build's.
Nothing else of the site is touched, so the edit is visible in about a second even with 10,000 priorities
(a new staging folder would mean linking some 60,000 files).
"""
from __future__ import annotations

from pathlib import Path

from . import output, render, render_pages
from .i18n import load_strings
from .pages import site_pages

UPDATED = ("priority.html", "list.html")
LIMIT = 200  # pages: more than an editor's save changes; beyond it the quick update would not be quick


def update_pages(checked, vocab, config, outputs) -> list[str]:
    """Write the changed priority and list pages into config.out; return their paths."""
    out = Path(config.out)
    data = render.site_data(checked, vocab, _Published(out), config, outputs.manifest())
    env = _environment(Path(config.templates))
    strings = load_strings(Path(config.templates) / "i18n")
    pages = [p for p in site_pages(data) if p.template in UPDATED]
    keys = render_pages.page_keys(pages, data, env, config, checked.list_keys, checked.digests)
    todo = [page for page in pages
            if keys.get(page.file) and outputs.cache.previous(out, page.file, keys[page.file]) is None]
    if len(todo) > LIMIT:  # an edited template or vocabulary: the full build that follows does it all
        return []
    changed = {}
    for page in todo:
        output.replace_file(out, page.file, render.render_page(env, page, strings, data))
        changed[page.file] = keys[page.file]
    outputs.update(changed)
    return sorted(changed)


_ENVIRONMENTS: dict[str, object] = {}


def _environment(templates: Path):
    """One Jinja environment per templates folder for the whole preview session: templates are compiled
    once, and Jinja reloads a template whose file changed (auto_reload), so an edit is still seen."""
    name = str(templates.absolute())
    if name not in _ENVIRONMENTS:
        _ENVIRONMENTS[name] = render.environment(templates)
    return _ENVIRONMENTS[name]


class _Published:
    """The published site read as a staging folder is (render.site_data reads data/datapackage.json)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, relative: str) -> Path:
        return output.Staging(self.folder).path(relative)
