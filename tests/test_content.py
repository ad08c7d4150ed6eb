"""The shipped content: the 2026 Akmola list, verbatim in Kazakh, translated into Russian, flagged not fixed."""
from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml
from support import CONTENT, SOURCE_DOCUMENT

from grantsite.check.editorschema import OUT_DIR, editor_schemas
from grantsite.content import load_vocabularies

AKMOLA = CONTENT / "2026" / "akmola"
PRIORITY_FILES = sorted(AKMOLA.glob("[0-9]*.yaml"))
HEADINGS = re.compile(r"Нысаналы индикатор(лар)?:|Күтілетін нәтижелер:")


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def source_rows() -> dict[int, str]:
    """The official document cut into its rows (from the line holding a row's number to the next)."""
    text = SOURCE_DOCUMENT.read_text(encoding="utf-8").replace("[bookmark: _GoBack]", "")
    parts = re.split(r"\n\t(\d)\n", text)
    return {int(parts[i]): parts[i + 1] for i in range(1, len(parts), 2)}


def squash(text: str) -> str:
    return " ".join(text.split())


def kazakh_texts(priority: dict) -> list[str]:
    texts = [priority["direction"]["kk"], priority["problem"]["kk"]]
    texts += [entry["text"]["kk"] for entry in priority["indicators"] + priority["results"]]
    return texts


@pytest.mark.parametrize("path", PRIORITY_FILES, ids=lambda p: p.name)
def test_kazakh_text_is_the_source_documents_text(path):
    priority = load(path)
    row = squash(source_rows()[priority["number"]])
    rest, position = row, 0
    for text in map(squash, kazakh_texts(priority)):
        found = row.find(text, position)
        assert found >= 0, f"not verbatim in the source row: {text[:80]}…"
        position = found + len(text)
        rest = rest.replace(text, " ", 1)
    vocab = load_vocabularies()
    for cell in (vocab.areas[priority["area"]].kk, priority["funding"]["published"], "Ақмола облысы",
                 "1 қысқа мерзімді грант 2026 ж."):
        rest = rest.replace(squash(cell), " ", 1)
    leftover = HEADINGS.sub(" ", rest)
    assert re.fullmatch(r"[\d.\s]*", leftover), f"source text missing from the content: {leftover[:120]!r}"


def test_the_list_has_the_four_priorities_of_the_source():
    assert [load(p)["number"] for p in PRIORITY_FILES] == [1, 2, 3, 4] == sorted(source_rows())


@pytest.mark.parametrize("path", PRIORITY_FILES, ids=lambda p: p.name)
def test_every_kazakh_text_has_a_russian_text_marked_unofficial(path):
    priority = load(path)
    assert priority["translation"] == {"kk": "official", "ru": "unofficial"}
    for field in [priority["direction"], priority["problem"]] + [e["text"] for e in priority["indicators"] + priority["results"]]:
        outside_names = re.sub(r"«[^»]*»", "", field.get("ru") or "")  # «Саналы ұрпақ» is a name, kept as is
        assert re.search("[а-яё]", outside_names) and not re.search("[әғқңөұүһі]", outside_names), outside_names


@pytest.mark.parametrize("path", PRIORITY_FILES, ids=lambda p: p.name)
def test_russian_text_keeps_every_number_of_the_kazakh(path):
    priority = load(path)
    for entry in priority["indicators"] + priority["results"]:
        kk_numbers = re.findall(r"\d[\d\s\u00a0]*\d|\d", entry["text"]["kk"])
        ru = squash(entry["text"]["ru"])
        for number in kk_numbers:
            assert squash(number) in ru, f"{number!r} missing in: {ru[:80]}"


def test_every_numeric_target_is_stated_in_the_kazakh_text():
    for path in PRIORITY_FILES:
        for entry in load(path)["indicators"] + load(path)["results"]:
            if "target" in entry:
                value = entry["target"]["value"]
                digits = squash(entry["text"]["kk"]).replace(" ", "").replace("\u00a0", "")
                assert str(value) in digits or str(value // 1000) in digits


def test_row_three_funding_is_published_as_in_the_source_and_recorded_as_a_defect():
    row3 = load(AKMOLA / "03.yaml")
    assert row3["funding"] == {"amount": 4400000.0, "published": "4 400\u00a0000"}
    assert "4 400\u00a0000" in source_rows()[3]
    assert [d["kind"] for d in row3["source_defects"]] == ["implausible-figure"]


def test_word_bookmark_is_removed_and_recorded():
    text = "".join(p.read_text(encoding="utf-8") for p in PRIORITY_FILES)
    assert "[bookmark" not in text.replace("text: '[bookmark: _GoBack]'", "")
    defects = load(AKMOLA / "04.yaml")["source_defects"]
    assert {"field": "results", "kind": "word-artefact", "text": "[bookmark: _GoBack]"}.items() <= defects[0].items()


def test_the_source_document_ships_with_the_content():
    listing = load(AKMOLA / "list.yaml")
    assert (AKMOLA / listing["source"]["document"]).read_text(encoding="utf-8").startswith("Үкіметтік емес ұйымдар")


def test_the_unknown_approving_order_is_left_empty_not_guessed():
    assert load(AKMOLA / "list.yaml")["approval"] == {"order": None, "date": None}


# --- vocabularies ----------------------------------------------------------------------------

def test_areas_used_in_the_source_have_its_exact_wording():
    vocab = load_vocabularies()
    for path in PRIORITY_FILES:
        priority = load(path)
        area = vocab.areas[priority["area"]]
        assert area.kk_confirmed and area.kk in source_rows()[priority["number"]]


def test_area_spelling_variants_map_to_one_code():
    vocab = load_vocabularies()
    assert vocab.area_for("отбасы-демографиялық және гендерлік мәселелерді шешуге жәрдемдесу").code == \
        vocab.area_for("Отбасылық-демографиялық және гендерлік мәселелерді шешуге жәрдемдесу").code == \
        "family-demography-gender"


def test_unconfirmed_wording_is_marked_in_the_vocabulary():
    vocab = load_vocabularies()
    assert sum(a.kk_confirmed for a in vocab.areas.values()) == 4
    assert not any(a.ru_confirmed for a in vocab.areas.values())


def test_territories_cover_regions_cities_and_akmola_districts():
    levels = [t.level for t in load_vocabularies().territories.values()]
    assert levels.count("region") == 17 and levels.count("city-republican") == 3
    akmola = [t for t in load_vocabularies().territories.values() if t.parent == "110000000"]
    assert len([t for t in akmola if t.level == "district"]) == 17
    assert {t.kk for t in akmola if t.level == "city-regional"} == {"Көкшетау қаласы", "Қосшы қаласы", "Степногорск қаласы"}


def test_grant_types_carry_the_laws_duration_bounds():
    types = load_vocabularies().grant_types
    assert [(t.months_min, t.months_max) for t in types.values()] == [(3, 12), (12, 24), (24, 36)]


# --- editors' JSON Schema --------------------------------------------------------------------

def test_editor_json_schemas_are_up_to_date():
    for name, schema in editor_schemas(load_vocabularies()).items():
        committed = json.loads((OUT_DIR / name).read_text(encoding="utf-8"))
        assert committed == schema, f"run `python build.py schema` to refresh {name}"


@pytest.mark.parametrize("path", sorted(AKMOLA.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_content_passes_the_editor_json_schema(path):
    name = "list.schema.json" if path.name == "list.yaml" else "priority.schema.json"
    schema = json.loads((OUT_DIR / name).read_text(encoding="utf-8"))
    jsonschema.validate(load(path), schema)


def test_editor_json_schema_underlines_a_misspelt_key():
    schema = json.loads((OUT_DIR / "priority.schema.json").read_text(encoding="utf-8"))
    priority = load(AKMOLA / "01.yaml")
    priority["fundng"] = priority.pop("funding")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(priority, schema)
