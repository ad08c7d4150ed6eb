"""Hostile input: every text a reader sees may hold markup, script, odd links, formula-like cells or a 100 kB
word (tests/hostile_content.py); the checker accepts such text, and every published format renders it
inert.  What the checker must refuse instead (invisible characters, a 50 MB file, paths that climb out,
links to outside content/) is asserted here too.  One hostile build serves the whole module."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import subprocess
import time
import tracemalloc
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hostile_content import (
    DIRECTION_KK,
    DIRECTION_RU,
    FORMULA_TEXTS,
    ISSUER_RU,
    LONG_WORD,
    PRIORITY,
    PRIORITY_ID,
    SOURCE_URL,
)
from support import SOURCE_DOCUMENT, run_cli

from grantsite import pipeline
from grantsite.check import check_content
from grantsite.data.encode import FORMULA_START
from grantsite.site import markdown

ATOM = "{http://www.w3.org/2005/Atom}"
UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:", "file:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href", "background"}


class Elements(HTMLParser):
    """Every element of a page as (tag, attributes), and the text inside each <script>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def parse(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def pages(site: Path) -> list[Path]:
    """The site's own pages (the handbook is built from docs/, which content never reaches)."""
    return [p for p in sorted(site.rglob("*.html")) if not p.relative_to(site).as_posix().startswith("handbook/")]


@pytest.fixture(scope="module")
def hostile(hostile_site):
    """(site, folder it was built in): the hostile content, built once per test process (conftest.py)."""
    return hostile_site, hostile_site.parent


@pytest.fixture(scope="module")
def parsed(hostile):
    site, _ = hostile
    return {p.relative_to(site).as_posix(): parse(p) for p in pages(site)}


# --- HTML ------------------------------------------------------------------------------------

def test_hostile_text_is_shown_as_text_on_the_priority_page(hostile):
    site, _ = hostile
    page = (site / f"ru/p/{PRIORITY_ID}/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in page and "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(5)&gt;" in page and "[ссылка](javascript:alert(1))" in page


def test_no_page_runs_a_script_but_the_sites_own_files(parsed, hostile):
    site, _ = hostile
    for name, page in parsed.items():
        for attrs, text in page.scripts:
            if attrs.get("type") == "application/ld+json":
                continue
            assert text.strip() == "", f"inline script in {name}"
            target = ((site / name).parent / attrs["src"]).resolve()
            assert target.suffix == ".js" and target.is_file() and site.resolve() in target.parents, f"{name}: {attrs}"


def test_json_ld_cannot_be_closed_early_and_keeps_the_text_as_data(parsed, hostile):
    site, _ = hostile
    raw = (site / f"kk/p/{PRIORITY_ID}/index.html").read_text(encoding="utf-8")
    block = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(block)["name"] == DIRECTION_KK  # the whole text is inside the block, as data
    for name, page in parsed.items():
        for attrs, text in page.scripts:
            if attrs.get("type") == "application/ld+json":
                assert "<" not in text and json.loads(text), name


def test_no_link_or_source_uses_a_script_or_data_scheme(parsed):
    for name, page in parsed.items():
        for tag, attrs in page.elements:
            for attr in URL_ATTRIBUTES & set(attrs):
                value = re.sub(r"[\s\x00-\x1f]", "", attrs[attr] or "").lower()
                assert not value.startswith(UNSAFE_SCHEMES), f"{name}: <{tag} {attr}={attrs[attr]!r}>"


def test_no_element_carries_an_event_handler_or_a_style_attribute(parsed):
    for name, page in parsed.items():
        for tag, attrs in page.elements:
            assert not [a for a in attrs if a.startswith("on") or a == "style"], f"{name}: <{tag} {attrs}>"


def test_hostile_text_adds_no_kind_of_element_the_shipped_site_lacks(parsed, built_site):
    shipped = {tag for p in pages(built_site) for tag, _ in parse(p).elements}
    hostile = {tag for page in parsed.values() for tag, _ in page.elements}
    assert hostile <= shipped, hostile - shipped
    assert not hostile & {"iframe", "object", "embed", "style", "math", "frame", "applet"}


def test_the_only_svg_of_hostile_pages_is_the_sites_own_charts(parsed):
    svgs = [attrs for page in parsed.values() for tag, attrs in page.elements if tag == "svg"]
    assert svgs and all(a.get("class") == "chart" and a.get("aria-labelledby", "").startswith("chart-") for a in svgs)


def test_the_source_address_stays_one_attribute_value(parsed):
    links = [attrs for page in parsed.values() for tag, attrs in page.elements
             if tag == "a" and attrs.get("rel") == "external"]
    assert links and all(a["href"] == SOURCE_URL for a in links)


def test_the_issuer_name_is_shown_as_text_in_every_page_that_names_it(hostile):
    site, _ = hostile
    page = (site / "ru/list/2026/akmola/index.html").read_text(encoding="utf-8")
    assert "&lt;b onmouseover=alert(14)&gt;внутренней&lt;/b&gt;" in page and "<b onmouseover" not in page


def test_a_100_kb_word_is_published_whole(hostile):
    site, _ = hostile
    assert LONG_WORD in (site / f"ru/p/{PRIORITY_ID}/index.html").read_text(encoding="utf-8")


# --- feeds and data --------------------------------------------------------------------------

def test_atom_feed_is_well_formed_and_carries_text_never_markup(hostile):
    site, _ = hostile
    feed = ET.parse(site / "ru/feed.xml").getroot()
    assert not [e for e in feed.iter() if e.tag.split("}")[-1] in ("script", "content")]
    assert all(e.get("type", "text") == "text" for e in feed.iter() if e.tag in (ATOM + "title", ATOM + "summary"))
    assert DIRECTION_RU in [e.findtext(ATOM + "title") for e in feed.iter(ATOM + "entry")]
    assert ISSUER_RU in [e.findtext(f"{ATOM}author/{ATOM}name") for e in feed.iter(ATOM + "entry")]


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_no_csv_cell_starts_like_a_spreadsheet_formula(hostile):
    site, _ = hostile
    files = sorted((site / "data").rglob("*.csv"))
    assert files
    for path in files:
        for row in read_csv(path):
            assert not [cell for cell in row if cell.startswith(FORMULA_START)], path


def test_formula_like_texts_get_an_apostrophe_in_csv_and_stay_verbatim_in_json_and_sqlite(hostile):
    site, _ = hostile
    cells = {cell for name in ("priorities", "indicators", "results")
             for row in read_csv(site / "data" / f"{name}.csv") for cell in row}
    assert {"'" + text for text in FORMULA_TEXTS} <= cells
    texts = json.dumps([json.loads((site / "data" / f"{n}.json").read_bytes()) for n in ("priorities", "indicators", "results")],
                       ensure_ascii=False)
    assert all(json.dumps(text, ensure_ascii=False) in texts for text in FORMULA_TEXTS)
    with sqlite3.connect(site / "data" / "grant-priorities.sqlite") as db:
        assert db.execute("select direction_ru from priorities where id = ?", (PRIORITY_ID,)).fetchone() == (DIRECTION_RU,)


def test_workbook_holds_formula_like_texts_as_text_never_formulas(hostile):
    site, _ = hostile
    with zipfile.ZipFile(site / "data" / "grant-priorities.xlsx") as book:
        sheets = [book.read(n).decode("utf-8") for n in book.namelist() if n.startswith("xl/worksheets/")]
        shared = book.read("xl/sharedStrings.xml").decode("utf-8") if "xl/sharedStrings.xml" in book.namelist() else ""
    assert sheets and not any("<f>" in s or "<f " in s for s in sheets)
    everything = shared + "".join(sheets)
    assert "=HYPERLINK(&quot;http://evil.example/&quot;" in everything or '=HYPERLINK("http://evil.example/"' in everything


def test_nothing_is_written_beside_the_site(hostile):
    site, folder = hostile
    assert sorted(p.name for p in folder.iterdir()) == ["content", "site"]


# --- inert by construction: line ends, tabs ---------------------------------------------------

def test_a_line_pasted_with_a_tab_is_a_paragraph_not_code():
    assert markdown.block("Бірінші абзац.\n\tЕкінші абзац.") == markdown.block("Бірінші абзац.\nЕкінші абзац.")
    assert "<pre" not in markdown.block("Абзац.\n\n        Сегіз бос орынмен басталған абзац.")


def test_crlf_line_ends_and_tabs_after_keys_build_the_same_site_as_plain_lf(content_tree, tmp_path, built_site):
    for path in sorted(content_tree.root.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^(number|area|territory):[ ]", r"\1:\t", text, flags=re.M)
        path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert b"\r\n" in (content_tree.root / PRIORITY).read_bytes() and b"number:\t2" in (content_tree.root / PRIORITY).read_bytes()
    pipeline.build(pipeline.Config(content=content_tree.root, out=tmp_path / "site"))
    result = run_diff(built_site, tmp_path / "site")
    assert result.returncode == 0, result.stdout[:2000]


def run_diff(a: Path, b: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["diff", "-r", str(a), str(b)], capture_output=True, text=True)


# --- refused by check ------------------------------------------------------------------------

def problems_in(root: Path):
    return check_content(root).problems


@pytest.mark.parametrize("char", ["\u202e", "\u2067", "\u200b", "\u200d", "\u2060", "\u200f"])
@pytest.mark.parametrize("file, fragment", [
    ("2026/akmola/list.yaml", "ru: Управление внутренней политики"),
    (PRIORITY, "ru: Развитие гражданских"),
])
def test_bidi_overrides_and_zero_width_characters_are_refused_wherever_they_stand(content_tree, char, file, fragment):
    path = content_tree.root / file
    text = path.read_text(encoding="utf-8")
    assert fragment in text
    path.write_text(text.replace(fragment, fragment[:8] + char + fragment[8:], 1), encoding="utf-8")
    found = [p for p in problems_in(content_tree.root) if p.code == "invisible-character"]
    assert found and found[0].path.endswith(file) and f"U+{ord(char):04X}" in found[0].message


def test_a_50_mb_file_is_refused_without_being_read(content_tree):
    big = content_tree.root / "2026/akmola/05.yaml"
    line = b"# " + b"x" * 1021 + b"\n"
    with big.open("wb") as out:
        for _ in range(50 * 1024):
            out.write(line)
    assert big.stat().st_size == 50 * 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    try:
        problems = problems_in(content_tree.root)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [p.code for p in problems if p.path.endswith("05.yaml")] == ["file-too-large"]
    assert peak < 20 * 1024 * 1024 and time.perf_counter() - started < 20


@pytest.mark.parametrize("name", ["a\\..\\..\\etc", "%2e%2e%2f%2e%2e%2fetc", "etc\u2215passwd", "akmola etc"])
def test_an_issuer_folder_named_to_climb_out_is_refused(content_tree, name):
    content_tree(f"2026/{name}/list.yaml", (content_tree.root / "2026/akmola/list.yaml").read_text(encoding="utf-8"))
    found = [p for p in problems_in(content_tree.root) if p.code == "bad-path"]
    assert found and name in found[0].message


def test_a_folder_named_with_leading_dots_is_hidden_and_never_read(content_tree):
    content_tree("2026/..\\..\\etc/list.yaml", "title: [\n")  # broken on purpose: it must not even be parsed
    checked = check_content(content_tree.root)
    assert checked.ok and {lst.issuer.code for lst in checked.catalogue.lists} == {"akmola"}


@pytest.mark.parametrize("url", ['https://example.org/a.docx"><script>alert(1)</script>', "javascript:alert(1)",
                                 "https://example.org/<b>", "data:text/html,x"])
def test_a_source_address_that_is_not_a_plain_web_address_is_refused(content_tree, url):
    path = content_tree.root / "2026/akmola/list.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  url: null", f"  url: '{url}'"), encoding="utf-8")
    found = [p for p in problems_in(content_tree.root) if p.code == "bad-format"]
    assert found and found[0].path.endswith("list.yaml")


def test_a_source_document_named_with_a_path_publishes_only_a_file_beside_the_list(content_tree, tmp_path):
    path = content_tree.root / "2026/akmola/list.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("document: 2026-akmola.kk.txt",
                                                             "document: ../../../../../../etc/passwd"), encoding="utf-8")
    pipeline.build(pipeline.Config(content=content_tree.root, out=tmp_path / "site"))
    assert not [p for p in (tmp_path / "site").rglob("passwd*")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_a_source_document_linked_from_outside_content_is_refused(content_tree, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password=hunter2\n", encoding="utf-8")
    document = content_tree.root / "2026/akmola/2026-akmola.kk.txt"
    document.unlink()
    os.symlink(secret, document)
    found = [p for p in problems_in(content_tree.root) if p.code == "outside-content"]
    assert found and "2026-akmola.kk.txt" in found[0].message and str(secret) in found[0].message


def test_import_refuses_an_issuer_that_would_climb_out_of_content(tmp_path):
    result = run_cli("import", str(SOURCE_DOCUMENT), "--issuer", "../../etc", cwd=tmp_path)
    assert result.returncode == 2 and "--issuer '../../etc'" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
