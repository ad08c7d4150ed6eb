"""Stage 3, the model: frozen dataclasses that templates and writers receive (never raw YAML), the rules of a
call for applications at a moment, and what changed between two editions of a list."""
from .calls import ALMATY, Headline, build_now, headline, status, windows
from .changes import Change, compare, normalised, reused_numbers, word_diff
from .records import LANGS, Call, Catalogue, Priority, PriorityList, Text, catalogue_from_rows

__all__ = ["ALMATY", "LANGS", "Call", "Catalogue", "Change", "Headline", "Priority", "PriorityList", "Text",
           "build_now", "catalogue_from_rows", "compare", "headline", "normalised", "reused_numbers", "status",
           "windows", "word_diff"]
