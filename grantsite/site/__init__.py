"""Stage 4, the site: the bilingual HTML pages (where they live, what each shows, rendered over the cores
and only when their inputs changed), feeds, calendars, sitemap and JSON-LD."""
from .changed import UPDATED, changed_pages
from .render import render_site
from .templates import environment

__all__ = ["UPDATED", "changed_pages", "environment", "render_site"]
