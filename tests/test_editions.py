"""Earlier editions of a list kept in YEAR/ISSUER/editions/YYYY-MM-DD/: read and checked like a list, kept apart
from the current edition, and compared with it.  The fixture is the real 2026 Akmola list as a first edition
that an amending order changed: row 3's funding corrected, row 4 added, row 2's direction reworded."""
from __future__ import annotations

import csv
import shutil

from support import replace

from grantsite.check import check_content
from grantsite.model import compare

FIRST = "2026-01-20"
EDITION = f"2026/akmola/editions/{FIRST}"


def test_a_list_with_an_earlier_edition_checks_without_errors(amended):
    checked = check_content(amended.root)
    assert checked.ok, [str(p) for p in checked.problems if p.severity == "error"]


def test_the_earlier_edition_is_kept_apart_from_the_published_list(amended, content_tree):
    checked = check_content(amended.root)
    [(date, first)] = checked.editions["2026-akmola"]
    assert (date, len(first.priorities), str(first.approval.date)) == (FIRST, 3, FIRST)
    [current] = checked.catalogue.lists
    assert len(current.priorities) == 4 and len(checked.tables["priorities"]) == 4


def test_the_published_tables_are_those_of_the_current_edition_and_the_changes(amended, tmp_path):
    with_edition = check_content(amended.root).tables
    shutil.rmtree(amended.root / "2026/akmola/editions")
    alone = check_content(amended.root).tables
    assert alone["changes"] == [] and len(with_edition["changes"]) == 3
    published = ("lists", "priorities", "indicators", "results", "calls", "areas", "territories")
    assert {k: alone[k] for k in published} == {k: with_edition[k] for k in published}


def test_the_changes_table_has_one_row_per_change_named_by_list_editions_and_place(amended):
    rows = check_content(amended.root).tables["changes"]
    assert [r["id"] for r in rows] == [f"2026-akmola-{FIRST}-2026-03-02-{n}" for n in (1, 2, 3)]
    funding = next(r for r in rows if r["kind"] == "funding")
    assert (funding["priority_id"], funding["old"], funding["new"], funding["difference"]) == (
        "2026-akmola-03", "4000000.0", "4400000.0", 400000.0)
    assert (str(funding["edition_from"]), str(funding["edition_to"])) == (FIRST, "2026-03-02")


def test_the_first_edition_compared_with_the_current_one_names_each_change(amended):
    checked = check_content(amended.root)
    [(_, first)] = checked.editions["2026-akmola"]
    [current] = checked.catalogue.lists
    found = [(c.priority_id, c.kind, c.field, c.lang, c.old, c.new) for c in compare(first, current)]
    assert found == [
        ("2026-akmola-02", "text", "direction", "kk", "Ауылда азаматтық бастамаларды қолдау",
         "Ауылда азаматтық бастамаларды дамыту"),
        ("2026-akmola-03", "funding", "funding.amount", None, "4000000.0", "4400000.0"),
        ("2026-akmola-04", "added", None, None, None, "Отбасылық саясатты дамыту және гендерлік теңдікті нығайту"),
    ]


def test_an_error_in_an_earlier_edition_is_reported_at_its_own_file(amended):
    replace(amended.root / EDITION / "01.yaml", "area: rights-protection", "area: rights-protecton")
    [problem] = [p for p in check_content(amended.root).problems if p.severity == "error"]
    assert problem.code == "unknown-code" and problem.path.endswith(f"{EDITION}/01.yaml")


def test_an_edition_folder_not_named_by_a_date_is_a_bad_path(amended):
    (amended.root / EDITION).rename(amended.root / "2026/akmola/editions/2026-02-30")
    problems = [p for p in check_content(amended.root).problems if p.code == "bad-path"]
    assert problems and all("is not a date written YYYY-MM-DD" in p.message for p in problems)


def test_an_edition_without_its_list_file_is_reported(amended):
    (amended.root / EDITION / "list.yaml").unlink()
    [problem] = [p for p in check_content(amended.root).problems if p.code == "missing-list"]
    assert problem.path.endswith(EDITION)


def test_a_folder_deeper_than_an_edition_is_still_a_bad_path(content_tree):
    content_tree("2026/akmola/drafts/2026-01-20/01.yaml", "number: 1\n")
    [problem] = [p for p in check_content(content_tree.root).problems if p.code == "bad-path"]
    assert "YEAR/ISSUER/editions/YYYY-MM-DD/FILE.yaml" in problem.message


# ---- the published changes ----------------------------------------------------------------------

def test_the_data_package_publishes_one_changes_row_per_change_and_validates(amended, tmp_path):
    from test_data_package import build_data, errors_of, frictionless_report

    site, _ = build_data(check_content(amended.root), tmp_path / "site", amended.root)
    with (site / "data/changes.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [(r["priority_id"], r["kind"], r["old"], r["new"]) for r in rows] == [
        ("2026-akmola-02", "text", "Ауылда азаматтық бастамаларды қолдау", "Ауылда азаматтық бастамаларды дамыту"),
        ("2026-akmola-03", "funding", "4000000.0", "4400000.0"),
        ("2026-akmola-04", "added", "", "Отбасылық саясатты дамыту және гендерлік теңдікті нығайту")]
    for folder in ("data", "data/2026"):
        report = frictionless_report(site / folder / "datapackage.json")
        assert report["valid"], errors_of(report)
        assert "changes" in {t["name"] for t in report["tasks"]}
