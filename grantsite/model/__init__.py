"""Stage 3, the model: frozen dataclasses that templates and writers receive (never raw YAML), and the
rules of a call for applications at a moment."""
from .calls import ALMATY, Headline, build_now, headline, status, windows
from .records import LANGS, Call, Catalogue, Priority, PriorityList, Text, catalogue_from_rows

__all__ = ["ALMATY", "LANGS", "Call", "Catalogue", "Headline", "Priority", "PriorityList", "Text", "build_now",
           "catalogue_from_rows", "headline", "status", "windows"]
