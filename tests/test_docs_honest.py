"""The handbook keeps up with the code: every field, problem code and command is explained for editors.

The reference pages are generated from the code; what people must write by hand (explanations in Kazakh
and Russian, examples) lives in docs/_data/, and these tests fail when the code has something the docs
do not explain, or the docs explain something the code no longer has.
"""
from __future__ import annotations

import argparse
import dataclasses
import re

import pytest
from support import ROOT

from grantsite.check import ITEM_COLUMNS, LIST_COLUMNS, PRIORITY_COLUMNS, PRIORITY_FORMAT
from grantsite.content import CATALOGUE
from grantsite.content.problems import ERROR, Kind
from grantsite.handbook import reference as pages, sources as hb

DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def docs_data():
    return hb.read_docs_data(DOCS)


@pytest.fixture(scope="module")
def parser():
    return hb.cli_parser()


# ---- content fields ---------------------------------------------------------------------------

def test_every_content_field_has_an_example_and_a_kk_ru_en_explanation(docs_data):
    assert hb.undocumented_fields(docs_data) == []


def test_field_paths_name_nested_keys_and_list_items():
    paths = hb.field_paths(PRIORITY_FORMAT)
    assert {"funding", "funding.amount", "grant.years", "indicators[].text", "indicators[].target.unit",
            "source_defects[].kind"} <= set(paths)


def test_a_field_added_to_the_format_without_docs_is_reported(docs_data):
    formats = {**hb.FORMATS, "priority": {**PRIORITY_FORMAT, "reports": [{"due": "date", "sent": "date"}]}}
    gaps = hb.undocumented_fields(docs_data, formats)
    assert "fields.yaml priority: 'reports' has no entry" in gaps
    assert "fields.yaml priority: 'reports[].sent' has no entry" in gaps


def test_a_documented_field_that_no_longer_exists_is_reported(docs_data):
    formats = {**hb.FORMATS, "priority": {k: v for k, v in PRIORITY_FORMAT.items() if k != "material_base"}}
    assert hb.undocumented_fields(docs_data, formats) == [
        "fields.yaml priority: 'material_base' is documented but no longer exists"]


def test_a_field_explained_in_one_language_only_is_reported(docs_data):
    fields = {**docs_data.fields, "priority": {**docs_data.fields["priority"], "number": {"example": "number: 1",
                                                                                          "ru": "Номер", "en": "No."}}}
    gaps = hb.undocumented_fields(dataclasses.replace(docs_data, fields=fields))
    assert gaps == ["fields.yaml priority: 'number' has no kk explanation"]


def test_every_column_filled_from_content_is_traced_back_to_its_field():
    traced = {column for pairs in hb.published_columns().values() for _, column in pairs}
    assert set(PRIORITY_COLUMNS) | set(LIST_COLUMNS) | set(ITEM_COLUMNS) | {"source_defects"} <= traced


def test_a_field_is_traced_to_both_language_columns_of_its_text():
    assert hb.published_columns()[("priority", "direction")] == [("priorities", "direction_kk"),
                                                                   ("priorities", "direction_ru")]


# ---- problem codes ----------------------------------------------------------------------------

def test_every_problem_code_has_a_kk_ru_en_explanation_and_a_bad_and_good_example(docs_data):
    assert hb.unexplained_codes(docs_data) == []


def test_a_new_problem_code_without_explanation_is_reported(docs_data):
    catalogue = {**CATALOGUE, "calls-window": Kind("calls-window", ERROR, "The call's window is impossible.", "")}
    assert hb.unexplained_codes(docs_data, catalogue) == ["problem-codes.yaml: 'calls-window' has no entry"]


def test_an_explanation_of_a_code_the_checker_no_longer_has_is_reported(docs_data):
    catalogue = {code: kind for code, kind in CATALOGUE.items() if code != "numbering-gap"}
    assert hb.unexplained_codes(docs_data, catalogue) == [
        "problem-codes.yaml: 'numbering-gap' is documented but no longer exists"]


def test_a_code_without_its_kazakh_fix_is_reported(docs_data):
    entry = docs_data.problems["yaml-syntax"]
    broken = {**entry, "kk": {k: v for k, v in entry["kk"].items() if k != "fix"}}
    data = dataclasses.replace(docs_data, problems={**docs_data.problems, "yaml-syntax": broken})
    assert hb.unexplained_codes(data) == ["problem-codes.yaml: 'yaml-syntax' has no kk title, meaning and fix"]


def test_the_check_messages_page_falls_back_to_the_catalogue_for_a_code_not_yet_explained(docs_data):
    catalogue = {**CATALOGUE, "calls-window": Kind("calls-window", ERROR, "The call's window is impossible.",
                                                    "a call closes after it opens")}
    context = pages.Context(docs_data, None, {}, {})
    page = pages.problems_page(context, "kk", catalogue)
    assert "## `calls-window` {#calls-window}" in page
    assert "The call's window is impossible." in page


# ---- command line -----------------------------------------------------------------------------

def test_every_command_and_option_is_explained_in_kk_and_ru(docs_data, parser):
    assert hb.undocumented_commands(docs_data, parser) == []


def test_a_new_command_or_option_without_explanation_is_reported(docs_data):
    parser = hb.cli_parser()  # a fresh one: this test adds to it
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    commands.add_parser("publish", help="upload the site").add_argument("--to", help="where")
    next(iter(commands.choices.values())).add_argument("--quiet", action="store_true", help="say less")
    gaps = hb.undocumented_commands(docs_data, parser)
    assert "cli.yaml: 'publish' has no entry" in gaps
    assert "cli.yaml publish: '--to' has no entry" in gaps
    assert "cli.yaml build: '--quiet' has no entry" in gaps


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_command_is_explained_in_the_hand_written_editors_guide(lang, parser):
    guide = "\n".join(p.read_text(encoding="utf-8") for p in sorted((DOCS / lang / "editors").glob("*.md")))
    commands = [name for name in hb.commands(parser) if name != parser.prog]
    assert commands, "build.py has no subcommands?"
    assert [name for name in commands if f"python build.py {name}" not in guide] == []


# ---- generated pages' wording -----------------------------------------------------------------

def _keys(tree, prefix=""):
    if not isinstance(tree, dict):
        return {prefix}
    return set().union(*(_keys(value, f"{prefix}.{key}") for key, value in tree.items()))


def test_the_generated_pages_have_the_same_wording_keys_in_kk_ru_and_en(docs_data):
    labels = docs_data.labels
    assert _keys(labels["kk"]) == _keys(labels["ru"]) == _keys(labels["en"])


def test_a_schema_description_is_shown_in_the_page_language_when_translated():
    column = {"description": "Row number.", "i18n": {"kk": {"description": "Жол нөмірі."}}}
    assert pages._description(column, "kk") == "Жол нөмірі."
    assert pages._description(column, "ru") == "Row number."


def test_explanations_link_only_to_pages_of_their_own_language_tree(docs_data):
    """en has no editors' guide: an English explanation must not link into ../editors/."""
    english = [entry.get("en") or "" for kind in docs_data.fields.values() for entry in kind.values()]
    english += [part for entry in docs_data.problems.values() for part in entry["en"].values()]
    assert [text for text in english if re.search(r"\]\(\.\./editors/", text)] == []
