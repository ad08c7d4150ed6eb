"""The single writer of site/: atomic replacement, nothing escapes, the previous site survives any failure."""
from __future__ import annotations

import errno
import hashlib
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from support import CONTENT, ROOT, gone_soon

import build
from grantsite import output
from grantsite.output import DuplicateOutput, UnsafePath, staging


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def previous_site(tmp_path, built_site):
    """A published site/ (a copy of the shipped build) that later builds must not damage."""
    out = tmp_path / "site"
    subprocess.run(["cp", "-a", str(built_site), str(out)], check=True)
    return out, snapshot(out)


def test_a_successful_build_replaces_the_folder(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "stale.html").write_text("old", encoding="utf-8")
    with staging(out) as site:
        site.write("kk/index.html", "<p>жаңа</p>")
    assert snapshot(out).keys() == {"kk/index.html"}
    assert gone_soon(tmp_path, ".site-*")


def test_the_previous_site_is_removed_by_a_process_of_its_own_after_the_new_one_is_in_place(tmp_path, monkeypatch):
    out = tmp_path / "site"
    out.mkdir()
    (out / "stale.html").write_text("old", encoding="utf-8")
    started = []
    real_popen = output.subprocess.Popen
    monkeypatch.setattr(output.subprocess, "Popen", lambda *a, **k: started.append(k) or real_popen(*a, **k))
    with staging(out) as site:
        site.write("kk/index.html", "<p>жаңа</p>")
    assert snapshot(out).keys() == {"kk/index.html"}
    assert len(started) == 1 and started[0]["start_new_session"]
    assert gone_soon(tmp_path, ".site-old-*")


def test_a_failed_build_leaves_the_previous_folder_untouched(tmp_path):
    out = tmp_path / "site"
    with staging(out) as site:
        site.write("index.html", "v1")
    with pytest.raises(RuntimeError):
        with staging(out) as site:
            site.write("index.html", "v2")
            raise RuntimeError("template error")
    assert (out / "index.html").read_text() == "v1" and not list(tmp_path.glob(".site-*"))


def test_writing_one_path_twice_is_a_bug(tmp_path):
    with pytest.raises(DuplicateOutput):
        with staging(tmp_path / "site") as site:
            site.write("kk/index.html", "a")
            site.write("kk//index.html", "b")


@settings(max_examples=500)
@given(st.lists(st.sampled_from(["kk", "p", "index.html", ".", "..", "", "..x", ".x", "a\\b", "a\x00b", "/"]),
                min_size=1, max_size=5).map("/".join))
def test_a_path_written_the_quick_way_lands_where_the_careful_way_puts_it(tmp_path_factory, relative):
    site = output.Staging(tmp_path_factory.mktemp("site"))
    if output._PLAIN_PATH.match(relative):
        assert Path(site._root + relative) == site.path(relative)


def test_a_file_is_written_whole_into_folders_made_for_it(tmp_path):
    site = output.Staging(tmp_path)
    site.put("kk/p/2026-akmola-01/bilingual/index.html", "Қазақша " * 100_000)
    site.put("kk/p/2026-akmola-01/index.html", b"\x00\xff")
    assert (tmp_path / "kk/p/2026-akmola-01/bilingual/index.html").read_text(encoding="utf-8") == "Қазақша " * 100_000
    assert (tmp_path / "kk/p/2026-akmola-01/index.html").read_bytes() == b"\x00\xff"


@pytest.mark.parametrize("path", ["../escape.html", "/etc/passwd", "kk/../../x", "", "a\\..\\b", "a\x00b"])
def test_nothing_is_written_outside_the_site(tmp_path, path):
    with pytest.raises(UnsafePath):
        with staging(tmp_path / "site") as site:
            site.write(path, "x")
    assert not (tmp_path / "escape.html").exists()


def test_leftovers_of_a_killed_build_are_removed_but_not_those_of_a_running_one(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / f".site-new-{dead.pid}-abc").mkdir()
    (tmp_path / f".site-new-{os.getpid()}-abc").mkdir()
    with staging(tmp_path / "site") as site:
        site.write("index.html", "x")
    assert not (tmp_path / f".site-new-{dead.pid}-abc").exists()
    assert (tmp_path / f".site-new-{os.getpid()}-abc").exists()


def test_bad_content_leaves_the_previous_site_intact(previous_site, content_tree):
    out, before = previous_site
    (content_tree.root / "2026/akmola/02.yaml").write_text("area: [\n", encoding="utf-8")
    assert build.main(["build", "--content", str(content_tree.root), "--out", str(out)]) == 1
    assert snapshot(out) == before


def test_a_full_disk_leaves_the_previous_site_intact(previous_site, monkeypatch, capsys):
    out, before = previous_site
    real_write, calls = output.Staging.write, []

    def fill_up(self, relative, content):
        calls.append(relative)
        if len(calls) > 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), relative)
        real_write(self, relative, content)

    monkeypatch.setattr(output.Staging, "write", fill_up)
    assert build.main(["build", "--content", str(CONTENT), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "is as it was" in err and "Traceback" not in err
    assert snapshot(out) == before


def test_a_build_killed_midway_leaves_the_previous_site_intact(previous_site):
    out, before = previous_site
    for _ in range(20):  # the kill must land while the build is writing; try until it does
        proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--out", str(out)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while proc.poll() is None and not list(out.parent.glob(".site-new-*")):
            time.sleep(0.005)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            break
    else:
        pytest.fail("the build always finished before it could be killed")
    assert snapshot(out) == before


def test_a_stage_that_fails_while_mkdocs_runs_beside_it_stops_mkdocs(previous_site, monkeypatch):
    from grantsite import pipeline
    from grantsite.handbook import builder

    out, before = previous_site

    def fails(*args, **kwargs):
        raise RuntimeError("the data stage failed")

    monkeypatch.setattr(builder, "_mkdocs", lambda target, config: time.sleep(60))  # still running when it fails
    monkeypatch.setattr(pipeline.data, "write_package", fails)
    with pytest.raises(RuntimeError, match="data stage failed"):
        pipeline.build(pipeline.Config(content=CONTENT, out=out))
    assert multiprocessing.active_children() == []
    assert snapshot(out) == before


def test_a_handbook_that_fails_beside_the_other_stages_fails_the_build_and_keeps_the_site(previous_site, monkeypatch):
    from grantsite import pipeline
    from grantsite.handbook import builder

    out, before = previous_site

    def fails(target, config):
        raise ValueError("mkdocs.yml names a page that is not there")

    monkeypatch.setattr(builder, "_mkdocs", fails)
    with pytest.raises(ValueError, match="names a page"):
        pipeline.build(pipeline.Config(content=CONTENT, out=out))
    assert snapshot(out) == before


def test_a_folder_put_in_place_replaces_the_published_one_whole_and_leaves_no_old_copy(tmp_path):
    out, made = tmp_path / "site", tmp_path / "made"
    (out / "data/2026").mkdir(parents=True)
    (out / "data/2026/old.csv").write_text("old")
    made.mkdir()
    (made / "new.csv").write_text("new")
    output.put_in_place(out, "data/2026", made)
    assert sorted(p.name for p in (out / "data").iterdir()) == ["2026"]
    assert [p.name for p in (out / "data/2026").iterdir()] == ["new.csv"] and not made.exists()


def test_a_file_put_in_place_replaces_the_published_one(tmp_path):
    out, made = tmp_path / "site", tmp_path / "made.json"
    (out / "data/p").mkdir(parents=True)
    (out / "data/p/x.json").write_text("old")
    made.write_text("new")
    output.put_in_place(out, "data/p/x.json", made)
    assert (out / "data/p/x.json").read_text() == "new" and not made.exists()


def test_nothing_is_put_in_place_outside_the_site(tmp_path):
    made = tmp_path / "made.json"
    made.write_text("x")
    with pytest.raises(output.UnsafePath):
        output.put_in_place(tmp_path / "site", "../elsewhere.json", made)
    assert made.exists()
