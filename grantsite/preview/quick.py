"""The preview server's quick update: after an edit, the pages of the changed priorities and lists are
rendered and written into the published site at once, each file replaced atomically.

Then refresh_search() indexes again the year of each changed priority, in place, and refresh_data() makes
that year's data package again, in place.  Everything else (the all-years package, the pages that sum up
many priorities) stays as it was until the full build that `serve` runs right after, which makes the site
byte for byte a full build's.
Nothing else of the site is touched, so the edit is visible in about a second even with 10,000 priorities
(a new staging folder would mean linking some 60,000 files).
"""
from __future__ import annotations

from pathlib import Path

from .. import cache as caching, check, data, output, search, site
from ..content import ContentError, load_vocabularies
from ..stopwatch import Stopwatch
from ..workers import collector_frozen

LIMIT = 200  # pages: more than an editor's save changes; beyond it the quick update would not be quick


def update_pages(config, cache: caching.Cache, clock: Stopwatch | None = None) -> list[str]:
    """Check the content, then write its changed priority and list pages into config.out; return their paths.

    Raises ContentError (and writes nothing) on content errors; writes nothing before a first full build.
    """
    clock = clock or Stopwatch()
    checked = check.check_content(config.content, clock, cache, config.workers)
    if not checked.ok:
        raise ContentError(checked.problems)
    outputs = caching.Outputs(cache, config.out)
    if outputs.manifest() is None or not Path(config.out).is_dir():
        return []
    with collector_frozen(), clock("render"):
        env = _environment(Path(config.templates))
        pages = site.changed_pages(checked, load_vocabularies(), config, outputs, env, LIMIT) or {}
        for file, (_, html) in pages.items():
            output.replace_file(Path(config.out), file, html)
        outputs.update({file: key for file, (key, _) in pages.items()})
    return sorted(pages)


def refresh_search(config, cache: caching.Cache, changed: list[str], clock: Stopwatch | None = None) -> list[str]:
    """After update_pages: the search bundles of the years whose priority pages changed, made again in place."""
    clock = clock or Stopwatch()
    with clock("search"):
        return search.refresh_years(Path(config.out), changed, cache, config.workers) if changed else []


def refresh_data(config, cache: caching.Cache, changed: list[str], clock: Stopwatch | None = None) -> list[str]:
    """After update_pages: the data packages of the years whose priority pages changed, made again in place
    (the content checked again: from the cache, a few tenths of a second); return their folders."""
    clock = clock or Stopwatch()
    years = search.years_of(changed)
    if not years:
        return []
    checked = check.check_content(config.content, clock, cache, config.workers)
    if not checked.ok:
        raise ContentError(checked.problems)
    with collector_frozen(), clock("data"):
        return data.refresh_years(checked, load_vocabularies(), config, years, cache)


def prepare(config) -> None:
    """Compile every page template with each language's strings ahead of the first edit (serve calls it once
    it has built): compiling them was a third of a first quick update at 10,000 priorities."""
    templates = Path(config.templates)
    env = _environment(templates)
    site.compile_languages(env, site.load_strings(templates / "i18n"),
                           env.list_templates(filter_func=lambda name: name.endswith(".html")))


_ENVIRONMENTS: dict[str, object] = {}


def _environment(templates: Path):
    """One Jinja environment per templates folder for the whole preview session: templates are compiled
    once, and Jinja reloads a template whose file changed (auto_reload), so an edit is still seen."""
    name = str(templates.absolute())
    if name not in _ENVIRONMENTS:
        _ENVIRONMENTS[name] = site.environment(templates)
    return _ENVIRONMENTS[name]
