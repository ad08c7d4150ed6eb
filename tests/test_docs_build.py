"""The handbook builds: `mkdocs build --strict` on its own, and into site/handbook/ with the site.

One strict MkDocs build per test process (a couple of seconds) feeds every test here.
"""
from __future__ import annotations

import filecmp
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from support import ROOT

from grantsite.check import TABLES, table_schema
from grantsite.content import CATALOGUE, load_vocabularies
from grantsite.handbook import sources as hb

LANGS = ("kk", "ru", "en")
REFERENCE = ("reference/fields", "reference/problems", "reference/cli", "reference/vocabularies", "data/dictionary")


def _snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}


@pytest.fixture(scope="session")
def strict_build(tmp_path_factory):
    """`mkdocs build --strict` run at the repository root, as a developer would: (result, docs/ before, after)."""
    out = tmp_path_factory.mktemp("handbook") / "handbook"
    mkdocs = Path(sys.executable).parent / "mkdocs"
    command = [str(mkdocs)] if mkdocs.exists() else [sys.executable, "-m", "mkdocs"]
    before = _snapshot(ROOT / "docs")
    result = subprocess.run([*command, "build", "--strict", "-d", str(out)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    return result, out, before, _snapshot(ROOT / "docs")


@pytest.fixture(scope="session")
def handbook(strict_build) -> Path:
    result, out, _, _ = strict_build
    assert result.returncode == 0, result.stderr
    return out


def page(handbook: Path, name: str) -> str:
    return (handbook / f"{name}.html").read_text(encoding="utf-8")


# ---- the build ----------------------------------------------------------------------------------

def test_mkdocs_build_strict_passes_at_the_repository_root(strict_build):
    result, out, _, _ = strict_build
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert (out / "index.html").is_file()


def test_building_the_handbook_writes_nothing_into_docs(strict_build):
    _, _, before, after = strict_build
    assert after == before


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", REFERENCE)
def test_each_reference_page_is_generated_in_each_language(handbook, lang, name):
    assert (handbook / lang / f"{name}.html").is_file()
    assert not (ROOT / "docs" / lang / f"{name}.md").exists()


def test_the_site_build_puts_the_handbook_under_handbook(built_site):
    assert (built_site / "handbook" / "index.html").is_file()
    assert (built_site / "handbook" / "kk" / "editors" / "start.html").is_file()
    assert (built_site / "handbook" / "ru" / "reference" / "problems.html").is_file()


def test_the_site_build_gives_the_same_handbook_as_mkdocs_alone_byte_for_byte(built_site, handbook):
    """Same sources ⇒ same files: nothing depends on the wall clock or on how the build was started."""
    def differences(cmp: filecmp.dircmp) -> list[str]:
        found = cmp.left_only + cmp.right_only + cmp.funny_files
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        return found + mismatch + errors + [d for sub in cmp.subdirs.values() for d in differences(sub)]

    assert differences(filecmp.dircmp(built_site / "handbook", handbook)) == []


# ---- generated reference pages --------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_check_messages_page_explains_every_problem_code(handbook, lang):
    html = page(handbook, f"{lang}/reference/problems")
    assert [code for code in CATALOGUE if f'id="{code}"' not in html] == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_field_reference_has_a_section_for_every_field(handbook, lang):
    html = page(handbook, f"{lang}/reference/fields")
    anchors = [f"{kind}-" + re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
               for kind, fmt in hb.FORMATS.items() for path in hb.field_paths(fmt)]
    assert [a for a in anchors if f'id="{a}"' not in html] == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_cli_page_shows_every_command_and_option(handbook, lang):
    html = page(handbook, f"{lang}/reference/cli")
    for name, command in hb.commands(hb.cli_parser()).items():
        assert f'id="{re.sub(r"[^a-z0-9]+", "-", name).strip("-")}"' in html
        assert [hb.option_name(a) for a in hb.options(command) if hb.option_name(a) not in html] == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_data_dictionary_lists_every_column_of_every_table(handbook, lang):
    html = page(handbook, f"{lang}/data/dictionary")
    vocab = load_vocabularies()
    for table in TABLES:
        assert f'id="{table}"' in html
        assert [f["name"] for f in table_schema(table, vocab)["fields"] if f"<code>{f['name']}</code>" not in html] == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_vocabularies_page_lists_every_code(handbook, lang):
    html = page(handbook, f"{lang}/reference/vocabularies")
    vocab = load_vocabularies()
    codes = [*vocab.areas, *vocab.grant_types, *vocab.territories, *vocab.units]
    assert [code for code in codes if f"<code>{code}</code>" not in html] == []


def test_the_vocabularies_page_shows_kazakh_and_russian_labels(handbook):
    html = page(handbook, "kk/reference/vocabularies")
    assert "Жастар саясаты мен балалар бастамаларын қолдау" in html
    assert "Акмолинская область" in html


def test_the_grant_types_show_the_laws_bounds_in_thousand_tenge_for_each_year(handbook):
    """2026: MCI 4 325 ₸ → a short-term grant of 500–3 000 MCI is 2 162,5–12 975,0 thousand tenge."""
    html = page(handbook, "en/reference/vocabularies")
    assert "2026: 2\u00a0162,5–12\u00a0975,0" in html


# ---- every page -----------------------------------------------------------------------------------

def _pages(handbook: Path):
    return sorted(p for p in handbook.rglob("*.html") if p.name != "404.html")


def test_every_page_declares_the_language_it_is_written_in(handbook):
    wrong = []
    for path in _pages(handbook):
        folder = path.relative_to(handbook).parts[0]
        expected = folder if folder in LANGS else "en"
        if f'<html lang="{expected}"' not in path.read_text(encoding="utf-8"):
            wrong.append(path.relative_to(handbook).as_posix())
    assert wrong == []


class _Loads(HTMLParser):
    """Every URL a page would load by itself: src/srcset/data/poster, <link href>, inline style url()."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            if name in ("src", "data", "poster", "action") or (name == "href" and tag in ("link", "base")):
                self.urls.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]
            elif name == "style":
                self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", value)


def external_loads(path: Path) -> list[str]:
    """URLs on other hosts that a file of the handbook would fetch (links a reader follows do not count)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".html":
        parser = _Loads()
        parser.feed(text)
        urls = parser.urls + re.findall(r"<script[^>]*>[^<]*\bimport\s*\(?\s*['\"]([^'\"]+)", text)
    elif path.suffix == ".css":
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+(?:url\()?\s*['\"]?([^'\");\s]+)", text)
    else:  # .js
        urls = re.findall(r"(?:\bimport\s*\(?|importScripts\s*\(|fetch\s*\(|\bfrom)\s*['\"]((?:https?:)?//[^'\"]+)", text)
    return list(dict.fromkeys(u for u in urls if urlparse(u).netloc or u.startswith("//")))


def test_the_external_load_finder_catches_cdn_resources(tmp_path):
    sample = tmp_path / "page.html"
    sample.write_text('<link rel="stylesheet" href="https://cdnjs.cloudflare.com/x.css">'
                      '<a href="https://adilet.zan.kz/">Law</a><script src="//cdn.example/x.js"></script>'
                      '<img src="../img/logo.png">', encoding="utf-8")
    css = tmp_path / "a.css"
    css.write_text("@import url('https://fonts.googleapis.com/css?family=Roboto'); b{background:url(img/x.png)}")
    assert external_loads(sample) == ["https://cdnjs.cloudflare.com/x.css", "//cdn.example/x.js"]
    assert external_loads(css) == ["https://fonts.googleapis.com/css?family=Roboto"]


def test_the_handbook_loads_nothing_from_other_hosts(handbook):
    files = [p for p in handbook.rglob("*") if p.suffix in (".html", ".css", ".js")]
    assert files
    assert {p.relative_to(handbook).as_posix(): external_loads(p) for p in files if external_loads(p)} == {}


def test_the_handbook_links_back_to_the_site_in_both_languages(handbook):
    html = page(handbook, "kk/index")
    assert 'href="../../kk/"' in html and 'href="../../ru/"' in html
