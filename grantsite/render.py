"""Stage 4, render: the bilingual HTML site (being built: see issue 3)."""
from __future__ import annotations


def render_site(checked, vocab, site, config, manifest) -> None:
    """Write every page of both languages into the staging folder."""
