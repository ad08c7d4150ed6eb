"""The preview's data refresh: after an edit, the edited year's data package and its priorities' one-record
files are made again in the published site, in place, before the full build; the other years' packages are
not touched, and the full build that follows takes the refreshed package as it is."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import CONTENT, add_year_before
from test_incremental import assert_same_site, edit_problem, fast_tools  # noqa: F401 (a fixture)

from grantsite import cache as caching, pipeline
from grantsite.content import ContentError
from grantsite.preview.quick import refresh_data, update_pages

EDIT = " Жемқорлық туралы."
EDITED_PAGE = "kk/p/2026-akmola-02/index.html"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


@pytest.fixture
def built(tmp_path, fast_tools):  # noqa: F811 (the fixture imported above)
    """Two years of content, built once with a cache: (config, cache)."""
    shutil.copytree(CONTENT, tmp_path / "content")
    content = add_year_before(tmp_path / "content")
    config = pipeline.Config(content=content, out=tmp_path / "site", cache=tmp_path / "cache")
    cache = caching.Cache(config.cache)
    pipeline.build(config, cache=cache)
    return config, cache


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in sorted(folder.rglob("*")) if p.is_file()}


def edited(config, cache) -> list[str]:
    edit_problem(config.content / "2026/akmola/02.yaml", EDIT)
    return update_pages(config, cache)


def test_the_edited_years_package_is_made_again_in_place(built):
    config, cache = built
    assert refresh_data(config, cache, edited(config, cache)) == ["data/2026"]
    assert EDIT.strip() in (config.out / "data/2026/priorities.csv").read_text(encoding="utf-8")
    assert not list((config.out / "data").glob("*.new")) + list((config.out / "data").glob("*.old"))


def test_the_edited_priorities_one_record_files_are_replaced(built):
    config, cache = built
    refresh_data(config, cache, edited(config, cache))
    for name in ("2026-akmola-02.json", "2026-akmola-02.csv"):
        assert EDIT.strip() in (config.out / "data/p" / name).read_text(encoding="utf-8")


def test_the_other_years_package_and_the_all_years_package_are_left_to_the_full_build(built):
    config, cache = built
    before = inodes(config.out / "data/2025")
    refresh_data(config, cache, edited(config, cache))
    assert inodes(config.out / "data/2025") == before
    assert EDIT.strip() not in (config.out / "data/priorities.csv").read_text(encoding="utf-8")


def test_the_full_build_after_the_refresh_takes_the_refreshed_package_and_equals_a_fresh_build(built, tmp_path):
    config, cache = built
    refresh_data(config, cache, edited(config, cache))
    refreshed = inodes(config.out / "data/2026")
    pipeline.build(config, cache=cache)
    assert inodes(config.out / "data/2026") == refreshed  # hard-linked from the refresh, not made again
    assert EDIT.strip() in (config.out / "data/priorities.csv").read_text(encoding="utf-8")
    pipeline.build(pipeline.Config(content=config.content, out=tmp_path / "fresh"))
    assert_same_site(config.out, tmp_path / "fresh")


def test_a_change_of_no_priority_page_refreshes_no_package(built):
    config, cache = built
    before = inodes(config.out / "data")
    assert refresh_data(config, cache, []) == []
    assert refresh_data(config, cache, ["kk/index.html", "kk/l/2026-akmola/index.html"]) == []
    assert inodes(config.out / "data") == before


def test_content_broken_before_the_refresh_raises_and_keeps_the_published_package(built):
    config, cache = built
    changed = edited(config, cache)
    before = inodes(config.out / "data")
    (config.out.parent / "content/2026/akmola/03.yaml").write_text("direction: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError):
        refresh_data(config, cache, changed)
    assert inodes(config.out / "data") == before
