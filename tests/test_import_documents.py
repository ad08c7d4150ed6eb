"""Reading the official form: the text export and .docx tables laid out the ways issuers lay them out.

The builders here make small documents for every import test: `source_table()` reads the shipped text
export of the Akmola 2026 list into plain rows (independently of the importer), and `make_docx()` writes
such rows as a Word table with python-docx.
"""
from __future__ import annotations

import copy
import re
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from support import SOURCE_DOCUMENT

from grantsite.importer.document import ReadError, detect_language
from grantsite.importer.read import read_document

KK_HEADER = [
    "№", "Заңның 5-бабының 1-тармағына сәйкес мемлекеттік грант саласы", "Мемлекеттік гранттың бағыты",
    "Мәселенің қысқаша сипаттамасы", "Қаржыландыру көлемі\n(мың теңге)",
    "Гранттың түрі және грантты іске асыру мерзімі",
    "Грантты іске асыру аумағы (осы Қағидалардың 6-тармағына сәйкес)", "Нысаналы индикатор және күтілетін нәтижелер",
    "Материалдық-техникалық базаға қойылатын талаптар\n(ұзақ мерзімді гранттарды іске асыру кезінде ғана белгіленеді)"]
RU_HEADER = [
    "№", "Сфера государственного гранта в соответствии с пунктом 1 статьи 5 Закона",
    "Направление государственного гранта", "Краткое описание проблемы", "Объем финансирования (тыс. тенге)",
    "Вид гранта и срок реализации гранта", "Территория реализации гранта",
    "Целевой индикатор и ожидаемые результаты", "Требования к материально-технической базе"]
KK_TITLE = "Үкіметтік емес ұйымдар үшін 2026 жылға арналған мемлекеттік гранттардың басым бағыттарының тізбесі"
RU_TITLE = "Перечень приоритетных направлений государственных грантов для неправительственных организаций на 2026 год"
BOOKMARK = re.compile(r"\[bookmark: ([^\]]*)\]")


def source_table(path: Path = SOURCE_DOCUMENT) -> dict:
    """The shipped text export as {title, header, issuer, rows: [[lines of column 1..9]]}.

    Each cell is a line starting with a tab; the export gives column 8 of rows 1 and 2 as two cells.
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    cells: list[list[str]] = []
    for line in lines[1:]:
        if line.startswith("\t"):
            cells.append([line[1:]])
        elif cells:
            cells[-1].append(line)
    header, issuer, body = cells[:9], cells[9], cells[10:]
    starts = [i for i, c in enumerate(body) if "\n".join(c).strip() in {"1", "2", "3", "4"}]
    rows = []
    for start, end in zip(starts, starts[1:] + [len(body)]):
        row = body[start:end]
        if len(row) == 10:  # column 8 in two cells
            row = row[:7] + [row[7] + row[8]] + row[9:]
        row = (row + [[""]])[:9]  # the file ends before the last row's empty column 9
        assert len(row) == 9 and not "".join(row[8]).strip()
        rows.append(row)
    return {"title": lines[0], "header": ["\n".join(c).strip() for c in header], "issuer": "\n".join(issuer).strip(),
            "rows": rows}


def make_docx(path: Path, table: dict, *, extra_column: int | None = None, repeat_header_before: tuple = (),
              numbered_header: bool = False, split: dict | None = None, merge_down: tuple = ()) -> Path:
    """Write a table as the official Word form: title paragraph, header row, issuer row merged across the
    table, one row per priority with a paragraph per line.

    extra_column: insert an empty column at this 0-based position; repeat_header_before: row indexes
    before which the header is repeated (a new page); split: {row index: (column, line)} breaks that row
    across a page at that line of that column (later columns go wholly to the continuation row);
    merge_down: 0-based columns whose cells are merged vertically over all priority rows.
    """
    document = docx.Document()
    for line in table["title"].split("\n"):
        document.add_paragraph(line)
    header = list(table["header"])
    width = len(header) + (extra_column is not None)
    grid = document.add_table(rows=0, cols=width)

    def add_row(cells):
        cells = list(cells)
        if extra_column is not None:
            cells.insert(extra_column, [""])
        row = grid.add_row()
        for cell, lines in zip(row.cells, cells):
            write_cell(cell, lines)
        return row

    add_row([h.split("\n") for h in header])
    if numbered_header:
        add_row([[str(n)] for n in range(1, len(header) + 1)])
    issuer = grid.add_row()
    merged = issuer.cells[0].merge(issuer.cells[-1])
    write_cell(merged, [table["issuer"]])
    split = split or {}
    for i, row in enumerate(table["rows"]):
        if i in repeat_header_before:
            add_row([h.split("\n") for h in header])
        if i in split:
            column, at = split[i]
            first = [c if n < column else ([] if n > column else c[:at]) for n, c in enumerate(row)]
            rest = [[] if n < column else (c[at:] if n == column else c) for n, c in enumerate(row)]
            add_row(first)
            add_row(rest)
        else:
            add_row(row)
    for column in merge_down:
        position = column + (extra_column is not None and extra_column <= column)
        first_row = 2 + numbered_header
        top = grid.rows[first_row].cells[position]
        lines = [p.text for p in top.paragraphs]
        merged = top.merge(grid.rows[len(grid.rows) - 1].cells[position])
        for p in merged._tc.findall(qn("w:p")):  # merge() gathers every row's text; keep the top one
            merged._tc.remove(p)
        merged._tc.append(OxmlElement("w:p"))
        write_cell(merged, lines)
    document.save(path)
    return path


def write_cell(cell, lines) -> None:
    """One paragraph per line; a [bookmark: NAME] marker becomes a real Word bookmark at its place."""
    lines = list(lines) or [""]
    paragraph = cell.paragraphs[0]
    for n, line in enumerate(lines):
        if n:
            paragraph = cell.add_paragraph()
        for k, part in enumerate(BOOKMARK.split(line)):
            if k % 2:
                start = OxmlElement("w:bookmarkStart")
                start.set(qn("w:id"), "0")
                start.set(qn("w:name"), part)
                end = OxmlElement("w:bookmarkEnd")
                end.set(qn("w:id"), "0")
                paragraph._p.append(start)
                paragraph._p.append(end)
            elif part:
                paragraph.add_run(part)


def make_text(path: Path, table: dict, *, extra_column: bool = False) -> Path:
    """Write a table as Word's text export: a line per cell starting with a tab, its other lines below."""
    def cell(lines):
        lines = list(lines) or [""]
        return "\t" + "\n".join(lines) + "\n"

    out = [table["title"] + "\n"]
    out += [cell(h.split("\n")) for h in table["header"]] + [cell([""])] * extra_column
    out += [cell([table["issuer"]])]
    for row in table["rows"]:
        out += [cell(c) for c in row] + [cell([""])] * extra_column
    path.write_text("".join(out), encoding="utf-8")
    return path


def russian_table() -> dict:
    """The first Akmola priority as a Russian document would give it (texts from the shipped translation)."""
    import yaml
    record = yaml.safe_load((SOURCE_DOCUMENT.parent / "01.yaml").read_text(encoding="utf-8"))
    outcomes = ["Целевые индикаторы:"]
    outcomes += [f"{n}. {line}" if k == 0 else line for n, item in enumerate(record["indicators"], 1)
                 for k, line in enumerate(item["text"]["ru"].split("\n"))]
    outcomes += ["Ожидаемые результаты:"]
    outcomes += [f"{n}. {line}" if k == 0 else line for n, item in enumerate(record["results"], 1)
                 for k, line in enumerate(item["text"]["ru"].split("\n"))]
    row = [["1"], ["Защита прав и законных интересов граждан и организаций"], [record["direction"]["ru"]],
           record["problem"]["ru"].split("\n"), ["5 000,0"], ["1 краткосрочный грант", "", "2026 г."],
           ["Акмолинская область"], outcomes, [""]]
    return {"title": RU_TITLE, "header": RU_HEADER, "issuer": "Управление внутренней политики Акмолинской области",
            "rows": [row]}


def rows_of(document) -> list[dict]:
    """Each priority row's non-empty cells as text, by column."""
    texts = [{c: "\n".join(cell.lines).strip() for c, cell in row.cells.items()} for row in document.rows]
    return [{c: t for c, t in row.items() if t} for row in texts]


# ---- the text export -----------------------------------------------------------------------

def test_text_export_gives_title_issuer_and_four_rows_of_nine_columns():
    document = read_document(SOURCE_DOCUMENT)
    assert document.title.endswith("басым бағыттарының тізбесі")
    assert [name for _, name in document.issuers] == ["Ақмола облысының ішкі саясат басқармасы"]
    assert [r.number for r in document.rows] == [1, 2, 3, 4]
    # the file ends before the last row's empty column 9
    assert [sorted(r.cells) for r in document.rows] == [list(range(2, 10))] * 3 + [list(range(2, 9))]
    assert not document.problems


def test_text_export_column_eight_given_as_two_cells_is_one_column():
    first = rows_of(read_document(SOURCE_DOCUMENT))[0]
    assert first[8].startswith("Нысаналы индикатор:") and "Күтілетін нәтижелер:" in first[8]
    assert 9 not in first


def test_text_export_rows_are_numbered_as_table_rows_after_header_and_issuer():
    assert [r.row for r in read_document(SOURCE_DOCUMENT).rows] == [3, 4, 5, 6]


def test_text_export_with_an_extra_empty_column_after_the_last(tmp_path):
    text = SOURCE_DOCUMENT.read_text(encoding="utf-8")
    text = text.replace("кезінде ғана белгіленеді)\n", "кезінде ғана белгіленеді)\n\t\n", 1)
    path = tmp_path / "extra.txt"
    path.write_text(text, encoding="utf-8")
    assert rows_of(read_document(path)) == rows_of(read_document(SOURCE_DOCUMENT))


def test_text_export_with_a_numbered_header_row(tmp_path):
    text = SOURCE_DOCUMENT.read_text(encoding="utf-8")
    numbers = "".join(f"\t{n}\n" for n in range(1, 10))
    text = text.replace("\tАқмола облысының ішкі", numbers + "\tАқмола облысының ішкі", 1)
    path = tmp_path / "numbered.txt"
    path.write_text(text, encoding="utf-8")
    assert rows_of(read_document(path)) == rows_of(read_document(SOURCE_DOCUMENT))


def test_text_export_made_from_the_table_reads_as_the_shipped_one(tmp_path):
    path = make_text(tmp_path / "akmola.txt", source_table())
    assert rows_of(read_document(path)) == rows_of(read_document(SOURCE_DOCUMENT))


def test_text_export_with_the_header_repeated_before_a_row(tmp_path):
    text = make_text(tmp_path / "a.txt", source_table()).read_text(encoding="utf-8")
    header = "".join("\t" + h + "\n" for h in source_table()["header"])
    path = tmp_path / "b.txt"
    path.write_text(text.replace("\t3\n", header + "\t3\n", 1), encoding="utf-8")
    assert rows_of(read_document(path)) == rows_of(read_document(SOURCE_DOCUMENT))


def test_russian_text_export_reads_as_the_russian_docx(tmp_path):
    text = read_document(make_text(tmp_path / "ru.txt", russian_table()))
    word = read_document(make_docx(tmp_path / "ru.docx", russian_table()))
    assert rows_of(text) == rows_of(word) and text.title == word.title == RU_TITLE
    assert text.issuers[0][1] == "Управление внутренней политики Акмолинской области"


def test_text_export_row_with_a_cell_beyond_the_columns_is_an_error_at_its_row(tmp_path):
    text = make_text(tmp_path / "a.txt", source_table()).read_text(encoding="utf-8")
    path = tmp_path / "b.txt"
    path.write_text(text.replace("\t3\n", "\tартық мәтін\n\t3\n", 1), encoding="utf-8")
    [problem] = read_document(path).problems
    assert (problem.row, problem.code) == (4, "extra-cell") and "артық мәтін" in problem.message


def test_text_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "list.txt"
    path.write_bytes(SOURCE_DOCUMENT.read_text(encoding="utf-8").encode("cp1251", errors="replace"))
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code == "unreadable"


def test_a_text_without_the_official_table_is_refused(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("Құрметті әріптестер!\n\tБұл хат кесте емес.\n", encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code == "no-table"


# ---- .docx ---------------------------------------------------------------------------------

def test_docx_of_the_same_table_reads_as_the_text_export(tmp_path):
    path = make_docx(tmp_path / "akmola.docx", source_table())
    document = read_document(path)
    assert document.title == read_document(SOURCE_DOCUMENT).title
    assert [n for _, n in document.issuers] == ["Ақмола облысының ішкі саясат басқармасы"]
    assert rows_of(document) == rows_of(read_document(SOURCE_DOCUMENT))


def test_docx_word_bookmark_is_kept_as_a_marker_for_the_importer_to_record(tmp_path):
    document = read_document(make_docx(tmp_path / "akmola.docx", source_table()))
    assert "[bookmark: _GoBack]Сонымен қатар" in rows_of(document)[3][8]


def test_docx_rows_are_numbered_as_word_counts_them(tmp_path):
    document = read_document(make_docx(tmp_path / "akmola.docx", source_table()))
    assert [r.row for r in document.rows] == [3, 4, 5, 6] and document.issuers[0][0] == 2


def test_docx_header_repeated_on_a_new_page_is_skipped(tmp_path):
    path = make_docx(tmp_path / "pages.docx", source_table(), repeat_header_before=(2, 3), numbered_header=True)
    assert rows_of(read_document(path)) == rows_of(read_document(SOURCE_DOCUMENT))


def test_docx_row_broken_across_a_page_is_joined(tmp_path):
    path = make_docx(tmp_path / "split.docx", source_table(), split={1: (3, 1), 3: (7, 12)})
    document = read_document(path)
    assert [r.number for r in document.rows] == [1, 2, 3, 4]
    assert rows_of(document) == rows_of(read_document(SOURCE_DOCUMENT))


def test_docx_extra_empty_column_is_left_out(tmp_path):
    path = make_docx(tmp_path / "extra.docx", source_table(), extra_column=4)
    document = read_document(path)
    assert rows_of(document) == rows_of(read_document(SOURCE_DOCUMENT))
    assert not document.problems


def test_docx_extra_column_with_text_is_an_error_at_its_cells(tmp_path):
    table = source_table()
    table["header"] = table["header"] + ["Ескерту"]
    table["rows"] = [row + [["қосымша мәтін"] if i == 1 else [""]] for i, row in enumerate(table["rows"])]
    document = read_document(make_docx(tmp_path / "note.docx", table))
    [problem] = [p for p in document.problems if p.code == "extra-column"]
    assert (problem.row, problem.col, problem.severity) == (4, 10, "error")
    assert "қосымша мәтін" in problem.message


def test_docx_cell_merged_down_over_all_rows_gives_each_row_its_text(tmp_path):
    path = make_docx(tmp_path / "merged.docx", source_table(), merge_down=(6,))
    assert [r[7] for r in rows_of(read_document(path))] == ["Ақмола облысы"] * 4


def test_docx_header_with_column_eight_split_in_two_cells(tmp_path):
    table = source_table()
    path = make_docx(tmp_path / "split8.docx", table)
    document = docx.Document(str(path))
    grid = document.tables[0]
    # give column 8 two grid columns: the header cell spans both, each priority row has two cells
    new_col = copy.deepcopy(grid._tbl.tblGrid.gridCol_lst[7])
    grid._tbl.tblGrid.gridCol_lst[7].addnext(new_col)
    for n, row in enumerate(grid.rows):
        tc = row._tr.tc_lst[7] if n != 1 else None
        if tc is None:
            row._tr.tc_lst[0].grid_span = 10
            continue
        if n == 0:
            tc.grid_span = 2
            continue
        results = copy.deepcopy(tc)
        paragraphs = tc.findall(qn("w:p"))
        cut = next(i for i, p in enumerate(paragraphs) if "".join(p.itertext()).startswith("Күтілетін"))
        for p in paragraphs[cut:]:
            tc.remove(p)
        for p in results.findall(qn("w:p"))[:cut]:
            results.remove(p)
        tc.addnext(results)
    document.save(path)
    assert rows_of(read_document(path)) == rows_of(read_document(SOURCE_DOCUMENT))


def test_docx_table_cut_in_two_tables_is_read_as_one(tmp_path):
    path = make_docx(tmp_path / "cut.docx", source_table(), split={1: (3, 1)})
    document = docx.Document(str(path))
    table = document.tables[0]
    second = copy.deepcopy(table._tbl)
    for tr in table._tbl.tr_lst[4:]:  # rows 1 and the first part of row 2 stay in the first table
        table._tbl.remove(tr)
    for tr in second.tr_lst[:4]:
        second.remove(tr)
    paragraph = document.add_paragraph("")
    table._tbl.addnext(paragraph._p)
    paragraph._p.addnext(second)
    document.save(path)
    assert len(docx.Document(str(path)).tables) == 2
    assert rows_of(read_document(path)) == rows_of(read_document(SOURCE_DOCUMENT))


def test_docx_signature_table_after_the_list_is_not_read(tmp_path):
    path = make_docx(tmp_path / "signed.docx", source_table())
    document = docx.Document(str(path))
    signature = document.add_table(rows=1, cols=2)
    signature.rows[0].cells[0].text = "Басқарма басшысы"
    signature.rows[0].cells[1].text = "А. Қолтаңба"
    document.save(path)
    assert rows_of(read_document(path)) == rows_of(read_document(SOURCE_DOCUMENT))


def test_docx_title_in_the_tables_first_row_is_found(tmp_path):
    table = source_table()
    path = make_docx(tmp_path / "titled.docx", {**table, "title": ""})
    document = docx.Document(str(path))
    grid = document.tables[0]
    title = copy.deepcopy(grid.rows[1]._tr)  # the issuer row: one cell across the table
    title.xpath(".//w:t")[0].text = KK_TITLE
    grid.rows[0]._tr.addprevious(title)
    document.save(path)
    read = read_document(path)
    assert read.title == KK_TITLE and [r.row for r in read.rows] == [4, 5, 6, 7]


def test_docx_russian_header_is_recognised(tmp_path):
    document = read_document(make_docx(tmp_path / "ru.docx", russian_table()))
    assert document.title == RU_TITLE and document.language == "ru"
    assert rows_of(document)[0][2] == "Защита прав и законных интересов граждан и организаций"


def test_docx_missing_a_column_is_refused(tmp_path):
    table = source_table()
    table["header"] = table["header"][:8]
    table["rows"] = [row[:8] for row in table["rows"]]
    with pytest.raises(ReadError) as err:
        read_document(make_docx(tmp_path / "eight.docx", table))
    assert err.value.code == "missing-column" and "9 (material base)" in err.value.message


def test_a_file_that_is_not_a_docx_is_refused(tmp_path):
    path = tmp_path / "list.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code == "unreadable"


def test_old_word_format_is_refused_with_advice(tmp_path):
    path = tmp_path / "list.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code == "unsupported" and ".docx" in err.value.hint


# ---- language ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, lang", [
    (KK_TITLE, "kk"), (RU_TITLE, "ru"),
    ("Управление внутренней политики Акмолинской области: проект «Мерейлі отбасы» в г. Кокшетау", "ru"),
])
def test_language_is_told_by_kazakh_letters(text, lang):
    assert detect_language(text) == lang


def test_docx_tracked_changes_read_as_accepted_and_content_controls_are_read(tmp_path):
    path = make_docx(tmp_path / "tracked.docx", source_table())
    document = docx.Document(str(path))
    cell = document.tables[0].rows[2].cells[2]  # direction of priority 1
    paragraph = cell.paragraphs[0]._p
    deleted = OxmlElement("w:del")
    run = OxmlElement("w:r")
    text = OxmlElement("w:delText")
    text.text = "ЕСКІ МӘТІН "
    run.append(text)
    deleted.append(run)
    paragraph.insert(0, deleted)
    control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    moved = cell._tc.findall(qn("w:p"))
    for p in moved:
        content.append(p)
    control.append(content)
    cell._tc.append(control)
    document.save(path)
    assert rows_of(read_document(path))[0][3] == rows_of(read_document(SOURCE_DOCUMENT))[0][3]
