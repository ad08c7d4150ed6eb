"""Stage 6, search: Pagefind over a folded copy of the priority pages (Kazakh letters and the 2021 Latin
alphabet folded on both sides), its bundle made byte-identical from build to build."""
from .index import SearchIndexError, index_site, refresh_years, years_of

__all__ = ["SearchIndexError", "index_site", "refresh_years", "years_of"]
