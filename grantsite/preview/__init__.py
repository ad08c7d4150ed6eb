"""`build.py serve`: build, serve the site on this machine, and after an edit show the changed pages at
once (the quick update), then rebuild the rest from the cache."""
from .server import serve

__all__ = ["serve"]
