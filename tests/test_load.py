"""Loading content files: positions kept, encodings and line ends tolerated, hostile YAML refused."""
from __future__ import annotations

from support import CONTENT

from grantsite.content import load_content


def test_every_value_knows_its_line_and_column():
    records, problems = load_content(CONTENT)
    record = next(r for r in records if r.path.endswith("01.yaml"))
    assert not problems
    assert record.at("area") == (2, 1)
    assert record.at("indicators", 1, "text", "kk")[0] > record.at("indicators", 0)[0]


def test_year_and_issuer_come_from_the_folders():
    records, _ = load_content(CONTENT)
    assert {(r.year, r.issuer, r.kind) for r in records} == {(2026, "akmola", "list"), (2026, "akmola", "priority")}


def test_bom_and_crlf_line_ends_are_read_like_plain_utf8(content_tree):
    path = content_tree.root / "2026/akmola/01.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    records, problems = load_content(content_tree.root)
    record = next(r for r in records if r.path.endswith("01.yaml"))
    assert not problems and record.data["area"] == "rights-protection" and "\r" not in record.data["problem"]["kk"]


def test_python_specific_yaml_tags_are_not_executed(content_tree):
    content_tree("2026/akmola/05.yaml", "number: !!python/object/apply:os.system ['echo hacked']\n")
    _, problems = load_content(content_tree.root)
    assert [p.code for p in problems] == ["yaml-syntax"]


def test_hidden_and_non_yaml_files_are_ignored(content_tree):
    content_tree("2026/akmola/.01.yaml.swp", "junk")
    content_tree("2026/akmola/notes.txt", "junk")
    _, problems = load_content(content_tree.root)
    assert not problems
