"""Every HTML page is valid HTML by the Nu HTML Checker (vnu-jar from npm, run with the machine's Java):
the shipped site with its handbook, and the site built from hostile content (tests/hostile_content.py).
One checker run over all pages, since starting Java is the slow part; `make test` installs both.
Every page also carries the site's Content-Security-Policy ahead of anything it would govern."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
POLICY_META = re.search(r"<meta http-equiv=.*>", (ROOT / "templates" / "_csp.html").read_text(encoding="utf-8")).group()


def html_files(site: Path, with_handbook: bool = True) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html"))
            if with_handbook or not p.relative_to(site).as_posix().startswith("handbook/")]


@pytest.fixture(scope="module")
def checked_pages(built_site, hostile_site, amended_site):
    """The checker's messages on every page of the shipped site, the hostile site's own pages and the pages
    only a list with an earlier edition has (the edition, the changes, the histories)."""
    java = shutil.which("java")
    assert java and VNU.is_file(), "the Nu HTML Checker needs Java and node_modules/vnu-jar: run `make test`"
    editions = [amended_site / f"{lang}/{path}/index.html" for lang in ("kk", "ru")
                for path in ("changes", "list/2026/akmola", "list/2026/akmola/editions/2026-01-20", "p/2026-akmola-03",
                             "p/2026-akmola-04", "issuer/akmola")]
    files = html_files(built_site) + html_files(hostile_site, with_handbook=False) + editions
    kinds = {"index.html", "404.html", "kk/index.html", "ru/p/2026-akmola-01/index.html", "kk/list/2026/akmola/index.html",
             "ru/data/dictionary/index.html", "handbook/index.html", "handbook/404.html"}
    assert kinds <= {p.relative_to(built_site).as_posix() for p in files if p.is_relative_to(built_site)}
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                            capture_output=True, text=True, timeout=600)
    return json.loads(result.stderr or result.stdout)["messages"]


def test_every_page_is_valid_html(checked_pages):
    messages = checked_pages
    problems = [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m.get('message')}" for m in messages]
    assert problems == []


def test_every_page_carries_the_policy_before_any_script_or_stylesheet(built_site):
    for path in html_files(built_site):
        head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
        assert head.count("Content-Security-Policy") == 1 and POLICY_META in head, path
        first = min((head.find(tag) for tag in ("<script", "<link", "<style") if tag in head), default=len(head))
        assert head.index(POLICY_META) < first, path
