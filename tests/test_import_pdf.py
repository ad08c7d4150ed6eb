"""`build.py import FILE.pdf`: the Akmola 2026 list printed to PDF (tests/pdf_documents.py: portrait and
landscape, the header repeated on each page or not, the row of column numbers or not, rows cut across
pages) gives the shipped Kazakh content through the same merge, review and check as a .docx.

A PDF keeps neither no-break spaces (it shows them as spaces) nor an empty paragraph cut by a page break,
so texts are compared line by line with their spaces folded: the same words, in the same lines.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pdf_documents import LAYOUTS, UNTOLD, form_pdfs
from PIL import Image
from support import SOURCE_DOCUMENT, run_cli

AKMOLA = SOURCE_DOCUMENT.parent
PRIORITY_FILES = [f"{n:02d}.yaml" for n in range(1, 5)]


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    return form_pdfs(tmp_path_factory)


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def lines(text: str | None) -> list[str]:
    """A text's lines with their spaces folded (a no-break space is a space), empty lines left out."""
    return [" ".join(line.split()) for line in (text or "").split("\n") if line.strip()]


def kazakh_texts(record: dict) -> dict:
    """Every Kazakh text of a priority, as lines."""
    texts = {name: lines((record.get(name) or {}).get("kk")) for name in ("direction", "problem", "material_base")}
    for name in ("indicators", "results"):
        texts |= {f"{name}[{i}]": lines(entry["text"]["kk"]) for i, entry in enumerate(record[name])}
    return texts


def decided(record: dict) -> dict:
    """What a priority's numbers and codes are: number, area, amount, grant, territory, targets."""
    return {"number": record["number"], "area": record["area"], "amount": record["funding"]["amount"],
            "published": lines(record["funding"]["published"]), "grant": record["grant"],
            "territory": record["territory"],
            "targets": [entry.get("target") for name in ("indicators", "results") for entry in record[name]]}


def imported(pdf: Path, folder: Path) -> tuple[Path, object, object]:
    """`build.py import PDF --out CONTENT/2026/akmola`, then `build.py check --content CONTENT`."""
    out = folder / "content" / "2026" / "akmola"
    done = run_cli("import", str(pdf), "--out", str(out))
    checked = run_cli("check", "--content", str(folder / "content"))
    return out, done, checked


@pytest.fixture(scope="module", params=LAYOUTS, ids=lambda layout: layout.name)
def layout_import(request, pdfs, tmp_path_factory):
    return imported(pdfs[request.param.name], tmp_path_factory.mktemp(request.param.name))


# ---- the fixtures are what they claim ------------------------------------------------------------------

def test_the_printed_forms_run_over_pages_with_the_header_repeated_only_where_asked(pdfs):
    import pdfplumber
    for layout in (*LAYOUTS, UNTOLD):
        with pdfplumber.open(pdfs[layout.name]) as pdf:
            pages = [page.extract_text() for page in pdf.pages]
            width, height = pdf.pages[0].width, pdf.pages[0].height
        with_header = [n for n, text in enumerate(pages, 1) if "Мәселенің қысқаша" in text]
        assert len(pages) >= 4 and (width > height) == layout.landscape, layout.name
        assert with_header == (list(range(1, len(pages) + 1)) if layout.repeat_header else [1]), layout.name


# ---- the acceptance: import, then check ----------------------------------------------------------------

def test_import_and_check_give_the_four_shipped_priorities(layout_import):
    out, done, checked = layout_import
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in out.glob("*.yaml")) == sorted(PRIORITY_FILES + ["list.yaml"])
    assert checked.returncode == 0 and "0 error(s)" in checked.stderr, checked.stdout + checked.stderr
    assert "Traceback" not in done.stderr + checked.stderr


def test_import_gives_the_shipped_kazakh_texts_word_for_word_line_for_line(layout_import):
    out = layout_import[0]
    for name in PRIORITY_FILES:
        assert kazakh_texts(load(out / name)) == kazakh_texts(load(AKMOLA / name)), name


def test_import_gives_the_shipped_amounts_grants_territories_and_targets(layout_import):
    out = layout_import[0]
    assert [decided(load(out / n)) for n in PRIORITY_FILES] == [decided(load(AKMOLA / n)) for n in PRIORITY_FILES]


def test_import_gives_the_shipped_title_and_issuer_and_keeps_the_pdf(layout_import, pdfs):
    out = layout_import[0]
    listing, shipped = load(out / "list.yaml"), load(AKMOLA / "list.yaml")
    assert listing["title"] == {"kk": shipped["title"]["kk"]}
    assert listing["issuer"] == {"name": {"kk": shipped["issuer"]["name"]["kk"]}, "territory": "110000000"}
    assert listing["source"]["document"].endswith(".pdf") and (out / listing["source"]["document"]).exists()


def test_a_pdf_with_neither_tags_nor_paragraph_spacing_keeps_the_words_and_warns(pdfs, tmp_path):
    out, done, _ = imported(pdfs[UNTOLD.name], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "warning import-pdf-paragraphs" in done.stdout
    for name in PRIORITY_FILES:
        got, shipped = kazakh_texts(load(out / name)), kazakh_texts(load(AKMOLA / name))
        assert {k: " ".join(v).split() for k, v in got.items()} == {k: " ".join(v).split() for k, v in shipped.items()}


# ---- refused, with a reason ----------------------------------------------------------------------------

def test_a_scanned_pdf_is_refused_as_needing_ocr_with_its_page_count(tmp_path):
    pages = [Image.new("L", (595, 842), 255) for _ in range(3)]
    pages[0].save(tmp_path / "scan.pdf", save_all=True, append_images=pages[1:])
    done = run_cli("import", "scan.pdf", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "scan.pdf: error import-no-text-layer: no text layer; OCR it first: none of its 3 page(s) has text" \
        in done.stdout
    assert not (tmp_path / "content").exists()


def test_a_pdf_without_the_table_names_the_page_it_looked_at(pdfs, tmp_path):
    done = run_cli("import", str(pdfs["letter"]), cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "error import-no-table: no table with the nine columns of the official form was found on page 1" \
        in done.stdout


def test_a_cell_that_cannot_be_read_is_reported_at_its_row_column_and_page(pdfs, tmp_path):
    done = run_cli("import", str(pdfs["unknown-area"]), cwd=tmp_path)
    assert done.returncode == 1
    assert ":5:2: error import-unknown-area: area 'Спортты дамыту' is not in the vocabulary" in done.stdout
    assert "(page 4)" in next(line for line in done.stdout.splitlines() if "import-unknown-area" in line)
    assert not (tmp_path / "content").exists()


def test_a_file_that_is_not_a_pdf_is_refused_as_unreadable(tmp_path):
    (tmp_path / "list.pdf").write_bytes(b"%PDF-1.7 this is not really a PDF")
    done = run_cli("import", "list.pdf", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "list.pdf: error import-unreadable: not a readable PDF document" in done.stdout
