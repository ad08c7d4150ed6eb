"""The handbook (MkDocs): hand-written pages in docs/, reference pages generated from the code, built into
site/handbook/; the MkDocs hooks that add the generated pages (docs/hooks.py names them)."""
from .builder import build_handbook, building
from .reference import on_files, on_post_build, on_post_page

__all__ = ["build_handbook", "building", "on_files", "on_post_build", "on_post_page"]
