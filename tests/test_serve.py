"""The preview server: it rebuilds when content or templates change, and never publishes broken content."""
from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from support import ROOT

from grantsite import pipeline
from grantsite.importer.run import content_yaml
from grantsite.preview import server as serve

PAGE = "kk/p/2026-akmola-01/index.html"


@contextmanager
def handbook_file(site, config, outputs=None):
    site.write("handbook/index.html", "handbook")
    yield lambda: None


@pytest.fixture
def fast_tools(monkeypatch):
    """MkDocs and Pagefind replaced by a file each: these tests are about rebuilding, not those tools."""
    monkeypatch.setattr(pipeline.handbook, "building", handbook_file)
    monkeypatch.setattr(pipeline.search, "index_site", lambda site, config, outputs=None: site.write("pagefind/x.json", "{}"))
    monkeypatch.setattr(pipeline.search, "refresh_years", lambda out, changed, cache, processes=None: [])


def edit_direction(path: Path, text: str) -> None:
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["direction"]["kk"] = text
    path.write_text(content_yaml(record), encoding="utf-8")


def preview(content: Path, out: Path):
    stdout, stderr = io.StringIO(), io.StringIO()
    return serve.Preview(pipeline.Config(content=content, out=out), stdout, stderr), stdout, stderr


def test_watcher_sees_a_file_added_changed_and_removed(tmp_path):
    (tmp_path / "a.yaml").write_text("a: 1")
    watcher = serve.Watcher([tmp_path])
    assert watcher.changed() == []
    (tmp_path / "b.yaml").write_text("b: 1")
    assert watcher.changed() == [str(tmp_path / "b.yaml")]
    (tmp_path / "a.yaml").write_text("a: 22")
    assert watcher.changed() == [str(tmp_path / "a.yaml")]
    (tmp_path / "b.yaml").unlink()
    assert watcher.changed() == [str(tmp_path / "b.yaml")]


def test_watcher_ignores_editors_hidden_swap_files(tmp_path):
    watcher = serve.Watcher([tmp_path])
    (tmp_path / ".01.yaml.swp").write_text("x")
    assert watcher.changed() == []


def test_a_rebuild_after_an_edit_shows_the_edit(content_tree, tmp_path, fast_tools):
    site, (server, _, _) = tmp_path / "site", preview(content_tree.root, tmp_path / "site")
    assert server.rebuild()
    edit_direction(content_tree.root / "2026/akmola/01.yaml", "Жаңа бағыт мәтіні")
    assert server.rebuild()
    assert "Жаңа бағыт мәтіні" in (site / PAGE).read_text(encoding="utf-8")


def test_bad_content_keeps_the_previous_site_and_prints_the_problems(content_tree, tmp_path, fast_tools):
    site = tmp_path / "site"
    server, stdout, stderr = preview(content_tree.root, site)
    assert server.rebuild()
    before = (site / PAGE).read_bytes()
    content_tree("2026/akmola/01.yaml", "number: [1\n")
    assert not server.rebuild()
    assert "01.yaml:2:1: error yaml-syntax" in stdout.getvalue()
    assert "serving the previous site" in stderr.getvalue()
    assert (site / PAGE).read_bytes() == before


def test_a_broken_template_keeps_the_previous_site(content_tree, tmp_path, fast_tools):
    templates = tmp_path / "templates"
    import shutil
    shutil.copytree(ROOT / "templates", templates)
    site = tmp_path / "site"
    stdout, stderr = io.StringIO(), io.StringIO()
    server = serve.Preview(pipeline.Config(content=content_tree.root, out=site, templates=templates), stdout, stderr)
    assert server.rebuild()
    before = (site / PAGE).read_bytes()
    (templates / "priority.html").write_text("{% block content %}{{ unclosed", encoding="utf-8")
    assert not server.rebuild()
    assert "template error" in stderr.getvalue()
    assert (site / PAGE).read_bytes() == before


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.read().decode("utf-8")
    except OSError:
        return None


def wait_for(condition, seconds: float = 120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError("timed out")


def test_make_serve_rebuilds_on_change_and_serves_the_previous_site_on_errors(content_tree, tmp_path):
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content_tree.root),
                                "--out", str(tmp_path / "site"), "--port", str(port)],
                               cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"})
    url = f"http://127.0.0.1:{port}/{PAGE.removesuffix('index.html')}"
    try:
        wait_for(lambda: fetch(url))
        edit_direction(content_tree.root / "2026/akmola/01.yaml", "Серверде жаңартылған бағыт")
        wait_for(lambda: "Серверде жаңартылған бағыт" in (fetch(url) or ""))
        content_tree("2026/akmola/01.yaml", "number: [1\n")
        wait_for(lambda: "serving the previous site" in (tmp_path / "serve.log").read_text(encoding="utf-8"))
        assert "Серверде жаңартылған бағыт" in fetch(url)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_after_the_first_build_the_quick_update_of_an_edit_compiles_no_template(content_tree, tmp_path, fast_tools,
                                                                                  monkeypatch):
    from grantsite.preview import quick
    from grantsite.site import templates

    site = tmp_path / "site"
    server, _, _ = preview(content_tree.root, site)
    assert server.rebuild()

    def compiled_at_the_first_edit(*args, **kwargs):
        raise AssertionError("a template was compiled after the first build")

    monkeypatch.setattr(templates._Environment, "compile", compiled_at_the_first_edit)
    edit_direction(content_tree.root / "2026/akmola/01.yaml", "Жаңа бағыт мәтіні")
    assert PAGE in quick.update_pages(server.config, server.cache)
    assert "Жаңа бағыт мәтіні" in (site / PAGE).read_text(encoding="utf-8")
