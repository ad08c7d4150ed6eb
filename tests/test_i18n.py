"""The interface strings (templates/i18n/kk.yaml, ru.yaml) and the Kazakh / Russian formatting rules."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from grantsite.content import CATALOGUE, WARNING
from grantsite.site.i18n import LANGS, MissingString, Strings, flatten, load_strings, short_amount

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STRINGS = load_strings(TEMPLATES / "i18n")
NBSP = "\u00a0"

# Keys whose text is the same in both languages on purpose: abbreviations and words Kazakh shares with
# Russian, and a pattern made of placeholders only.
SAME_IN_BOTH = {"money.short.million", "money.short.billion", "size.kb", "size.mb", "downloads.file",
                "about.licence", "provenance.text_status", "changes.from_to",
                "changes.feed_entry", "priority.share"}


def test_both_languages_have_the_same_keys():
    assert sorted(set(STRINGS["kk"]) ^ set(STRINGS["ru"])) == []


@pytest.mark.parametrize("lang", LANGS)
def test_no_string_is_empty_or_marked_to_do(lang):
    bad = [k for k, v in STRINGS[lang].items()
           if not v or (isinstance(v, str) and re.search(r"TODO|FIXME|XXX", v))]
    assert bad == []


def test_no_string_is_left_untranslated():
    same = [k for k in STRINGS["kk"] if STRINGS["kk"][k] == STRINGS["ru"].get(k) and k not in SAME_IN_BOTH]
    assert same == []


@pytest.mark.parametrize("lang", LANGS)
def test_no_string_is_left_in_english(lang):
    # A sentence of Latin letters only is an English leftover; names like "Atom", "JSON" or "CC BY" sit
    # inside Kazakh or Russian text and are fine.
    def words(v):
        return re.sub(r"\{\w+\}", "", v)
    english = [k for k, v in STRINGS[lang].items() if isinstance(v, str) and re.search(r"[A-Za-z]{3,}", words(v))
               and not re.search(r"[\u0400-\u04FF]", v)]
    assert english == []


def test_placeholders_are_the_same_in_both_languages():
    def names(v):
        return sorted(re.findall(r"\{(\w+)\}", v)) if isinstance(v, str) else []
    assert [k for k in STRINGS["kk"] if names(STRINGS["kk"][k]) != names(STRINGS["ru"][k])] == []


def test_every_key_a_template_asks_for_exists():
    # t("key") and t('key') with a literal key; keys built at run time are caught by the build itself
    # (Strings raises MissingString), which test_site_pages exercises on every page.
    used = set()
    for path in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"""\bt(?:_other)?\(\s*["']([\w.-]+)["']\s*[,)]""", path.read_text(encoding="utf-8")))
    assert used, "the scan found no key at all"
    assert sorted(k for k in used if k not in STRINGS["kk"] or k not in STRINGS["ru"]) == []


def test_every_published_warning_code_has_a_title_in_both_languages():
    codes = [c for c, kind in CATALOGUE.items() if kind.severity == WARNING]
    missing = [f"{lang}: problem.{c}.{part}" for lang in LANGS for c in codes for part in ("title", "short", "explain")
               if f"problem.{c}.{part}" not in STRINGS[lang]]
    assert missing == []


def test_a_missing_key_is_an_error_naming_the_file():
    with pytest.raises(MissingString, match=r"templates/i18n/kk\.yaml has no key 'no.such.key'"):
        Strings("kk", STRINGS["kk"])("no.such.key")


def test_nested_keys_flatten_to_dotted_names():
    assert flatten({"a": {"b": "x", "c": {"d": "y"}}, "e": ["m"]}) == {"a.b": "x", "a.c.d": "y", "e": ["m"]}


kk = Strings("kk", STRINGS["kk"])
ru = Strings("ru", STRINGS["ru"])


def test_funding_in_thousand_tenge_uses_no_break_spaces_and_a_decimal_comma():
    assert kk.thousand_tenge(5000.0) == f"5{NBSP}000,0{NBSP}мың теңге"
    assert ru.thousand_tenge(5000.0) == f"5{NBSP}000,0{NBSP}тыс. тенге"


@pytest.mark.parametrize("thousands, kazakh, russian", [
    (5000.0, "5 млн ₸", "5 млн ₸"),
    (4_416_000.0, "4,4 млрд ₸", "4,4 млрд ₸"),
    (16_000.0, "16 млн ₸", "16 млн ₸"),
    (4400.0, "4,4 млн ₸", "4,4 млн ₸"),
    (0.5, "500 ₸", "500 тенге"),
    (700.0, "700 мың ₸", "700 тыс. ₸"),
    (1_234_567.8, "1,2 млрд ₸", "1,2 млрд ₸"),
    (0.0, "0 ₸", "0 тенге"),
])
def test_totals_have_a_short_form(thousands, kazakh, russian):
    assert kk.short_tenge(thousands) == kazakh.replace(" ", NBSP)
    assert ru.short_tenge(thousands) == russian.replace(" ", NBSP)


def test_short_form_rounds_half_up_like_the_browser():
    # 1 250 thousand = 1,25 million: Math.round in site.js gives 1,3, and so must Python
    assert short_amount(1250.0) == ("1,3", "million")


def test_dates_read_as_in_each_language():
    day = dt.date(2026, 1, 15)
    assert kk.date(day) == "2026 жылғы 15 қаңтар"
    assert ru.date(day) == "15 января 2026 г."


def test_every_month_has_a_name_in_both_languages():
    assert len(STRINGS["kk"]["date.months"]) == len(STRINGS["ru"]["date.months"]) == 12
    assert ru.date(dt.date(2025, 12, 3)) == "3 декабря 2025 г."
    assert kk.date(dt.date(2025, 5, 9)) == "2025 жылғы 9 мамыр"


def test_grant_periods_read_as_one_year_or_a_range():
    assert kk.years(2026, 2026) == "2026 жыл"
    assert ru.years(2026, 2028) == "2026–2028 годы"


def test_numbers_and_file_sizes():
    assert ru.number(1000) == f"1{NBSP}000"
    assert ru.number(2.5) == "2,5"
    assert ru.size(812) == f"812{NBSP}байт"
    assert kk.size(12_595) == f"12,3{NBSP}КБ"
    assert ru.size(4_299_161) == f"4,1{NBSP}МБ"
