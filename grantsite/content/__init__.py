"""What editors write, as read: content files with the place of every value, the problems found in them
(kinds as data), the controlled vocabularies, and amounts and targets as official documents write them."""
from .load import EDITIONS, ISSUER_NAME, YEAR_NAME, SourceFile, content_files, load_content, load_files, shown
from .problems import CATALOGUE, WARNING, ContentError, Problem, errors_in
from .text import format_amount, parse_amount, parse_target
from .vocab import SCHEMA_DIR, Vocabularies, load_vocabularies, suggest, wording_key

__all__ = ["CATALOGUE", "EDITIONS", "ISSUER_NAME", "SCHEMA_DIR", "WARNING", "YEAR_NAME", "ContentError", "Problem", "SourceFile",
           "Vocabularies", "content_files", "errors_in", "format_amount", "load_content", "load_files",
           "load_vocabularies", "parse_amount", "parse_target", "shown", "suggest", "wording_key"]
