"""The editions of a list in order, a priority followed through them, and an issuer's directions followed
across the years (model/lineage.py), on the real Akmola list."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
from support import FIRST_EDITION, add_year_before, replace

from grantsite.check import check_content
from grantsite.model import amendments, directions, editions, history, successors, year_on_year


def chain_of(root):
    checked = check_content(root)
    assert checked.ok, [str(p) for p in checked.problems if p.severity == "error"]
    [current] = checked.catalogue.lists
    return editions(current, [lst for _, lst in checked.editions.get(current.id, ())])


@pytest.fixture
def renumbered(content_tree):
    """A first edition without today's row 1: the amendment added it at the top and moved rows 1–3 down."""
    root = content_tree.root
    folder = root / f"2026/akmola/editions/{FIRST_EDITION}"
    folder.mkdir(parents=True)
    (folder / "list.yaml").write_text((root / "2026/akmola/list.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    replace(folder / "list.yaml", "date: null", f"date: {FIRST_EDITION}")
    for n in (2, 3, 4):
        text = (root / f"2026/akmola/{n:02}.yaml").read_text(encoding="utf-8")
        (folder / f"{n - 1:02}.yaml").write_text(text.replace(f"number: {n}\n", f"number: {n - 1}\n"), encoding="utf-8")
    return root


def test_the_editions_of_a_list_run_from_the_first_to_the_current_one(amended):
    chain = chain_of(amended.root)
    assert [(e.number, e.current, e.date, e.slug) for e in chain] == [
        (1, False, dt.date(2026, 1, 20), FIRST_EDITION), (2, True, dt.date(2026, 3, 2), "")]


def test_a_list_never_amended_has_one_edition_and_no_amendment(content_tree):
    chain = chain_of(content_tree.root)
    assert len(chain) == 1 and chain[0].current and amendments(chain) == ()


def test_an_amendment_holds_the_changes_between_its_two_editions(amended):
    [amendment] = amendments(chain_of(amended.root))
    assert (amendment.before.number, amendment.after.number) == (1, 2)
    assert [c.kind for c in amendment.changes] == ["text", "funding", "added"]


def test_a_priority_in_the_first_edition_has_a_step_in_each_edition(amended):
    steps = history(chain_of(amended.root), "2026-akmola-03")
    assert [(s.edition.number, s.priority.funding.amount) for s in steps] == [(1, 4000000.0), (2, 4400000.0)]
    assert steps[0].changes == () and [c.kind for c in steps[1].changes] == ["funding"]


def test_a_priority_added_by_an_amendment_starts_its_history_there(amended):
    [step] = history(chain_of(amended.root), "2026-akmola-04")
    assert step.edition.current and [c.kind for c in step.changes] == ["added"]


def test_a_priority_keeps_its_history_when_an_amendment_renumbers_it(renumbered):
    steps = history(chain_of(renumbered), "2026-akmola-03")
    assert [(s.edition.number, s.priority.number) for s in steps] == [(1, 2), (2, 3)]
    assert [(c.kind, c.old, c.new) for c in steps[1].changes] == [("renumbered", "2", "3")]


def test_the_successor_of_an_earlier_priority_is_the_same_priority_today_whatever_its_number(renumbered):
    chain = chain_of(renumbered)
    found = {before: now.number for before, now in successors(chain, chain[0]).items()}
    assert found == {"2026-akmola-01": 2, "2026-akmola-02": 3, "2026-akmola-03": 4}


def test_a_withdrawn_priority_has_no_successor(content_tree):
    root = content_tree.root
    shutil.copytree(root / "2026/akmola", root / f"2026/akmola/editions/{FIRST_EDITION}")
    (root / "2026/akmola/04.yaml").unlink()
    chain = chain_of(root)
    assert sorted(successors(chain, chain[0])) == ["2026-akmola-01", "2026-akmola-02", "2026-akmola-03"]


def test_a_priority_unknown_to_the_current_edition_has_no_history(amended):
    assert history(chain_of(amended.root), "2026-akmola-09") == ()


@pytest.fixture
def two_years(content_tree):
    add_year_before(content_tree.root)
    return check_content(content_tree.root).catalogue.lists


def test_a_direction_is_followed_across_years_by_its_text_whatever_its_number(two_years):
    found = [(d.years, [p.number for p in d.priorities]) for d in directions(two_years) if len(d.years) > 1]
    assert found == [((2025, 2026), [2, 3]), ((2025, 2026), [3, 4])]


def test_directions_differing_only_in_case_and_closing_punctuation_are_one(content_tree):
    add_year_before(content_tree.root)
    replace(content_tree.root / "2025/akmola/03.yaml", "kk: Отбасылық саясатты дамыту және гендерлік теңдікті нығайту",
            "kk: ОТБАСЫЛЫҚ саясатты  дамыту және гендерлік теңдікті нығайту.")
    replace(content_tree.root / "2025/akmola/03.yaml", "ru: Развитие семейной политики", "ru: Другой перевод")
    lists = check_content(content_tree.root).catalogue.lists
    assert [p.id for d in directions(lists) if len(d.years) > 1 for p in d.priorities][-2:] == [
        "2025-akmola-03", "2026-akmola-04"]


def test_year_on_year_names_the_directions_new_in_a_year_and_those_it_dropped(two_years):
    [step] = year_on_year(directions(two_years), [2025, 2026])
    assert (step.year, step.before) == (2026, 2025)
    assert [d.in_year(2026).number for d in step.new] == [1, 2]
    assert [d.in_year(2025).number for d in step.discontinued] == [1]


def test_one_year_has_nothing_to_compare(content_tree):
    lists = check_content(content_tree.root).catalogue.lists
    assert year_on_year(directions(lists), [2026]) == ()

