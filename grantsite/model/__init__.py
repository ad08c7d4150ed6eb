"""Stage 3, the model: frozen dataclasses that templates and writers receive (never raw YAML), the rules of a
call for applications at a moment, and what changed between two editions of a list."""
from .calls import ALMATY, Headline, build_now, headline, status, windows
from .changes import Change, change_id, compare, normalised, reused_numbers, word_diff
from .lineage import (
                      Amendment,
                      Direction,
                      Edition,
                      Step,
                      YearOnYear,
                      amendments,
                      directions,
                      editions,
                      history,
                      successors,
                      year_on_year,
)
from .records import LANGS, Call, Catalogue, Priority, PriorityList, Text, catalogue_from_rows

__all__ = ["ALMATY", "LANGS", "Amendment", "Call", "Catalogue", "Change", "Direction", "Edition", "Headline",
           "Priority", "PriorityList", "Step", "Text", "YearOnYear", "amendments", "build_now", "catalogue_from_rows",
           "change_id", "compare", "directions", "editions", "headline", "history", "normalised", "reused_numbers",
           "status", "successors", "windows", "word_diff", "year_on_year"]
