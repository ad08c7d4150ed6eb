"""Amounts and numeric targets as official Kazakh and Russian texts write them."""
from __future__ import annotations

import pytest

from grantsite.content import format_amount, load_vocabularies, parse_amount, parse_target

UNITS = load_vocabularies().units


@pytest.mark.parametrize("published, amount", [
    ("5\u00a0000,0", 5000.0), ("5 000,0", 5000.0), ("4 400\u00a0000", 4400000.0), ("6000", 6000.0),
    ("700,5", 700.5), ("12 975,25", 12975.25), ("5000.0", 5000.0),
])
def test_amounts_as_published_are_read(published, amount):
    assert parse_amount(published) == amount


@pytest.mark.parametrize("published", ["", "бес мың", "5 00,0", "-5 000", "5,000,0", "1 2345", "5 000 тг"])
def test_text_that_is_not_a_plain_amount_is_not_guessed(published):
    assert parse_amount(published) is None


def test_amounts_are_formatted_with_no_break_spaces_and_a_decimal_comma():
    assert format_amount(4400000) == "4\u00a0400\u00a0000,0"
    assert format_amount(800, decimals=0) == "800"


@pytest.mark.parametrize("text, value, unit, qualifier", [
    ("Ақмола облысы жастарының саны - кемінде 1 000 адам;", 1000, "persons", "at-least"),
    ("арту үлесі - кемінде 70 % (сауалнама нәтижелері бойынша);", 70, "percent", "at-least"),
    ("ауылдық үкіметтік емес ұйымдарының кемінде 20% -ын тарту;", 20, "percent", "at-least"),
    ("қатысқан жастар саны – кемінде 3 мың адам;", 3000, "persons", "at-least"),
    ("Жобаға қатысуға дайын 100 волонтер/тең дәрежелі кеңесшіні дайындау", 100, "persons", "exact"),
    ("кемінде 3 шағын грант (1 грант үшін кемінде 700 мың теңге сомаға)", 3, "grants", "at-least"),
    ("кең аудиториясы бар (кемінде 50 мың жазылушысы бар) платформаларда", 50000, "subscribers", "at-least"),
    ("охваченной мероприятиями, – не менее 1 000 человек;", 1000, "persons", "at-least"),
])
def test_targets_are_read_from_official_wording(text, value, unit, qualifier):
    target = parse_target(text, UNITS)
    assert (target.value, target.unit, target.qualifier) == (value, unit, qualifier)


def test_a_number_without_a_known_unit_is_not_a_target():
    assert parse_target("Ақмола облысының 14 жастан 35 жасқа дейінгі жастары", UNITS) is None
