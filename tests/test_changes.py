"""Changes between two editions of a list, computed from the model: what a journalist asks ("what changed since
the first edition") and an NGO asks ("is the priority I prepared for still there").  The editions are made
from the shipped 2026 Akmola list, as an amending order would change it."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from support import ROOT

from grantsite.check import check_content
from grantsite.model.changes import compare, normalised, reused_numbers, word_diff
from grantsite.model.records import Funding, Grant, Indicator, Text

FIRST, AMENDED = dt.date(2026, 1, 20), dt.date(2026, 3, 2)


@pytest.fixture(scope="module")
def akmola():
    """The shipped list, as the current edition."""
    [lst] = check_content(ROOT / "content").catalogue.lists
    return dataclasses.replace(lst, approval=dataclasses.replace(lst.approval, date=AMENDED))


def edition(lst, date=FIRST, drop=(), **changed):
    """An edition of lst approved on date, without the priorities numbered in drop, with some priorities
    changed: changed["n3"] = {"funding": Funding(...)} replaces fields of priority 3."""
    priorities = []
    for p in lst.priorities:
        if p.number in drop:
            continue
        priorities.append(dataclasses.replace(p, **changed.get(f"n{p.number}", {})))
    return dataclasses.replace(lst, approval=dataclasses.replace(lst.approval, date=date), priorities=tuple(priorities))


def kinds(changes):
    return sorted((c.priority_id, c.kind, c.field, c.lang) for c in changes)


def test_an_edition_compared_with_itself_has_no_changes(akmola):
    assert compare(akmola, akmola) == ()


def test_a_priority_only_in_the_later_edition_is_added(akmola):
    [change] = compare(edition(akmola, drop=(4,)), akmola)
    assert (change.priority_id, change.kind, change.old) == ("2026-akmola-04", "added", None)
    assert change.new == akmola.priorities[3].direction.kk


def test_a_priority_only_in_the_earlier_edition_is_withdrawn(akmola):
    [change] = compare(akmola, edition(akmola, AMENDED, drop=(4,)))
    assert (change.priority_id, change.kind, change.new) == ("2026-akmola-04", "withdrawn", None)
    assert change.old == akmola.priorities[3].direction.kk


def test_the_corrected_funding_of_row_3_gives_old_new_and_the_difference(akmola):
    # row 3 of the official list gives 4 400 000 thousand tenge where 4 400,0 is meant: what an amendment fixes
    amended = edition(akmola, AMENDED, n3={"funding": Funding(4400.0, "4 400,0")})
    [change] = compare(akmola, amended)
    assert (change.priority_id, change.kind, change.field) == ("2026-akmola-03", "funding", "funding.amount")
    assert (change.old, change.new, change.difference) == ("4400000.0", "4400.0", -4395600.0)


def test_the_editions_dates_are_those_of_their_approval(akmola):
    [change] = compare(edition(akmola, drop=(4,)), akmola)
    assert (change.edition_from, change.edition_to) == (FIRST, AMENDED)


def test_a_reworded_direction_is_a_text_change_in_its_language_only(akmola):
    direction = akmola.priorities[1].direction
    # «Ауылда азаматтық бастамаларды дамыту» was, in the first edition, «… қолдау» (support, not development)
    earlier = edition(akmola, n2={"direction": Text(direction.kk.replace("дамыту", "қолдау"), direction.ru)})
    [change] = compare(earlier, akmola)
    assert (change.priority_id, change.kind, change.field, change.lang) == ("2026-akmola-02", "text", "direction", "kk")
    assert (change.old, change.new) == ("Ауылда азаматтық бастамаларды қолдау", direction.kk)


def test_a_reworded_direction_in_both_languages_gives_one_change_per_language(akmola):
    direction = akmola.priorities[1].direction
    reworded = Text(direction.kk + " және бағалау", direction.ru + " и оценку")
    assert kinds(compare(edition(akmola, n2={"direction": reworded}), akmola)) == [
        ("2026-akmola-02", "text", "direction", "kk"), ("2026-akmola-02", "text", "direction", "ru")]


def test_a_word_diff_shows_the_words_taken_out_and_put_in(akmola):
    old = "Жастар арасында тәуелділікті алдын алуға бағытталған іс-шараларды ұйымдастыру"
    new = "Жастар арасында тәуелділіктің алдын алуға бағытталған жобаларды ұйымдастыру"
    assert word_diff(old, new) == (("equal", "Жастар арасында"), ("delete", "тәуелділікті"),
                                   ("insert", "тәуелділіктің"), ("equal", "алдын алуға бағытталған"),
                                   ("delete", "іс-шараларды"), ("insert", "жобаларды"), ("equal", "ұйымдастыру"))


def test_a_word_diff_of_a_text_that_appeared_is_all_inserted():
    assert word_diff(None, "Жаңа мәтін") == (("insert", "Жаңа мәтін"),)


def test_priorities_renumbered_after_a_withdrawal_are_matched_by_direction(akmola):
    without_first = edition(akmola, AMENDED, drop=(1,))
    renumbered = dataclasses.replace(without_first, priorities=tuple(
        dataclasses.replace(p, number=p.number - 1, id=f"2026-akmola-{p.number - 1:02d}")
        for p in without_first.priorities))
    changes = compare(akmola, renumbered)
    assert kinds(changes) == [("2026-akmola-01", "renumbered", "number", None),
                              ("2026-akmola-01", "withdrawn", None, None),
                              ("2026-akmola-02", "renumbered", "number", None),
                              ("2026-akmola-03", "renumbered", "number", None)]
    assert [(c.old, c.new) for c in changes if c.kind == "renumbered"] == [("2", "1"), ("3", "2"), ("4", "3")]


def test_a_number_reused_for_another_direction_is_a_withdrawal_and_an_addition(akmola):
    other = akmola.priorities[0].direction  # anti-corruption culture, nothing like row 4's direction
    reused = edition(akmola, AMENDED, n4={"direction": other, "problem": akmola.priorities[0].problem})
    changes = compare(akmola, reused)
    assert sorted(c.kind for c in changes if c.priority_id == "2026-akmola-04") == ["added", "withdrawn"]
    [(before, after)] = reused_numbers(akmola, reused)
    assert (before.number, after.direction) == (4, other)


def test_a_reworded_direction_does_not_count_as_a_reused_number(akmola):
    direction = akmola.priorities[3].direction
    reworded = edition(akmola, n4={"direction": Text(direction.kk + " және қолдау", direction.ru)})
    assert reused_numbers(reworded, akmola) == []


def test_grant_type_count_years_and_territory_changes_are_named_by_field(akmola):
    grant = akmola.priorities[0].grant
    earlier = edition(akmola, n1={"grant": Grant("medium-term", 2, 2026, 2027), "territory": "111000000"})
    changes = {c.field: (c.old, c.new) for c in compare(earlier, akmola)}
    assert changes == {"grant.type": ("medium-term", grant.type), "grant.count": ("2", str(grant.count)),
                       "grant.years": ("2026–2027", "2026"), "territory": ("111000000", akmola.priorities[0].territory)}


def test_an_area_moved_is_a_change_of_the_area_code(akmola):
    [change] = compare(edition(akmola, n1={"area": "youth-children"}), akmola)
    assert (change.kind, change.old, change.new) == ("area", "youth-children", akmola.priorities[0].area)


def test_an_indicator_reworded_names_its_position(akmola):
    first = akmola.priorities[2].indicators
    reworded = (dataclasses.replace(first[0], text=Text(first[0].text.kk.replace("3 мың", "2 мың"), first[0].text.ru)),
                *first[1:])
    [change] = compare(edition(akmola, n3={"indicators": reworded}), akmola)
    assert (change.field, change.lang) == ("indicators[1]", "kk") and "3 мың" in change.new


def test_an_indicator_added_is_a_text_that_appeared(akmola):
    more = (*akmola.priorities[2].indicators, Indicator(9, Text("Жаңа индикатор", "Новый индикатор")))
    changes = compare(akmola, edition(akmola, AMENDED, n3={"indicators": more}))
    assert [(c.field, c.lang, c.old, c.new) for c in changes] == [("indicators[9]", "kk", None, "Жаңа индикатор"),
                                                                  ("indicators[9]", "ru", None, "Новый индикатор")]


def test_directions_are_compared_without_case_spacing_or_closing_punctuation():
    assert normalised("  Жастар  арасында\nтәуелділік.") == normalised("жастар арасында тәуелділік")
    assert normalised("Жастар") != normalised("Жасар")
