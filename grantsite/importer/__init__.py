"""`build.py import FILE`: an official list (.docx, a text PDF, or a text export) read into the nine-column table,
its cells into priority records, merged with the files an editor already has, written as content YAML."""
from .run import run_import

__all__ = ["run_import"]
