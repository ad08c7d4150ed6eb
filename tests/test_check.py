"""`build.py check`: one behaviour per problem code, each on a small breakage of the real Akmola list."""
from __future__ import annotations

import os
import re

import pytest
from support import run_cli

from grantsite.check import check_content
from grantsite.content import CATALOGUE

P1 = "2026/akmola/01.yaml"


def problems_in(root):
    return check_content(root).problems


def only(problems, code):
    found = [p for p in problems if p.code == code]
    assert found, f"no {code} in {[str(p) for p in problems]}"
    return found


def edit(tree, relative, old, new):
    """Replace one exact fragment of a shipped file (the fragment must be there)."""
    path = tree.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(tree, relative, fragment):
    lines = (tree.root / relative).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if fragment in line)


# --- reading files ---------------------------------------------------------------------------

def test_broken_yaml_is_reported_at_its_line(content_tree):
    edit(content_tree, P1, "territory: '110000000'", "territory: '110000000")
    [p] = only(problems_in(content_tree.root), "yaml-syntax")
    assert p.path.endswith("01.yaml") and p.line > 1


def test_yaml_alias_is_refused(content_tree):
    edit(content_tree, P1, "area: rights-protection", "area: &a rights-protection\nterritory_copy: *a")
    assert only(problems_in(content_tree.root), "yaml-alias")


def test_billion_laughs_fails_fast_without_expanding(content_tree):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))
    content_tree("2026/akmola/05.yaml", bomb)
    assert only(problems_in(content_tree.root), "yaml-alias")


def test_duplicate_key_is_an_error_not_a_silent_overwrite(content_tree):
    edit(content_tree, P1, "area: rights-protection", "area: rights-protection\narea: health")
    [p] = only(problems_in(content_tree.root), "duplicate-key")
    assert "'area'" in p.message and p.line == 3


def test_non_utf8_file_is_reported(content_tree):
    path = content_tree.root / P1
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1251", errors="replace"))
    [p] = only(problems_in(content_tree.root), "bad-encoding")
    assert "UTF-8" in p.message


def test_empty_file_is_reported(content_tree):
    content_tree("2026/akmola/05.yaml", "# nothing yet\n")
    assert only(problems_in(content_tree.root), "empty-file")


def test_oversized_file_is_refused_before_parsing(content_tree):
    content_tree("2026/akmola/05.yaml", "number: 5\n" + "# padding\n" * 120_000)
    assert only(problems_in(content_tree.root), "file-too-large")


def test_folder_name_that_is_not_a_slug_is_refused(content_tree):
    content_tree("2026/Akmola Region/01.yaml", "number: 1\n")
    assert only(problems_in(content_tree.root), "bad-path")


def test_symlink_outside_content_is_refused(content_tree, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text("number: 9\n", encoding="utf-8")
    os.symlink(outside, content_tree.root / "2026/akmola/09.yaml")
    assert only(problems_in(content_tree.root), "outside-content")


def test_priorities_without_list_file_are_reported(content_tree):
    content_tree("2026/kostanay/01.yaml", (content_tree.root / P1).read_text(encoding="utf-8"))
    [p] = only(problems_in(content_tree.root), "missing-list")
    assert "kostanay" in p.message


# --- shape -----------------------------------------------------------------------------------

def test_file_that_is_a_list_not_a_mapping_is_reported(content_tree):
    content_tree("2026/akmola/05.yaml", "- number: 5\n")
    assert only(problems_in(content_tree.root), "not-a-mapping")


def test_misspelt_key_gets_a_suggestion(content_tree):
    edit(content_tree, P1, "funding:\n  amount:", "fundng:\n  amount:")
    problems = problems_in(content_tree.root)
    [p] = only(problems, "unknown-key")
    assert "did you mean 'funding'" in p.hint
    assert p.line == line_of(content_tree, P1, "fundng:")


def test_misspelt_nested_key_gets_a_suggestion(content_tree):
    edit(content_tree, P1, "  type: short-term", "  tyep: short-term")
    [p] = only(problems_in(content_tree.root), "unknown-key")
    assert "grant.tyep" in p.message and "did you mean 'type'" in p.hint


def test_misspelt_language_key_gets_a_suggestion(content_tree):
    edit(content_tree, P1, "direction:\n  kk:", "direction:\n  kz:")
    problems = problems_in(content_tree.root)
    assert "did you mean 'kk'" in only(problems, "unknown-key")[0].hint


def test_missing_required_field_is_reported(content_tree):
    edit(content_tree, P1, "territory: '110000000'\n", "")
    [p] = only(problems_in(content_tree.root), "missing-field")
    assert "territory" in p.message


def test_text_given_as_plain_string_is_a_wrong_type(content_tree):
    text = (content_tree.root / P1).read_text(encoding="utf-8")
    start = text.index("direction:\n")
    end = text.index("problem:\n")
    (content_tree.root / P1).write_text(text[:start] + "direction: Ауылда\n" + text[end:], encoding="utf-8")
    [p] = only(problems_in(content_tree.root), "wrong-type")
    assert "'direction' should be a mapping" in p.message and "kk:" in p.hint


# --- values ----------------------------------------------------------------------------------

def test_non_numeric_amount_is_an_invalid_value(content_tree):
    edit(content_tree, P1, "amount: 5000.0", "amount: бес мың")
    [p] = only(problems_in(content_tree.root), "invalid-value")
    assert "funding.amount" in p.message and p.line == line_of(content_tree, P1, "amount:")


def test_negative_amount_is_out_of_range(content_tree):
    edit(content_tree, P1, "amount: 5000.0", "amount: -5000.0")
    [p] = only(problems_in(content_tree.root), "out-of-range")
    assert "minimum is 0" in p.message


def test_territory_that_is_not_a_kato_code_is_bad_format(content_tree):
    edit(content_tree, P1, "territory: '110000000'", "territory: 'Ақмола облысы'")
    assert only(problems_in(content_tree.root), "bad-format")


def test_unknown_area_code_gets_a_suggestion(content_tree):
    edit(content_tree, P1, "area: rights-protection", "area: right-protection")
    [p] = only(problems_in(content_tree.root), "unknown-code")
    assert "did you mean 'rights-protection'" in p.hint and p.line == 2


def test_unknown_territory_code_is_reported(content_tree):
    edit(content_tree, P1, "territory: '110000000'", "territory: '119900000'")
    assert "119900000" in only(problems_in(content_tree.root), "unknown-code")[0].message


def test_duplicate_number_is_reported_in_the_second_file(content_tree):
    edit(content_tree, "2026/akmola/02.yaml", "number: 2", "number: 1")
    [p] = only(problems_in(content_tree.root), "duplicate-number")
    assert p.path.endswith("02.yaml") and p.line == 1


# --- meaning ---------------------------------------------------------------------------------

def test_missing_russian_not_marked_missing_is_an_error(content_tree):
    path = content_tree.root / P1
    text = path.read_text(encoding="utf-8")
    ru = re.search(r"\n  ru: Организация мероприятий[^\n]*", text).group(0)
    path.write_text(text.replace(ru, ""), encoding="utf-8")
    [p] = only(problems_in(content_tree.root), "missing-language")
    assert "'direction' has no ru text" in p.message


def test_missing_russian_marked_missing_is_accepted(content_tree):
    path = content_tree.root / P1
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n  ru: Организация мероприятий[^\n]*", "", text).replace("  ru: unofficial", "  ru: missing")
    path.write_text(text, encoding="utf-8")
    assert not [p for p in problems_in(content_tree.root) if p.code == "missing-language"]


def test_long_term_grant_needs_material_base(content_tree):
    edit(content_tree, P1, "type: short-term", "type: long-term")
    assert only(problems_in(content_tree.root), "material-base-required")


def test_published_amount_must_match_the_number(content_tree):
    edit(content_tree, P1, "published: 5\u00a0000,0", "published: 50 000,0")
    [p] = only(problems_in(content_tree.root), "amount-mismatch")
    assert "50 000,0" in p.message


def test_grant_period_longer_than_the_type_allows_is_a_warning(content_tree):
    edit(content_tree, P1, "  years:\n  - 2026", "  years:\n  - 2026\n  - 2027")
    assert only(problems_in(content_tree.root), "grant-period")[0].severity == "warning"


def test_row_three_funding_is_flagged_as_an_outlier(checked):
    [p] = only(checked.problems, "funding-outlier")
    assert p.path.endswith("03.yaml") and "4 400 000,0" in p.message and p.severity == "warning"


def test_numbering_gap_is_a_warning(content_tree):
    edit(content_tree, "2026/akmola/02.yaml", "number: 2", "number: 7")
    [p] = only(problems_in(content_tree.root), "numbering-gap")
    assert "no priority number 2, 5, 6" in p.message


def test_list_without_priorities_is_a_warning(content_tree):
    content_tree("2027/akmola/list.yaml", (content_tree.root / "2026/akmola/list.yaml").read_text(encoding="utf-8"))
    assert only(problems_in(content_tree.root), "empty-list")


def test_call_closing_before_it_opens_is_reported_at_closes(content_tree):
    edit(content_tree, "2026/akmola/list.yaml", "calls: []",
         "calls:\n- opens: 2026-03-02 09:00\n  closes: 2026-02-03 18:00")
    [p] = only(problems_in(content_tree.root), "call-window")
    assert p.line == line_of(content_tree, "2026/akmola/list.yaml", "closes:")  # more in tests/test_calls_check.py


def earlier_edition(tree, date, current_date="2026-03-02"):
    """A copy of the shipped Akmola list as its earlier edition editions/DATE/, the current one dated current_date."""
    import shutil
    folder = tree.root / "2026/akmola/editions" / date
    shutil.copytree(tree.root / "2026/akmola", folder, ignore=shutil.ignore_patterns("editions"))
    edit(tree, f"2026/akmola/editions/{date}/list.yaml", "date: null", f"date: {date}")
    if current_date:
        edit(tree, "2026/akmola/list.yaml", "date: null", f"date: {current_date}")
    return f"2026/akmola/editions/{date}"


def test_an_edition_dated_after_the_current_one_is_reported(content_tree):
    folder = earlier_edition(content_tree, "2026-04-01")
    [p] = only(problems_in(content_tree.root), "edition-date")
    assert p.path.endswith(f"{folder}/list.yaml") and p.line == line_of(content_tree, f"{folder}/list.yaml", "approval:")
    assert "after the current edition (2026-03-02)" in p.message


def test_an_edition_on_the_current_editions_date_is_reported(content_tree):
    earlier_edition(content_tree, "2026-03-02")
    [p] = only(problems_in(content_tree.root), "edition-date")
    assert "two editions on one date" in p.message


def test_an_edition_whose_list_gives_another_date_is_reported_at_that_date(content_tree):
    folder = earlier_edition(content_tree, "2026-01-20")
    edit(content_tree, f"{folder}/list.yaml", "date: 2026-01-20", "date: 2026-01-21")
    [p] = only(problems_in(content_tree.root), "edition-date")
    assert p.line == line_of(content_tree, f"{folder}/list.yaml", "date: 2026-01-21") and p.field == "approval.date"


def test_an_edition_of_a_list_folder_without_a_current_edition_is_an_error_at_its_list(content_tree):
    folder = earlier_edition(content_tree, "2026-01-20")
    for name in ("list.yaml", "01.yaml", "02.yaml", "03.yaml", "04.yaml"):
        (content_tree.root / "2026/akmola" / name).unlink()
    [p] = only(problems_in(content_tree.root), "edition-without-list")
    assert p.path.endswith(f"{folder}/list.yaml") and p.severity == "error"
    assert "no current edition (2026/akmola/list.yaml)" in p.message


def test_a_number_reused_for_another_direction_is_a_warning_at_the_direction(content_tree):
    earlier_edition(content_tree, "2026-01-20")
    edit(content_tree, "2026/akmola/04.yaml", "kk: Отбасылық саясатты дамыту және гендерлік теңдікті нығайту",
         "kk: Жастардың цифрлық сауаттылығын арттыру")
    edit(content_tree, "2026/akmola/04.yaml", "ru: Развитие семейной политики и укрепление гендерного равенства",
         "ru: Повышение цифровой грамотности молодежи")
    [p] = only(problems_in(content_tree.root), "reused-number")
    assert p.path.endswith("2026/akmola/04.yaml") and p.severity == "warning"
    assert p.line == line_of(content_tree, "2026/akmola/04.yaml", "direction:")
    assert "Отбасылық саясатты дамыту" in p.message


def test_a_reused_number_is_reported_in_its_file_whatever_the_file_is_named(content_tree):
    earlier_edition(content_tree, "2026-01-20")
    path = edit(content_tree, "2026/akmola/04.yaml", "kk: Отбасылық саясатты дамыту және гендерлік теңдікті нығайту",
                "kk: Жастардың цифрлық сауаттылығын арттыру")
    edit(content_tree, "2026/akmola/04.yaml", "ru: Развитие семейной политики и укрепление гендерного равенства",
         "ru: Повышение цифровой грамотности молодежи")
    path.rename(path.with_name("digital-literacy.yaml"))
    [p] = only(problems_in(content_tree.root), "reused-number")
    assert p.path.endswith("2026/akmola/digital-literacy.yaml") and p.line == 3


def test_a_reworded_direction_is_no_reused_number(content_tree):
    earlier_edition(content_tree, "2026-01-20")
    edit(content_tree, "2026/akmola/04.yaml", "kk: Отбасылық саясатты дамыту", "kk: Отбасылық саясатты қолдау")
    assert [p.code for p in problems_in(content_tree.root) if p.code in ("reused-number", "edition-date")] == []


def test_every_problem_code_has_a_test_here():
    names = open(__file__, encoding="utf-8").read()
    untested = [code for code in CATALOGUE if f'"{code}"' not in names]
    assert not untested


# --- all at once, and the command line -------------------------------------------------------

def test_a_bad_file_does_not_hide_problems_in_others(content_tree):
    edit(content_tree, P1, "territory: '110000000'", "territory: '110000000")
    edit(content_tree, "2026/akmola/02.yaml", "area: civil-society", "area: civil-societyy")
    edit(content_tree, "2026/akmola/04.yaml", "amount: 6000.0", "amount: -6000.0")
    codes = {(p.path.rsplit("/", 1)[-1], p.code) for p in problems_in(content_tree.root)}
    assert {("01.yaml", "yaml-syntax"), ("02.yaml", "unknown-code"), ("04.yaml", "out-of-range")} <= codes


def test_problems_are_sorted_by_file_and_line(content_tree):
    edit(content_tree, "2026/akmola/02.yaml", "area: civil-society", "area: nope")
    edit(content_tree, P1, "amount: 5000.0", "amount: -1")
    edit(content_tree, P1, "area: rights-protection", "area: nope")
    places = [(p.path, p.line, p.col) for p in problems_in(content_tree.root)]
    assert places == sorted(places)


def test_cli_check_on_shipped_content_prints_only_the_row_three_warning():
    result = run_cli("check")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and re.match(r"content/2026/akmola/03\.yaml:\d+:\d+: warning funding-outlier: ", lines[0])


def test_cli_check_with_errors_exits_1_with_compiler_style_lines_and_no_traceback(content_tree):
    edit(content_tree, P1, "area: rights-protection", "area: rights")
    edit(content_tree, "2026/akmola/02.yaml", "amount: 5000.0", "amount: abc")
    result = run_cli("check", "--content", str(content_tree.root))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    errors = [line for line in result.stdout.splitlines() if ": error " in line]
    assert len(errors) == 2
    for line in errors:
        assert re.match(r"^\S+\.yaml:\d+:\d+: error [a-z-]+: .+ \(.+\)$", line), line


def test_cli_bad_usage_exits_2():
    assert run_cli("chek").returncode == 2


def test_cli_missing_content_folder_is_a_clear_error(tmp_path):
    result = run_cli("check", "--content", str(tmp_path / "nowhere"))
    assert result.returncode == 1 and "does not exist" in result.stdout


@pytest.mark.parametrize("junk", ["number: [", "\t- x", ": :", "number: 1\n  area: x", "'", "{", "number: !!python/object:os.system x"])
def test_malformed_yaml_never_gives_a_traceback(content_tree, junk):
    content_tree("2026/akmola/05.yaml", junk + "\n")
    result = run_cli("check", "--content", str(content_tree.root))
    assert result.returncode == 1 and "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert "05.yaml:" in result.stdout


# --- forgiving where the meaning is unambiguous ----------------------------------------------

@pytest.mark.parametrize("old, new", [
    ("number: 1", "number: '1'"),
    ("territory: '110000000'", "territory: 110000000"),
    ("material_base: null", "material_base: ''"),
    ("  - 2026", "  - '2026'"),
])
def test_unambiguous_spellings_are_accepted(content_tree, old, new):
    edit(content_tree, P1, old, new)
    checked = check_content(content_tree.root)
    assert checked.ok, [str(p) for p in checked.problems]
    assert checked.catalogue.priorities[0].id == "2026-akmola-01"


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u2066", "\ufeff", "\u061c"])
def test_invisible_characters_in_text_are_refused(content_tree, char):
    edit(content_tree, P1, "ru: Организация мероприятий", f"ru: Организация{char} мероприятий")
    [p] = only(problems_in(content_tree.root), "invisible-character")
    assert f"U+{ord(char):04X}" in p.message and p.line == 5


@pytest.mark.parametrize("char", ["\u2028", "\u2029"])
def test_a_typed_unicode_line_separator_is_refused_at_its_line(content_tree, char):
    edit(content_tree, P1, "ru: Организация мероприятий", f"ru: Организация{char} мероприятий")
    assert [p.line for p in problems_in(content_tree.root) if p.severity == "error"] in ([5], [6])


@pytest.mark.parametrize("escape", ["\\u2028", "\\u2029"])
def test_an_escaped_unicode_line_separator_is_an_invisible_character(content_tree, escape):
    edit(content_tree, P1, "ru: Организация мероприятий, направленных на формирование антикоррупционной культуры"
         " в Акмолинской области", f'ru: "Организация{escape} мероприятий"')
    [p] = only(problems_in(content_tree.root), "invisible-character")
    assert p.line == 5 and escape[2:].upper() in p.message


def test_control_characters_are_refused_by_the_yaml_reader(content_tree):
    edit(content_tree, P1, "ru: Организация мероприятий", "ru: Организация\x07 мероприятий")
    assert only(problems_in(content_tree.root), "yaml-syntax")[0].line == 5
