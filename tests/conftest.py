"""Fixtures shared by the whole suite: the shipped content, checked and built once per test process."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from hostile_content import write_hostile_tree
from support import CONTENT, add_year_before, amend, built_variant

from grantsite import pipeline
from grantsite.check import check_content


@pytest.fixture(scope="session")
def checked():
    """The shipped content, checked (problems, published rows and the model)."""
    return check_content(CONTENT)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped content built into a fresh folder, once per test process."""
    out = tmp_path_factory.mktemp("built") / "site"
    pipeline.build(pipeline.Config(content=CONTENT, out=out))
    return out


@pytest.fixture(scope="session")
def amended_site(tmp_path_factory) -> Path:
    """The shipped content with an earlier edition of the Akmola list (support.amend), built once per process."""
    return built_variant(tmp_path_factory.mktemp("amended"), amend)


@pytest.fixture(scope="session")
def two_years_site(tmp_path_factory) -> Path:
    """The shipped content with a 2025 list made from the 2026 one (support.add_year_before), built once."""
    return built_variant(tmp_path_factory.mktemp("two-years"), add_year_before)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """The hostile content of tests/hostile_content.py, built once per test process; its folder holds only
    content/ and site/, so a test can see that nothing was written beside the site."""
    folder = tmp_path_factory.mktemp("hostile")
    write_hostile_tree(folder / "content")
    pipeline.build(pipeline.Config(content=folder / "content", out=folder / "site"))
    return folder / "site"


@pytest.fixture
def content_tree(tmp_path):
    """A copy of the shipped content that a test may break; returns a function to write files into it."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)

    def write(relative: str, text: str) -> Path:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    write.root = root
    return write



@pytest.fixture
def amended(content_tree):
    """The shipped content with an earlier edition of the Akmola list (support.amend)."""
    amend(content_tree.root)
    return content_tree
