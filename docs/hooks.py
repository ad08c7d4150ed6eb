"""MkDocs hooks of the handbook (named in mkdocs.yml): the reference pages are generated from the code.

The generators live in grantsite/handbook/reference.py; this file only makes the repository importable, so
that a plain `mkdocs build` at the repository root works without installing the package.
"""
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from grantsite.handbook import on_files, on_post_build, on_post_page  # noqa: E402,F401  (MkDocs looks them up here)
