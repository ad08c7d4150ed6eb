"""`build.py import`: the official Akmola 2026 list, as its text export and as a .docx, gives the shipped
Kazakh content; re-importing changes nothing; an editor's Russian translation is never lost."""
from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
import yaml
from support import SOURCE_DOCUMENT, run_cli
from test_import_documents import make_docx, russian_table, source_table

from grantsite.importer import run_import

AKMOLA = SOURCE_DOCUMENT.parent
PRIORITY_FILES = [f"{n:02d}.yaml" for n in range(1, 5)]


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def kazakh(record: dict) -> dict:
    """A priority as the document decides it: Russian texts, translation status and editors' notes left out
    (source defects other than Word artefacts are an editor's findings, not the importer's)."""
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "ru" and k != "note"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    record = {k: v for k, v in record.items() if k != "translation"}
    defects = [d for d in record.pop("source_defects", []) if d["kind"] == "word-artefact"]
    return strip({**record, **({"source_defects": defects} if defects else {})})


def shipped_copy(tmp_path: Path) -> Path:
    out = tmp_path / "content" / "2026" / "akmola"
    shutil.copytree(AKMOLA, out)
    return out


def snapshot(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def variant(tmp_path: Path, *replacements: tuple[str, str], name: str = "2026-akmola.kk.txt") -> Path:
    """The shipped text export with some exact fragments replaced (each must be there)."""
    text = SOURCE_DOCUMENT.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "doc" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---- the acceptance tests ------------------------------------------------------------------

@pytest.fixture(scope="module")
def from_text(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("text") / "content" / "2026" / "akmola"
    assert run_import(SOURCE_DOCUMENT, out) == 0
    return out


@pytest.fixture(scope="module")
def from_docx(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("docx")
    document = make_docx(folder / "2026-akmola.kk.docx", source_table())
    out = folder / "content" / "2026" / "akmola"
    assert run_import(document, out) == 0
    return out


@pytest.mark.parametrize("name", PRIORITY_FILES)
def test_text_export_gives_the_shipped_kazakh_content(from_text, name):
    assert kazakh(load(from_text / name)) == kazakh(load(AKMOLA / name))


@pytest.mark.parametrize("name", PRIORITY_FILES)
def test_docx_of_the_same_table_gives_the_shipped_kazakh_content(from_docx, name):
    assert kazakh(load(from_docx / name)) == kazakh(load(AKMOLA / name))


def test_imported_files_are_in_the_canonical_format_of_the_shipped_content(from_text):
    # the shipped 02.yaml without its Russian texts is, byte for byte, what the import writes
    shipped = (AKMOLA / "02.yaml").read_text(encoding="utf-8").replace("ru: unofficial", "ru: missing")
    assert (from_text / "02.yaml").read_text(encoding="utf-8") == without_russian(shipped)


def without_russian(text: str) -> str:
    """YAML text without its `ru:` entries (a line `ru: …` and the lines indented below it)."""
    out, skip_below = [], None
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip())
        if skip_below is not None and line.strip() and indent > skip_below:
            continue
        skip_below = None
        if line.lstrip().startswith("ru:") and "missing" not in line:
            skip_below = indent
            continue
        out.append(line)
    return "\n".join(out)


def test_list_is_written_with_the_issuer_and_the_source_document(from_text):
    listing, shipped = load(from_text / "list.yaml"), load(AKMOLA / "list.yaml")
    assert listing["title"] == {"kk": shipped["title"]["kk"]}
    assert listing["issuer"] == {"name": {"kk": shipped["issuer"]["name"]["kk"]}, "territory": "110000000"}
    assert listing["source"] == {"document": "2026-akmola.kk.txt", "language": "kk", "url": None}
    assert listing["translation"] == {"kk": "official", "ru": "missing"}
    assert (from_text / "2026-akmola.kk.txt").read_bytes() == SOURCE_DOCUMENT.read_bytes()


def test_word_bookmark_is_removed_and_recorded_as_a_source_defect(from_text, from_docx):
    for folder in (from_text, from_docx):
        text = (folder / "04.yaml").read_text(encoding="utf-8")
        assert load(folder / "04.yaml")["source_defects"] == [
            {"field": "results", "kind": "word-artefact", "text": "[bookmark: _GoBack]"}]
        assert text.count("bookmark") == 1


def test_imported_russian_is_marked_missing_until_an_editor_translates(from_text):
    assert load(from_text / "01.yaml")["translation"] == {"kk": "official", "ru": "missing"}


# ---- re-import and merge -------------------------------------------------------------------

def test_reimporting_the_shipped_document_changes_no_byte(tmp_path, capsys):
    out = shipped_copy(tmp_path)
    before = snapshot(out)
    assert run_import(SOURCE_DOCUMENT, out) == 0
    assert snapshot(out) == before == snapshot(AKMOLA)
    assert capsys.readouterr().out.count(": unchanged") == 6


def test_importing_the_docx_into_the_shipped_folder_changes_no_content_file(tmp_path, capsys):
    out = shipped_copy(tmp_path)
    document = make_docx(tmp_path / "2026-akmola.kk.docx", source_table())
    assert run_import(document, out) == 0
    assert {n: b for n, b in snapshot(out).items() if n.endswith(".yaml")} == \
        {n: b for n, b in snapshot(AKMOLA).items() if n.endswith(".yaml")}
    assert (out / "2026-akmola.kk.docx").exists()
    assert "source.document names 2026-akmola.kk.txt" in capsys.readouterr().out


def test_changed_document_is_refused_without_force_and_nothing_is_written(tmp_path, capsys):
    out = shipped_copy(tmp_path)
    before = snapshot(out)
    document = variant(tmp_path, ("\t5\u00a0000,0\n", "\t5\u00a0500,0\n"))
    assert run_import(document, out) == 1
    assert snapshot(out) == before
    said = capsys.readouterr()
    assert "01.yaml: refused: the file differs from the document in funding.amount, funding.published" in said.out
    assert "2026-akmola.kk.txt: refused" in said.out  # another version of the document under the same name
    assert "--force" in said.err


def test_force_replaces_kazakh_and_numbers_and_keeps_the_russian_translation(tmp_path):
    out = shipped_copy(tmp_path)
    document = variant(tmp_path, ("\t5\u00a0000,0\n", "\t5\u00a0500,0\n"),
                       ("\tАуылда азаматтық бастамаларды дамыту\n", "\tАуылда азаматтық бастамаларды қолдау\n"))
    assert run_import(document, out, force=True) == 0
    first, second, shipped1, shipped2 = (load(out / "01.yaml"), load(out / "02.yaml"), load(AKMOLA / "01.yaml"),
                                         load(AKMOLA / "02.yaml"))
    assert first["funding"] == {"amount": 5500.0, "published": "5\u00a0500,0"}
    assert second["direction"] == {"kk": "Ауылда азаматтық бастамаларды қолдау", "ru": shipped2["direction"]["ru"]}
    assert first["problem"]["ru"] == shipped1["problem"]["ru"]
    assert [i["text"]["ru"] for i in first["results"]] == [i["text"]["ru"] for i in shipped1["results"]]
    assert first["translation"] == shipped1["translation"]


def test_force_says_which_kept_translation_to_check(tmp_path, capsys):
    out = shipped_copy(tmp_path)
    document = variant(tmp_path, ("\tАуылда азаматтық бастамаларды дамыту\n",
                                  "\tАуылда азаматтық бастамаларды қолдау\n"))
    assert run_import(document, out, force=True) == 0
    said = capsys.readouterr().out
    assert "02.yaml: direction.kk: the kk text changed; check the ru translation that was kept" in said


def test_editors_russian_and_notes_survive_a_reimport_untouched(tmp_path, capsys):
    out = shipped_copy(tmp_path)
    path = out / "03.yaml"
    edited = path.read_text(encoding="utf-8").replace(
        "ru: Организация мероприятий, направленных на профилактику зависимостей среди молодежи",
        "ru: Организация мероприятий по профилактике зависимостей среди молодёжи")
    path.write_text(edited, encoding="utf-8")
    assert run_import(SOURCE_DOCUMENT, out) == 0
    assert path.read_text(encoding="utf-8") == edited
    assert "03.yaml: unchanged" in capsys.readouterr().out


def test_an_entry_removed_from_the_document_drops_only_its_translation_and_says_so(tmp_path, capsys):
    out = shipped_copy(tmp_path)
    removed = "\n5.Ақпараттық материалдарды жергілікті"  # the last result of priority 1
    text = SOURCE_DOCUMENT.read_text(encoding="utf-8")
    start = text.index(removed)
    end = text.index("\n\t", start + 1)
    document = variant(tmp_path, (text[start:end], ""))
    assert run_import(document, out) == 1  # refused: results changed
    assert run_import(document, out, force=True) == 0
    results, shipped = load(out / "01.yaml")["results"], load(AKMOLA / "01.yaml")["results"]
    assert [r["text"] for r in results] == [r["text"] for r in shipped[:4]]
    assert "01.yaml: results[4].text.ru: the ru text was dropped" in capsys.readouterr().out


def test_new_word_artefact_is_added_to_the_recorded_defects(tmp_path):
    out = shipped_copy(tmp_path)
    document = variant(tmp_path, ("\tЖастар арасында тәуелділікті", "\t[bookmark: _Hlk1]Жастар арасында тәуелділікті"),
                       name="2026-akmola.v2.kk.txt")
    assert run_import(document, out) == 0  # the text is the same; only a defect is added
    defects = load(out / "03.yaml")["source_defects"]
    assert defects[:1] == load(AKMOLA / "03.yaml")["source_defects"]
    assert defects[1:] == [{"field": "direction", "kind": "word-artefact", "text": "[bookmark: _Hlk1]"}]


def test_changed_title_in_list_is_refused_then_replaced_keeping_russian(tmp_path):
    out = shipped_copy(tmp_path)
    document = variant(tmp_path, ("2026 жылға арналған мемлекеттік", "2026 жылға арналған мемлекеттік әлеуметтік"))
    assert run_import(document, out) == 1
    assert run_import(document, out, force=True) == 0
    title = load(out / "list.yaml")["title"]
    assert "мемлекеттік әлеуметтік" in title["kk"] and title["ru"] == load(AKMOLA / "list.yaml")["title"]["ru"]


def test_official_russian_document_replaces_russian_and_keeps_kazakh(tmp_path):
    out = shipped_copy(tmp_path)
    table = russian_table()
    table["rows"][0][4] = ["5\u00a0000,0"]
    document = make_docx(tmp_path / "2026-akmola.ru.docx", table)
    assert run_import(document, out, force=True) == 0
    first, shipped = load(out / "01.yaml"), load(AKMOLA / "01.yaml")
    assert kazakh(copy.deepcopy(first))["direction"] == kazakh(shipped)["direction"]
    assert [r["text"] for r in first["results"]] == [r["text"] for r in shipped["results"]]
    assert first["translation"] == {"kk": "official", "ru": "official"}
    assert load(out / "list.yaml")["translation"] == {"kk": "official", "ru": "official"}


# ---- the command line ----------------------------------------------------------------------

def test_command_writes_into_content_year_issuer_of_the_working_folder(tmp_path):
    done = run_cli("import", str(SOURCE_DOCUMENT), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in (tmp_path / "content" / "2026" / "akmola").iterdir()) == \
        sorted(p.name for p in AKMOLA.iterdir())
    assert "warning funding-outlier" in done.stdout  # the checker ran on what was written


def test_command_reports_an_unreadable_cell_at_its_row_and_column_and_writes_nothing(tmp_path):
    variant(tmp_path, ("\tЖастар саясаты мен балалар бастамаларын қолдау\n", "\tСпортты дамыту\n"))
    done = run_cli("import", "doc/2026-akmola.kk.txt", cwd=tmp_path)
    assert done.returncode == 1
    assert "doc/2026-akmola.kk.txt:5:2: error import-unknown-area: area 'Спортты дамыту'" in done.stdout
    assert not (tmp_path / "content").exists()


def test_a_file_that_is_not_valid_yaml_is_refused_then_written_afresh_with_force(tmp_path, capsys):
    out = shipped_copy(tmp_path)
    (out / "02.yaml").write_text("number: 2\narea: [civil-society\n", encoding="utf-8")
    assert run_import(SOURCE_DOCUMENT, out) == 1
    assert "02.yaml: refused: the file differs from the document in everything (the file is not valid YAML at line 3)" \
        in capsys.readouterr().out
    assert run_import(SOURCE_DOCUMENT, out, force=True) == 0
    said = capsys.readouterr().out
    assert "02.yaml: replaced" in said and "what the broken file held could not be kept" in said
    assert kazakh(load(out / "02.yaml")) == kazakh(load(AKMOLA / "02.yaml"))


def test_a_priority_file_the_document_no_longer_has_is_left_and_reported(tmp_path, capsys):
    out = shipped_copy(tmp_path)
    (out / "05.yaml").write_bytes((AKMOLA / "04.yaml").read_bytes().replace(b"number: 4", b"number: 5"))
    assert run_import(SOURCE_DOCUMENT, out) == 0
    assert "05.yaml: warning: priority 05 is not in the document; the file was left as it is" in capsys.readouterr().out
    assert (out / "05.yaml").exists()
