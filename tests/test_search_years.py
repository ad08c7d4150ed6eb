"""The search index split by year: an edit indexes its own year again and takes the other years' bundles
from the last build, in a full incremental build and in the preview's in-place refresh; either way the
site is byte for byte what a build without a cache makes."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import CONTENT, add_year_before
from test_incremental import assert_same_site, edit_problem, files

from grantsite import cache as caching, pipeline
from grantsite.preview.quick import refresh_search, update_pages
from grantsite.search import index as search


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


@pytest.fixture
def two_years(tmp_path) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    return add_year_before(tmp_path / "content")


def bundle_inodes(site: Path, lang: str, year: str) -> dict[str, int]:
    folder = site / search.BUNDLE / lang / year
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in sorted(folder.rglob("*")) if p.is_file()}


def fresh_build(content: Path, out: Path) -> None:
    pipeline.build(pipeline.Config(content=content, out=out))


def test_an_edit_indexes_its_own_year_again_and_takes_the_other_year_unchanged(two_years, tmp_path):
    config = pipeline.Config(content=two_years, out=tmp_path / "site", cache=tmp_path / "cache")
    cache = caching.Cache(config.cache)
    pipeline.build(config, cache=cache)
    before = {(lang, year): bundle_inodes(config.out, lang, year) for lang in ("kk", "ru") for year in ("2025", "2026")}
    edit_problem(two_years / "2026/akmola/02.yaml", " Жемқорлық туралы.")
    pipeline.build(config, cache=cache)
    for lang in ("kk", "ru"):
        assert bundle_inodes(config.out, lang, "2025") == before[(lang, "2025")]  # hard-linked: not indexed again
        assert bundle_inodes(config.out, lang, "2026") != before[(lang, "2026")]
    fresh_build(two_years, tmp_path / "fresh")
    assert_same_site(config.out, tmp_path / "fresh")


def test_the_preview_refreshes_the_edited_years_bundles_in_place_as_a_full_build_would(two_years, tmp_path):
    config = pipeline.Config(content=two_years, out=tmp_path / "site", cache=tmp_path / "cache")
    cache = caching.Cache(config.cache)
    pipeline.build(config, cache=cache)
    kept = bundle_inodes(config.out, "kk", "2025")
    edit_problem(two_years / "2026/akmola/02.yaml", " Жемқорлық туралы.")
    changed = update_pages(config, cache)
    assert sorted(refresh_search(config, cache, changed)) == ["pagefind/kk/2026", "pagefind/ru/2026"]
    fresh_build(two_years, tmp_path / "fresh")
    for lang in ("kk", "ru"):
        got, want = files(config.out / search.BUNDLE / lang / "2026"), files(tmp_path / "fresh" / search.BUNDLE / lang / "2026")
        assert got == want
    assert (config.out / "kk/p/2026-akmola-02/text.txt").read_bytes() == \
        (tmp_path / "fresh/kk/p/2026-akmola-02/text.txt").read_bytes()
    assert bundle_inodes(config.out, "kk", "2025") == kept
    assert not list((config.out / search.BUNDLE).glob("*/*.new")) + list((config.out / search.BUNDLE).glob("*/*.old"))


def test_the_full_build_after_the_preview_refresh_takes_the_refreshed_bundles(two_years, tmp_path):
    config = pipeline.Config(content=two_years, out=tmp_path / "site", cache=tmp_path / "cache")
    cache = caching.Cache(config.cache)
    pipeline.build(config, cache=cache)
    edit_problem(two_years / "2026/akmola/02.yaml", " Жемқорлық туралы.")
    refresh_search(config, cache, update_pages(config, cache))
    refreshed = bundle_inodes(config.out, "ru", "2026")
    pipeline.build(config, cache=cache)
    assert bundle_inodes(config.out, "ru", "2026") == refreshed
    fresh_build(two_years, tmp_path / "fresh")
    assert_same_site(config.out, tmp_path / "fresh")


def test_a_refresh_with_nothing_changed_indexes_nothing(two_years, tmp_path):
    config = pipeline.Config(content=two_years, out=tmp_path / "site", cache=tmp_path / "cache")
    cache = caching.Cache(config.cache)
    pipeline.build(config, cache=cache)
    kept = bundle_inodes(config.out, "kk", "2026")
    assert refresh_search(config, cache, update_pages(config, cache)) == []
    assert bundle_inodes(config.out, "kk", "2026") == kept


def test_the_search_copies_go_to_shared_memory_when_it_has_room(monkeypatch, tmp_path):
    monkeypatch.setattr(search, "SHARED_MEMORY", str(tmp_path))
    monkeypatch.setattr(search, "SCRATCH_ROOM", 1)
    assert search.scratch_folder() == str(tmp_path)


def test_the_search_copies_go_to_the_temporary_folder_when_shared_memory_is_small(monkeypatch, tmp_path):
    monkeypatch.setattr(search, "SHARED_MEMORY", str(tmp_path))
    monkeypatch.setattr(search, "SCRATCH_ROOM", 1 << 62)  # more than any disk: as a container's 64 MB /dev/shm
    assert search.scratch_folder() is None


def test_the_search_copies_go_to_the_temporary_folder_on_a_machine_without_shared_memory(monkeypatch, tmp_path):
    monkeypatch.setattr(search, "SHARED_MEMORY", str(tmp_path / "absent"))
    assert search.scratch_folder() is None


def test_pagefind_reads_the_copies_from_shared_memory_and_none_is_left_behind(monkeypatch, tmp_path):
    shm, log = tmp_path / "shm", tmp_path / "read-from.txt"
    shm.mkdir()
    monkeypatch.setattr(search, "SHARED_MEMORY", str(shm))
    monkeypatch.setattr(search, "SCRATCH_ROOM", 1)
    real = search.run_pagefind

    def noted(folder, bundle, lang=""):  # the real run, its folder noted (the workers are forked: in a file)
        with open(log, "a", encoding="utf-8") as note:
            note.write(f"{folder}\n")
        real(folder, bundle, lang)
    monkeypatch.setattr(search, "run_pagefind", noted)
    fresh_build(CONTENT, tmp_path / "site")
    folders = log.read_text(encoding="utf-8").split()
    assert len(folders) == 2 and all(Path(f).is_relative_to(shm) for f in folders)
    assert list(shm.iterdir()) == []
    assert (tmp_path / "site" / search.YEARS).is_file()
