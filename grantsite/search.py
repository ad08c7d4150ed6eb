"""Stage 6, search: Pagefind over the written HTML with Kazakh normalisation (being built: see issue 5)."""
from __future__ import annotations


def index_site(site, config) -> None:
    """Index the written pages of both languages."""
