"""Stage 4, the site: the bilingual HTML pages (where they live, what each shows, rendered over the cores
and only when their inputs changed), feeds, calendars, sitemap and JSON-LD."""
from .changed import changed_pages
from .i18n import load_strings
from .parts import compile_languages
from .render import render_site
from .templates import environment

__all__ = ["changed_pages", "compile_languages", "load_strings", "environment", "render_site"]
