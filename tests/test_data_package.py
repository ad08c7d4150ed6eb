"""The data package as a whole: Frictionless-valid descriptor, checksums, sources, layout, determinism."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grantsite import output
from grantsite.check import TABLES, check_content as check, table_schema
from grantsite.content import load_vocabularies
from grantsite.data import write_package
from grantsite.data.descriptor import published_schema
from grantsite.pipeline import Config

FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def build_data(checked, out: Path, content: Path | None = None):
    """Only the data stage, into a fresh site folder: (site folder, manifest)."""
    config = Config(content=content) if content else Config()
    with output.staging(out) as site:
        manifest = write_package(checked, load_vocabularies(), site, config)
    return out, manifest


@pytest.fixture(scope="module")
def package(checked, tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)  # these tests expect the build's own fixed dates
        return build_data(checked, tmp_path_factory.mktemp("data") / "site")


def descriptor(site: Path, folder: str = "data") -> dict:
    return json.loads((site / folder / "datapackage.json").read_text(encoding="utf-8"))


def frictionless_report(path: Path) -> dict:
    """`frictionless validate --json site/data/datapackage.json`, run from the folder above the site."""
    done = subprocess.run([str(FRICTIONLESS), "validate", "--json", str(path.relative_to(path.parents[2]))],
                          cwd=path.parents[2], capture_output=True, text=True, timeout=300)
    return json.loads(done.stdout)


def errors_of(report: dict) -> list[str]:
    return [e["type"] for task in report["tasks"] for e in task["errors"]] + [e["type"] for e in report["errors"]]


@pytest.mark.parametrize("folder", ["data", "data/2026"])
def test_frictionless_validate_reports_the_package_valid(package, folder):
    site, _ = package
    report = frictionless_report(site / folder / "datapackage.json")
    assert report["valid"], errors_of(report)
    assert {t["name"] for t in report["tasks"]} >= set(TABLES)


def test_descriptor_follows_the_data_package_v2_profile(package):
    site, _ = package
    d = descriptor(site)
    assert d["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert d["version"] and d["name"] == "kz-ngo-state-grant-priorities"
    assert all(r.get("type") in (None, "table") for r in d["resources"])  # v2 knows no other resource type
    assert all(c["roles"] for c in d["contributors"])


def test_descriptor_names_the_licences_of_the_compilation_and_of_the_official_texts(package):
    site, _ = package
    licences = {lic["name"]: lic for lic in descriptor(site)["licenses"]}
    assert licences["CC-BY-4.0"]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "Art. 8" in licences["other-pd"]["title"]


def test_descriptor_has_title_and_description_in_kazakh_and_russian(package):
    site, _ = package
    d = descriptor(site)
    assert "басым бағыттары" in d["i18n"]["kk"]["title"]
    assert "тысячах тенге" in d["i18n"]["ru"]["description"] and "мың теңгемен" in d["i18n"]["kk"]["description"]
    assert "grant-priorities.xlsx" in d["description"] and "{xlsx}" not in d["description"]


def test_every_table_resource_carries_the_schema_that_validated_the_content(package):
    site, _ = package
    resources = {r["name"]: r for r in descriptor(site)["resources"]}
    vocab = load_vocabularies()
    for name in TABLES:
        assert resources[name]["path"] == f"{name}.csv"
        assert resources[name]["schema"] == published_schema(table_schema(name, vocab))


def test_self_reference_of_territories_is_written_the_v2_way(package):
    site, _ = package
    territories = next(r for r in descriptor(site)["resources"] if r["name"] == "territories")
    assert territories["schema"]["foreignKeys"] == [{"fields": ["parent"], "reference": {"fields": ["kato"]}}]


def test_size_and_sha256_in_the_descriptor_match_every_file(package):
    site, _ = package
    for folder in ("data", "data/2026"):
        d = descriptor(site, folder)
        described = d["resources"] + d["downloads"]
        assert {Path(x["path"]).suffix for x in described} >= {".csv", ".json", ".txt", ".xlsx", ".sqlite"}
        for item in described:
            content = (site / folder / item["path"]).read_bytes()
            assert item["bytes"] == len(content), item["path"]
            assert item["hash"] == "sha256:" + hashlib.sha256(content).hexdigest(), item["path"]


def test_a_file_changed_after_publication_makes_the_package_invalid(package, tmp_path):
    site, _ = package
    copy = tmp_path / "data"
    shutil.copytree(site / "data", copy)
    csv = copy / "priorities.csv"
    csv.write_bytes(csv.read_bytes().replace(b"5000.0", b"5001.0", 1))
    report = frictionless_report(copy / "datapackage.json")
    assert not report["valid"]
    assert "hash-count" in errors_of(report)


def test_a_broken_foreign_key_makes_the_package_invalid(package, tmp_path):
    site, _ = package
    copy = tmp_path / "data"
    shutil.copytree(site / "data", copy)
    csv = copy / "priorities.csv"
    content = csv.read_bytes().replace(b",110000000,", b",999999999,", 1)  # a territory that does not exist
    csv.write_bytes(content)
    d = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in d["resources"] if r["name"] == "priorities")
    resource.update(bytes=len(content), hash="sha256:" + hashlib.sha256(content).hexdigest())
    resource["schema"]["fields"] = [{k: v for k, v in f.items() if k != "constraints" or f["name"] != "territory"}
                                    for f in resource["schema"]["fields"]]  # leave the check to the foreign key
    (copy / "datapackage.json").write_text(json.dumps(d), encoding="utf-8")
    report = frictionless_report(copy / "datapackage.json")
    assert not report["valid"]
    assert errors_of(report) == ["foreign-key"]


def test_the_official_source_document_travels_with_the_package(package):
    site, _ = package
    d = descriptor(site)
    official = Path("content/2026/akmola/2026-akmola.kk.txt")
    source = next(s for s in d["sources"] if "path" in s)
    assert source["path"] == "sources/2026-akmola/2026-akmola.kk.txt"
    assert "Ақмола облысының ішкі саясат басқармасы" in source["title"]
    assert (site / "data" / source["path"]).read_bytes() == (Path(__file__).parent.parent / official).read_bytes()


def test_a_missing_source_document_is_named_but_not_shipped(content_tree, tmp_path):
    (content_tree.root / "2026/akmola/2026-akmola.kk.txt").unlink()
    site, manifest = build_data(check(content_tree.root), tmp_path / "site", content_tree.root)
    d = descriptor(site)
    assert [s for s in d["sources"] if "Ақмола" in s["title"]] and all("path" not in s for s in d["sources"])
    assert not any(f.path.endswith(".txt") for f in manifest)
    assert frictionless_report(site / "data" / "datapackage.json")["valid"]


def test_a_source_document_name_never_reaches_outside_the_lists_folder(content_tree, tmp_path):
    content_tree("2026/secret.txt", "not a source document\n")
    listing = content_tree.root / "2026/akmola/list.yaml"
    listing.write_text(listing.read_text(encoding="utf-8").replace(
        "document: 2026-akmola.kk.txt", "document: ../secret.txt"), encoding="utf-8")
    site, manifest = build_data(check(content_tree.root), tmp_path / "site", content_tree.root)
    assert not any("secret" in f.path for f in manifest)
    assert all("path" not in s for s in descriptor(site)["sources"])


def test_manifest_lists_every_file_written_with_its_size_and_checksum(package):
    site, manifest = package
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert {f.path for f in manifest} == on_disk
    for f in manifest:
        content = (site / f.path).read_bytes()
        assert (f.bytes, f.sha256) == (len(content), hashlib.sha256(content).hexdigest())


def test_manifest_says_which_table_format_and_year_each_file_holds(package):
    _, manifest = package
    by_path = {f.path: f for f in manifest}
    assert (by_path["data/priorities.csv"].table, by_path["data/priorities.csv"].format) == ("priorities", "csv")
    assert by_path["data/priorities.csv"].year is None and by_path["data/2026/results.json"].year == 2026
    assert by_path["data/grant-priorities.sqlite"].table is None
    assert by_path["data/2026/grant-priorities-2026.xlsx"].format == "xlsx"
    assert by_path["data/p/2026-akmola-03.json"].priority_id == "2026-akmola-03"
    assert by_path["data/priorities.json"].priority_id is None


def test_zip_holds_the_whole_package_in_one_folder(package):
    site, manifest = package
    with zipfile.ZipFile(site / "data" / "grant-priorities.zip") as archive:
        names = archive.namelist()
        assert archive.read("grant-priorities/datapackage.json") == (site / "data" / "datapackage.json").read_bytes()
    expected = {f.path.removeprefix("data/") for f in manifest if f.year is None and f.format != "zip"}
    assert {n.removeprefix("grant-priorities/") for n in names} == expected


def test_two_builds_of_the_same_content_are_byte_identical(checked, package, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site, first = package
    _, second = build_data(checked, tmp_path / "again")
    assert [(f.path, f.sha256) for f in first] == [(f.path, f.sha256) for f in second]


def test_source_date_epoch_dates_the_package_and_nothing_else_does(checked, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    site, _ = build_data(checked, tmp_path / "site")
    assert descriptor(site)["created"] == "2026-01-01T00:00:00Z"
    with zipfile.ZipFile(site / "data" / "grant-priorities.zip") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_without_source_date_epoch_the_descriptor_has_no_creation_time(package):
    site, _ = package
    assert "created" not in descriptor(site)


def test_each_year_has_a_package_of_its_own_rows(content_tree, tmp_path):
    shutil.copytree(content_tree.root / "2026", content_tree.root / "2025")
    checked = check(content_tree.root)
    assert checked.ok, [p for p in checked.problems if p.severity == "error"]
    site, _ = build_data(checked, tmp_path / "site", content_tree.root)
    for folder, ids in (("data", {"2025-akmola", "2026-akmola"}), ("data/2025", {"2025-akmola"})):
        lists = json.loads((site / folder / "lists.json").read_bytes())
        priorities = json.loads((site / folder / "priorities.json").read_bytes())
        assert {r["id"] for r in lists} == ids and {r["list_id"] for r in priorities} == ids
        assert len(json.loads((site / folder / "territories.json").read_bytes())) == len(load_vocabularies().territories)
    assert descriptor(site, "data/2025")["title"].endswith("— 2025")
    assert frictionless_report(site / "data" / "2025" / "datapackage.json")["valid"]


def test_the_site_build_publishes_the_data_package(built_site, package):
    site, manifest = package
    for f in manifest:
        assert (built_site / f.path).read_bytes() == (site / f.path).read_bytes(), f.path
