"""PDFs of the official form as issuers publish them: the Akmola 2026 table written as a Word document
(test_import_documents.make_docx), laid out on the page as an official form is (ruled table, Times New
Roman, column widths of the form, portrait or landscape), and printed to PDF by LibreOffice headless.

LibreOffice runs once per test session for all the layouts: the PDFs are kept in a folder that the
xdist workers share (the first worker makes them under a lock, the others wait and reuse them).
"""
from __future__ import annotations

import copy
import fcntl
import functools
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.shared import Emu, Mm, Pt
from test_import_documents import make_docx, source_table

# The widths of the nine columns, in ems of the font: each fits the longest word of its column in the Akmola
# list (or words bound by no-break spaces: «мемлекет» тұжырымдамасын» in column 4, «2. Жобалық басқару,
# қаржыландыруды» in column 8), as the writer would otherwise cut them inside, with a letter on the next line.
WIDTHS = (1.2, 7.4, 7.6, 13.2, 3.6, 4.0, 3.6, 17.5, 2.5)
PADDING = Mm(3.8)  # a cell's left and right margins in Word's Table Grid


@dataclass(frozen=True)
class Layout:
    """How the form is laid on the page and printed."""

    landscape: bool
    repeat_header: bool  # Word's "repeat as header row at the top of each page"
    numbered: bool  # the row of column numbers 1…9 under the header
    size: float  # font size, pt
    space_after: float = 0.0  # spacing after each paragraph, pt (Word's default style has some)
    tagged: bool = False  # a tagged PDF, as Word's "Save as PDF" makes by default

    @property
    def name(self) -> str:
        return "-".join(["landscape" if self.landscape else "portrait",
                         "repeated" if self.repeat_header else "once", *(["numbered"] if self.numbered else []),
                         f"{self.size:g}pt", *([f"after{self.space_after:g}"] if self.space_after else []),
                         *(["tagged"] if self.tagged else [])])


# Layouts whose paragraphs a PDF reader can tell: by their spacing, or by the PDF's tags.
LAYOUTS = (
    Layout(landscape=True, repeat_header=False, numbered=False, size=11, space_after=6),
    Layout(landscape=False, repeat_header=True, numbered=True, size=7, space_after=3),
    Layout(landscape=True, repeat_header=True, numbered=False, size=10, tagged=True),
)
# Neither tags nor spacing: a paragraph ending where the next word would not fit looks like a wrapped line.
UNTOLD = Layout(landscape=False, repeat_header=False, numbered=False, size=7)


def make_form_docx(path: Path, layout: Layout, table: dict | None = None) -> Path:
    """The table as a Word document laid out as the official form."""
    make_docx(path, table or source_table(), numbered_header=layout.numbered)
    document = docx.Document(str(path))
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if layout.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if layout.landscape else (Mm(210), Mm(297))
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(12)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(layout.size)
    normal.paragraph_format.space_after = Pt(layout.space_after)
    normal.paragraph_format.space_before = Pt(0)
    grid = document.tables[0]
    grid.style, grid.autofit = "Table Grid", False
    usable = section.page_width - section.left_margin - section.right_margin
    needed = [Pt(layout.size * em) + PADDING for em in WIDTHS]
    assert sum(needed) <= usable, f"{layout.name}: the columns need {Emu(sum(needed)).mm:.0f} mm"
    widths = [int(usable * w / sum(needed)) for w in needed]
    for column, width in zip(grid._tbl.tblGrid.gridCol_lst, widths):
        column.w = width
    for row in grid.rows:
        cells = row._tr.tc_lst
        if len(cells) == len(widths):
            for cell, width in zip(cells, widths):
                cell.width = width
    if layout.repeat_header:
        for row in grid.rows[:1 + layout.numbered]:
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    document.save(str(path))
    return path


def make_letter_docx(path: Path) -> Path:
    """A Word document with text but no table: a covering letter."""
    document = docx.Document()
    for line in ("Ақмола облысының ішкі саясат басқармасы", "", "Құрметті әріптестер!",
                 "Тізбе келесі хатпен жіберіледі."):
        document.add_paragraph(line)
    document.save(str(path))
    return path


def with_cell(row: int, column: int, lines: list[str]) -> dict:
    """The Akmola table with one cell (row 0-based, column 1..9) replaced."""
    table = copy.deepcopy(source_table())
    table["rows"][row][column - 1] = lines
    return table


def to_pdf(documents: list[Path], folder: Path, tagged: bool = False) -> list[Path]:
    """Print Word documents to PDF with LibreOffice headless (a profile of its own, so that runs never meet)."""
    profile = folder / ".libreoffice-profile"
    export = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}' if tagged else "pdf"
    subprocess.run([shutil.which("libreoffice") or "libreoffice", f"-env:UserInstallation={profile.as_uri()}",
                    "--headless", "--convert-to", export, "--outdir", str(folder), *map(str, documents)],
                   check=True, capture_output=True, timeout=300)
    shutil.rmtree(profile, ignore_errors=True)
    pdfs = [folder / f"{d.stem}.pdf" for d in documents]
    assert all(p.exists() for p in pdfs), f"LibreOffice printed none of {documents}"
    return pdfs


def shared_folder(tmp_path_factory) -> Path:
    """A folder all xdist workers of this run see (the base temporary folder's parent under xdist)."""
    base = tmp_path_factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "pdf-forms"


def documents(folder: Path) -> dict[str, tuple[Callable[[Path], Path], bool]]:
    """Every PDF the tests read, by name: how its Word document is made, and whether it is printed tagged."""
    made = {layout.name: (functools.partial(make_form_docx, layout=layout), layout.tagged)
            for layout in (*LAYOUTS, UNTOLD)}
    made["letter"] = (make_letter_docx, False)
    made["unknown-area"] = (functools.partial(make_form_docx, layout=LAYOUTS[0],
                                              table=with_cell(2, 2, ["Спортты дамыту"])), False)
    return made


def form_pdfs(tmp_path_factory) -> dict[str, Path]:
    """Every PDF of documents(), printed once per test run (name → path)."""
    folder = shared_folder(tmp_path_factory)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        made = documents(folder)
        missing = [name for name in made if not (folder / f"{name}.pdf").exists()]
        for tagged in (False, True):
            batch = [made[name][0](folder / f"{name}.docx") for name in missing if made[name][1] == tagged]
            if batch:
                to_pdf(batch, folder, tagged)
    return {name: folder / f"{name}.pdf" for name in made}
