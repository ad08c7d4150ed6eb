"""Incremental builds: after an edit, the cache rebuilds only what shows it, and the site is byte for byte
the site a full build without a cache makes."""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from support import ROOT

from grantsite import cache as caching, pipeline
from grantsite.check import check_content, groups
from grantsite.check.tables import flatten, plain
from grantsite.check.validate import validate
from grantsite.content import ContentError, load_content, load_vocabularies
from grantsite.importer.run import content_yaml
from grantsite.preview.quick import update_pages
from grantsite.site import writing as render_pages


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    # the calls page says when statuses were computed: two builds compare equal only at one moment
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_site(got: Path, want: Path) -> None:
    a, b = files(got), files(want)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert not different, f"differ from a full build: {different[:10]}"


def edit_problem(path: Path, text: str = " Өзгертілген сөйлем.") -> None:
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["problem"]["kk"] += text
    path.write_text(content_yaml(record), encoding="utf-8")


def inode(site: Path, relative: str) -> int:
    return (site / relative).stat().st_ino


@contextmanager
def handbook_file(site, config, outputs=None):
    site.write("handbook/index.html", "handbook")
    yield lambda: None


@pytest.fixture
def fast_tools(monkeypatch):
    """MkDocs and Pagefind replaced by a file each: for tests about pages, not about those tools."""
    monkeypatch.setattr(pipeline.handbook, "building", handbook_file)
    monkeypatch.setattr(pipeline.search, "index_site", lambda site, config, outputs=None: site.write("pagefind/x.json", "{}"))


def build(content: Path, out: Path, folder: Path | None, templates: Path = ROOT / "templates", **options):
    config = pipeline.Config(content=content, out=out, cache=folder, templates=templates)
    return pipeline.build(config, **options)


def test_incremental_build_after_an_edit_is_identical_to_a_full_build(content_tree, tmp_path):
    content, site, cache = content_tree.root, tmp_path / "site", tmp_path / ".cache"
    build(content, site, cache)
    edit_problem(content / "2026" / "akmola" / "02.yaml")
    build(content, site, cache)
    build(content, tmp_path / "fresh", None)
    assert_same_site(site, tmp_path / "fresh")
    assert "Өзгертілген сөйлем." in (site / "kk/p/2026-akmola-02/index.html").read_text(encoding="utf-8")


def test_quick_build_then_full_build_is_identical_to_a_full_build(content_tree, tmp_path, fast_tools):
    content, site = content_tree.root, tmp_path / "site"
    cache = caching.Cache()  # in memory, as `serve` keeps it
    build(content, site, None, cache=cache)
    edit_problem(content / "2026" / "akmola" / "03.yaml")
    update_pages(pipeline.Config(content=content, out=site), cache)
    assert "Өзгертілген сөйлем." in (site / "kk/p/2026-akmola-03/index.html").read_text(encoding="utf-8")
    build(content, site, None, cache=cache)
    build(content, tmp_path / "fresh", None)
    assert_same_site(site, tmp_path / "fresh")


def test_an_edit_rebuilds_the_pages_that_show_it_and_keeps_the_others(content_tree, tmp_path, fast_tools):
    content, site, cache = content_tree.root, tmp_path / "site", tmp_path / ".cache"
    build(content, site, cache)
    before = {rel: inode(site, rel) for rel in ("kk/p/2026-akmola-01/index.html", "kk/p/2026-akmola-02/index.html",
                                                "ru/p/2026-akmola-01/index.html", "kk/list/2026/akmola/index.html")}
    edit_problem(content / "2026" / "akmola" / "02.yaml")
    build(content, site, cache)
    assert inode(site, "kk/p/2026-akmola-01/index.html") == before["kk/p/2026-akmola-01/index.html"]
    assert inode(site, "ru/p/2026-akmola-01/index.html") == before["ru/p/2026-akmola-01/index.html"]
    assert inode(site, "kk/p/2026-akmola-02/index.html") != before["kk/p/2026-akmola-02/index.html"]
    assert inode(site, "kk/list/2026/akmola/index.html") != before["kk/list/2026/akmola/index.html"]


def test_an_edited_template_invalidates_the_pages_using_it(content_tree, tmp_path, fast_tools):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    content, site, cache = content_tree.root, tmp_path / "site", tmp_path / ".cache"
    build(content, site, cache, templates)
    priority_page = inode(site, "kk/p/2026-akmola-01/index.html")
    facet = templates / "facet.html"
    facet.write_text(facet.read_text(encoding="utf-8").replace("{% block content %}", "{% block content %}\n<!-- edited -->", 1),
                     encoding="utf-8")
    build(content, site, cache, templates)
    assert "<!-- edited -->" in (site / "kk/area/rights-protection/index.html").read_text(encoding="utf-8")
    assert inode(site, "kk/p/2026-akmola-01/index.html") == priority_page  # priority.html does not use facet.html
    build(content, tmp_path / "fresh", None, templates)
    assert_same_site(site, tmp_path / "fresh")


def test_an_edited_macro_invalidates_every_page_that_imports_it(content_tree, tmp_path, fast_tools):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    content, site, cache = content_tree.root, tmp_path / "site", tmp_path / ".cache"
    build(content, site, cache, templates)
    macros = templates / "_macros.html"
    macros.write_text(macros.read_text(encoding="utf-8") + "\n{# edited #}\n", encoding="utf-8")
    before = inode(site, "kk/p/2026-akmola-01/index.html")
    build(content, site, cache, templates)
    assert inode(site, "kk/p/2026-akmola-01/index.html") != before


def test_a_page_changed_by_hand_in_the_output_is_made_again(content_tree, tmp_path, fast_tools):
    content, site, cache = content_tree.root, tmp_path / "site", tmp_path / ".cache"
    build(content, site, cache)
    page = site / "kk/p/2026-akmola-01/index.html"
    good = page.read_bytes()
    page.write_bytes(b"<p>changed by hand</p>")
    build(content, site, cache)
    assert page.read_bytes() == good


def test_a_new_process_takes_unchanged_lists_from_the_disk_cache(content_tree, tmp_path, monkeypatch):
    cache = tmp_path / ".cache"
    first = check_content(content_tree.root, cache=caching.Cache(cache))

    def checked_again(*args):
        raise AssertionError("an unchanged list folder was checked again")

    monkeypatch.setattr(groups, "check_group", checked_again)
    again = check_content(content_tree.root, cache=caching.Cache(cache))
    assert again.problems == first.problems and again.tables == first.tables and again.catalogue == first.catalogue


def stored(cache: Path, kind: str) -> set[str]:
    return {p.stem for p in (cache / kind).glob("*/*.pickle")}


def test_a_build_deletes_the_cached_results_the_content_no_longer_has(content_tree, tmp_path, fast_tools):
    content_tree("2025/akmola/list.yaml", (content_tree.root / "2026/akmola/list.yaml").read_text(encoding="utf-8"))
    content_tree("2025/akmola/01.yaml", (content_tree.root / "2026/akmola/02.yaml").read_text(encoding="utf-8")
                 .replace("number: 2", "number: 1"))
    content, site, cache = content_tree.root, tmp_path / "site", tmp_path / ".cache"
    build(content, site, cache)
    before = {kind: stored(cache, kind) for kind in ("check", "data")}
    assert len(before["check"]) == 2 and len(before["data"]) == 2  # two list folders, two years
    edit_problem(content / "2026" / "akmola" / "02.yaml")
    build(content, site, cache)
    after = {kind: stored(cache, kind) for kind in ("check", "data")}
    assert len(after["check"]) == 2 and len(after["data"]) == 2  # the edited folder's old result is gone
    assert len(after["check"] & before["check"]) == 1 and len(after["data"] & before["data"]) == 1  # 2025 kept


def test_a_build_that_fails_on_content_keeps_the_cache_as_it_was(content_tree, tmp_path, fast_tools):
    content, site, cache = content_tree.root, tmp_path / "site", tmp_path / ".cache"
    build(content, site, cache)
    before = stored(cache, "check")
    path = content / "2026" / "akmola" / "02.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("number: 2", "number: two"), encoding="utf-8")
    with pytest.raises(ContentError):
        build(content, site, cache)
    assert before <= stored(cache, "check")


def test_checking_list_by_list_finds_what_checking_everything_at_once_finds(content_tree):
    content_tree("2025/akmola/list.yaml", (content_tree.root / "2026/akmola/list.yaml").read_text(encoding="utf-8"))
    content_tree("2025/akmola/01.yaml", (content_tree.root / "2026/akmola/03.yaml").read_text(encoding="utf-8")
                 .replace("number: 3", "number: 1"))
    content_tree("2025/akmola/03.yaml", (content_tree.root / "2026/akmola/01.yaml").read_text(encoding="utf-8")
                 .replace("number: 1", "number: 3").replace("area:", "area: nonsense\nx_area:", 1))
    vocab = load_vocabularies()
    records, problems = load_content(content_tree.root)
    tables, shape = flatten(records, vocab)
    whole = sorted(set(problems + shape + validate(tables, vocab)))
    assert [p for p in whole if p.severity == "error"], "the fixture should have errors in more than one file"
    assert check_content(content_tree.root).problems == whole


def test_checking_list_by_list_publishes_the_rows_of_a_whole_tree_check(content_tree):
    content_tree("2025/akmola/list.yaml", (content_tree.root / "2026/akmola/list.yaml").read_text(encoding="utf-8"))
    content_tree("2025/akmola/01.yaml", (content_tree.root / "2026/akmola/02.yaml").read_text(encoding="utf-8")
                 .replace("number: 2", "number: 1"))
    vocab = load_vocabularies()
    records, _ = load_content(content_tree.root)
    tables = plain(flatten(records, vocab)[0])
    checked = check_content(content_tree.root)
    for name, rows in tables.items():
        got = checked.tables[name]
        if name == "priorities":
            got = [{**row, "flags": None} for row in got]
            rows = [{**row, "flags": None} for row in rows]
        assert got == rows, name


def test_pages_rendered_by_two_workers_are_those_rendered_by_one(content_tree, tmp_path, monkeypatch, fast_tools):
    monkeypatch.setattr(render_pages, "PARALLEL_FROM", 1)
    for workers, out in ((1, "one"), (2, "two")):
        pipeline.build(pipeline.Config(content=content_tree.root, out=tmp_path / out, workers=workers))
    assert_same_site(tmp_path / "two", tmp_path / "one")


def test_editing_an_earlier_edition_rebuilds_the_pages_that_show_it_like_a_full_build(amended, tmp_path, fast_tools):
    content, site, cache = amended.root, tmp_path / "site", tmp_path / ".cache"
    build(content, site, cache)
    edition = content / "2026/akmola/editions/2026-01-20/03.yaml"
    edition.write_text(edition.read_text(encoding="utf-8").replace("amount: 4000000.0", "amount: 3000000.0")
                       .replace("published: 4 000\u00a0000", "published: 3 000\u00a0000"), encoding="utf-8")
    build(content, site, cache)
    assert "3 000 000,0" in (site / "ru/p/2026-akmola-03/index.html").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "3 010 000,0" in (site / "kk/list/2026/akmola/index.html").read_text(encoding="utf-8").replace("\u00a0", " ")
    build(content, tmp_path / "fresh", None)
    assert_same_site(site, tmp_path / "fresh")


def test_a_quick_update_after_editing_an_earlier_edition_shows_it_on_the_priority_page(amended, tmp_path, fast_tools):
    content, site = amended.root, tmp_path / "site"
    cache = caching.Cache()
    build(content, site, None, cache=cache)
    edition = content / "2026/akmola/editions/2026-01-20/02.yaml"
    edition.write_text(edition.read_text(encoding="utf-8").replace("бастамаларды қолдау", "бастамаларды көтеру"),
                       encoding="utf-8")
    update_pages(pipeline.Config(content=content, out=site), cache)
    assert "көтеру" in (site / "kk/p/2026-akmola-02/index.html").read_text(encoding="utf-8")
    build(content, site, None, cache=cache)
    build(content, tmp_path / "fresh", None)
    assert_same_site(site, tmp_path / "fresh")


def test_the_last_builds_keys_tell_which_pages_were_published_unchanged(tmp_path):
    out = tmp_path / "site"
    (out / "kk").mkdir(parents=True)
    (out / "kk/a.html").write_text("a", encoding="utf-8")
    (out / "kk/b.html").write_text("b", encoding="utf-8")
    cache = caching.Cache(tmp_path / ".cache")
    cache.save_outputs(out, {"kk/a.html": "key-a", "kk/b.html": "key-b"})
    again = caching.Cache(tmp_path / ".cache")  # as the next run finds it on disk
    assert again.made_under(out, {"kk/a.html": "key-a", "kk/b.html": "key-b2", "kk/c.html": "key-c"}) == {"kk/a.html"}


def test_a_quick_update_whose_full_build_never_came_leaves_a_cache_the_next_process_builds_right(
        content_tree, tmp_path, fast_tools):
    content, site, folder = content_tree.root, tmp_path / "site", tmp_path / ".cache"
    edited = content / "2026" / "akmola" / "03.yaml"
    original = edited.read_bytes()
    build(content, site, folder)
    edit_problem(edited)
    assert update_pages(pipeline.Config(content=content, out=site, cache=folder), caching.Cache(folder))
    edited.write_bytes(original)  # serve stopped before its full build; the edit undone
    build(content, site, folder)  # a new process: the quick update's index never reached the disk
    build(content, tmp_path / "fresh", None)
    assert_same_site(site, tmp_path / "fresh")


def test_a_quick_update_keeps_its_new_keys_in_memory_for_the_full_build_that_follows(content_tree, tmp_path, fast_tools):
    content, site, folder = content_tree.root, tmp_path / "site", tmp_path / ".cache"
    cache = caching.Cache(folder)
    build(content, site, None, cache=cache)
    edit_problem(content / "2026" / "akmola" / "03.yaml")
    changed = update_pages(pipeline.Config(content=content, out=site, cache=folder), cache)
    page = "kk/p/2026-akmola-03/index.html"
    assert page in changed
    replaced = inode(site, page)
    build(content, site, None, cache=cache)
    assert inode(site, page) == replaced  # taken as the quick update wrote it, not rendered again


def test_a_list_folder_holding_a_link_is_never_taken_from_the_cache(content_tree, tmp_path):
    root = content_tree.root
    (root / "2026/akmola/09.yaml").symlink_to(root / "2026/akmola/01.yaml")
    found = {g.folder: g.key for g in groups.groups(root, "vocabularies", caching.Cache())}
    assert found[("2026", "akmola")] is None
    assert all(key for folder, key in found.items() if folder not in (("2026", "akmola"), None))
