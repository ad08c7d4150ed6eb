"""The search's Kazakh folding (grantsite/search/fold.py): how each way of typing Kazakh reaches the same form, and
the light stemming of queries.  tests/browser/test_search_browser.py checks that the JS twin agrees."""
from __future__ import annotations

import json
import re

import pytest
import yaml
from hypothesis import example, given, settings, strategies as st
from support import CONTENT

from grantsite.search import fold
from grantsite.search.fold import query, stem


def content_texts() -> list[str]:
    """Every string of the shipped content, official Kazakh and Russian alike."""
    texts = []

    def walk(value):
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for path in sorted(CONTENT.rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return texts


def test_the_nine_kazakh_letters_fold_to_their_russian_look_alikes():
    assert fold.fold("ә ғ қ ң ө ұ ү һ і") == "а г к н о у у х и"
    assert fold.fold("Ә Ғ Қ Ң Ө Ұ Ү Һ І") == "а г к н о у у х и"


def test_folding_lower_cases_russian_and_changes_nothing_else_in_it():
    assert fold.fold("Организация мероприятий, направленных на формирование антикоррупционной культуры") == \
        "организация мероприятий, направленных на формирование антикоррупционной культуры"


@pytest.mark.parametrize("typed", ["сыбайлас жемқорлық", "сыбайлас жемкорлык", "СЫБАЙЛАС ЖЕМҚОРЛЫҚ",
                                   "sybaılas jemqorlyq", "Sybaılas Jemqorlyq", "sybailas jemqorlyq",
                                   "sybaylas jemqorlyq"])
def test_every_way_of_typing_a_kazakh_phrase_folds_to_one_form(typed):
    assert fold.fold(typed) == "сыбайлас жемкорлык"


@pytest.mark.parametrize("latin, cyrillic", [
    ("täueldilik", "тәуелділік"), ("Kökşetau", "Көкшетау"), ("Qosşy", "Қосшы"), ("jañalyq", "жаңалық"),
    ("ğylym", "ғылым"), ("ūlttyq", "ұлттық"), ("üı", "үй"), ("aýyl", "ауыл"),
    ("saıasat", "саясат"), ("tehnologııa", "технология"), ("kıiz", "киіз"), ("Kokshetau", "Кокшетау"),
    ("ǵylym", "ғылым"), ("áıel", "әйел"),
])
def test_the_2021_latin_alphabet_reads_as_cyrillic(latin, cyrillic):
    assert fold.fold(latin) == fold.fold(cyrillic)


def test_a_latin_i_typed_inside_a_cyrillic_word_is_the_kazakh_i():
    assert fold.fold("тәуелдiлiк") == fold.fold("тәуелділік") == "тауелдилик"


def test_latin_letters_that_look_cyrillic_are_read_as_cyrillic_inside_a_cyrillic_word():
    assert fold.fold("AКМОЛА") == "акмола"  # a Latin A
    assert fold.fold("Hаркомания") == "наркомания"  # a Latin capital H looks like Н, not like һ


def test_a_dotted_capital_i_lower_cases_to_a_plain_i():
    assert fold.fold("İnternet") == fold.fold("internet") == "интернет"


def test_digits_punctuation_and_spacing_are_kept():
    assert fold.fold("«№ 1» – 5 000,0 (20%);\n") == "«№ 1» – 5 000,0 (20%);\n"


def test_folding_twice_changes_nothing_more():
    texts = content_texts()
    assert len(texts) > 100
    assert [t for t in texts if fold.fold(fold.fold(t)) != fold.fold(t)] == []


def test_folded_content_has_no_kazakh_letters_and_no_capitals():
    folded = fold.fold(" ".join(content_texts()))
    assert not set(folded) & set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
    assert folded == folded.lower()


@pytest.mark.parametrize("word, expected", [
    ("тауелдиликтин", "тауелдилик"),  # genitive -тің
    ("жастардын", "жастар"),  # a stem keeps four letters: the plural -тар stays
    ("ауылдарда", "ауыл"),  # locative, then plural
    ("кокшетауда", "кокшетау"),
    ("баланы", "бала"),
    ("тауелдилиги", "тауелдили"),  # тәуелділік → тәуелділігі: the stem begins both forms
    ("кошбасшылыгы", "кошбасшылы"),
    ("жас", "жас"), ("мен", "мен"), ("кокшетау", "кокшетау"),
])
def test_stemming_cuts_kazakh_endings_but_keeps_a_stem(word, expected):
    assert stem(word) == expected


def test_the_stem_of_any_form_begins_the_forms_the_official_text_uses():
    # the index matches a query word as the beginning of indexed words: the stem must begin the text's forms
    in_text = ["тәуелділікті", "тәуелділіктің"]
    typed = ["тәуелділік", "тәуелділікке", "тәуелділіктен", "тәуелділігі", "тәуелділігін", "ТӘУЕЛДІЛІКТІҢ"]
    assert [(t, w) for t in typed for w in in_text if not fold.fold(w).startswith(query(t, "kk"))] == []


def test_only_kazakh_queries_are_stemmed():
    assert query("Жемқорлықтың алдын алу", "kk") == "жемкорлык алдын алу"
    assert query("профилактики зависимостей", "ru") == "профилактики зависимостей"


def test_the_published_table_is_the_python_table_in_a_fixed_order():
    text = fold.table_json()
    assert json.loads(text) == json.loads(json.dumps(fold.TABLE))
    assert text == fold.table_json() and text.endswith("\n")
    assert list(json.loads(text)) == sorted(fold.TABLE)


def test_the_suffixes_are_tried_longest_first():
    assert [len(s) for s in fold.SUFFIXES] == sorted((len(s) for s in fold.SUFFIXES), reverse=True)


# A word with a Latin letter in it, found by a scan of every word: the rule fold() keeps, found from the Latin
# letters alone (fold._latin_words_folded).
EVERY_WORD = re.compile(f"(?<![{fold._LETTERS}])[{fold._LETTERS}]*[{fold._LATIN}][{fold._LETTERS}]*")
MIXED = st.text(alphabet=st.sampled_from(list("сыбайлас жемқорлық тәуелділік ӘҒҚҢӨҰҮҺІ Sybaılas jemqorlyq iIİışçğñü"
                                              "AaBbCcEeHhKkOoPpXxYy 019.,-–«»\n\u0301\u00a0")), max_size=60)


@settings(max_examples=800)
@given(MIXED)
@example("тәуелдiлiк")  # two Latin i inside one Cyrillic word: folded once, whole
@example("Sybaılas")  # a word that begins the text
@example("жемқорлық qyzmet")  # one that ends it
def test_words_with_a_latin_letter_are_found_as_a_scan_of_every_word_finds_them(text):
    assert fold._latin_words_folded(text) == EVERY_WORD.sub(lambda m: fold._fold_word(m.group(0)), text)
