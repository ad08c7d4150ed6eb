"""The data dictionary's texts: every table and field explained in Kazakh and Russian (and titled in English)."""
from __future__ import annotations

import json
import re

import pytest

from grantsite.check import TABLES
from grantsite.content import SCHEMA_DIR
from grantsite.data.descriptor import load_template

KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
CYRILLIC = re.compile("[а-яёА-ЯЁ]")


def schema(table: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{table}.json").read_text(encoding="utf-8"))


def texts(item: dict, lang: str) -> tuple[str, str]:
    entry = item.get("i18n", {}).get(lang, {})
    return entry.get("title", ""), entry.get("description", "")


@pytest.mark.parametrize("table", TABLES)
def test_every_field_has_a_title_and_description_in_kazakh_and_russian(table):
    for field in schema(table)["fields"]:
        assert field.get("title", "").strip(), f"{table}.{field['name']}: no English title"
        for lang in ("kk", "ru"):
            title, description = texts(field, lang)
            assert title.strip() and description.strip(), f"{table}.{field['name']}: no {lang} title or description"


@pytest.mark.parametrize("table", TABLES)
def test_every_table_has_a_title_and_description_in_three_languages(table):
    s = schema(table)
    assert s["title"] and s["description"]
    for lang in ("kk", "ru"):
        assert all(texts(s, lang)), f"{table}: no {lang} title or description"


@pytest.mark.parametrize("table", TABLES)
def test_russian_texts_are_russian_and_kazakh_texts_are_kazakh(table):
    s = schema(table)
    items = [s, *s["fields"]]
    for item in items:
        for text in texts(item, "ru"):
            assert CYRILLIC.search(text) and not KAZAKH_LETTERS.search(text), text
        for text in texts(item, "kk"):
            assert CYRILLIC.search(text), text
    assert KAZAKH_LETTERS.search(" ".join(t for item in items for t in texts(item, "kk")))
    assert all(texts(f, "kk") != texts(f, "ru") for f in s["fields"])


@pytest.mark.parametrize("table", TABLES)
def test_allowed_values_are_explained_in_both_languages(table):
    for field in schema(table)["fields"]:
        for value in field.get("constraints", {}).get("enum", []):
            for lang in ("kk", "ru"):
                assert value in texts(field, lang)[1], f"{table}.{field['name']}: '{value}' not explained in {lang}"


def test_the_descriptor_template_speaks_kazakh_russian_and_english():
    template = load_template(SCHEMA_DIR)
    for lang in ("en", "kk", "ru"):
        assert template["title"][lang] and len(template["description"][lang]) == len(template["description"]["en"])
        for label in template["readme"].values():
            assert label[lang]
    for paragraph in template["description"]["ru"]:
        assert not KAZAKH_LETTERS.search(paragraph)
