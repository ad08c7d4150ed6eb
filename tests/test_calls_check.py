"""`build.py check` on calls: an impossible window, a date that does not exist, a link that is not a web
address — each reported at the file and line of the value, never as a traceback."""
from __future__ import annotations

import pytest
from support import run_cli

from grantsite.check import check_content

LIST = "2026/akmola/list.yaml"
WINDOW = "calls:\n- opens: 2026-03-02 09:00\n  closes: 2026-03-31 18:00\n"


def with_calls(tree, text: str, relative: str = LIST):
    """The shipped list (or a priority) with `calls: []` replaced, or calls added, by text."""
    path = tree.root / relative
    old = path.read_text(encoding="utf-8")
    new = old.replace("calls: []\n", text) if "calls: []\n" in old else old.rstrip("\n") + "\n" + text
    path.write_text(new, encoding="utf-8")
    return path


def line_of(path, fragment: str) -> int:
    """The line of the last occurrence (the calls are at the end of the file; `url:` is also in `source`)."""
    return max(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line)


def errors(tree):
    return [p for p in check_content(tree.root).problems if p.severity == "error"]


def test_a_call_closing_before_it_opens_is_an_error_at_closes(content_tree):
    path = with_calls(content_tree, "calls:\n- opens: 2026-03-02 09:00\n  closes: 2026-02-03 18:00\n")
    [p] = errors(content_tree)
    assert (p.code, p.line, p.field) == ("call-window", line_of(path, "closes:"), "calls.0.closes")
    assert p.path.endswith("2026/akmola/list.yaml")
    assert "closes (2026-02-03 18:00) before it opens (2026-03-02 09:00)" in p.message


def test_a_call_closing_the_minute_it_opens_is_an_error(content_tree):
    with_calls(content_tree, "calls:\n- opens: 2026-03-02 09:00\n  closes: 2026-03-02 09:00\n")
    assert [p.code for p in errors(content_tree)] == ["call-window"]


def test_a_call_announced_after_it_closed_is_an_error_at_announced(content_tree):
    path = with_calls(content_tree, "calls:\n- announced: 2026-04-01\n  opens: 2026-03-02 09:00\n"
                                    "  closes: 2026-03-31 18:00\n")
    [p] = errors(content_tree)
    assert (p.code, p.line) == ("call-window", line_of(path, "announced:"))


def test_a_call_announced_on_its_opening_day_is_fine(content_tree):
    with_calls(content_tree, "calls:\n- announced: 2026-03-02\n  opens: 2026-03-02 09:00\n"
                             "  closes: 2026-03-31 18:00\n")
    assert errors(content_tree) == []


def test_a_date_that_does_not_exist_is_an_error_at_its_line(content_tree):
    path = with_calls(content_tree, "calls:\n- opens: 2026-02-30 09:00\n  closes: 2026-03-31 18:00\n")
    [p] = errors(content_tree)
    assert (p.code, p.line, p.col) == ("invalid-value", line_of(path, "opens:"), 3)
    assert "'calls[0].opens' is '2026-02-30 09:00', not a real date and time (day is out of range" in p.message
    assert "Astana time" in p.hint


def test_a_date_that_does_not_exist_written_as_a_yaml_timestamp_is_refused_at_its_line(content_tree):
    path = with_calls(content_tree, "calls:\n- opens: 2026-03-02 09:00\n  closes: 2026-02-30 18:00:00\n")
    [p] = errors(content_tree)
    assert (p.code, p.line) == ("invalid-value", line_of(path, "closes:"))
    assert "2026-02-30 18:00:00" in p.message


def test_an_announcement_date_that_does_not_exist_is_refused_at_its_line(content_tree):
    path = with_calls(content_tree, "calls:\n- announced: 2026-02-30\n" + WINDOW.split("\n", 1)[1])
    [p] = errors(content_tree)
    assert (p.code, p.line) == ("invalid-value", line_of(path, "announced:"))


def test_a_closing_date_without_a_time_is_an_error_that_asks_for_the_time(content_tree):
    path = with_calls(content_tree, "calls:\n- opens: 2026-03-02 09:00\n  closes: 2026-03-31\n")
    [p] = errors(content_tree)
    assert (p.code, p.line) == ("invalid-value", line_of(path, "closes:"))
    assert "a date without a time" in p.message


@pytest.mark.parametrize("link", ["ftp://example.org/konkurs", "javascript:alert(1)", "example.org/konkurs",
                                  "'https://example.org/two words'", "'https://example.org/\"onmouseover=x'",
                                  "'https://example.org/<b>'"])
def test_a_link_that_is_not_an_http_address_is_an_error_at_its_line(content_tree, link):
    path = with_calls(content_tree, WINDOW + f"  url: {link}\n")
    [p] = errors(content_tree)
    assert (p.code, p.line, p.field) == ("bad-format", line_of(path, "url:"), "calls.0.url")
    assert "not a web address starting with http:// or https://" in p.message


def test_an_http_link_is_accepted(content_tree):
    with_calls(content_tree, WINDOW + "  url: http://example.org/konkurs?id=7\n")
    assert errors(content_tree) == []


def test_a_missing_closing_time_is_a_missing_field_at_the_call(content_tree):
    path = with_calls(content_tree, "calls:\n- opens: 2026-03-02 09:00\n")
    [p] = errors(content_tree)
    assert (p.code, p.line) == ("missing-field", line_of(path, "- opens:"))
    assert "'calls[0].closes' is missing" in p.message


def test_a_misspelt_field_of_a_call_gets_a_suggestion(content_tree):
    with_calls(content_tree, WINDOW + "  ulr: https://example.org\n")
    [p] = errors(content_tree)
    assert (p.code, p.hint) == ("unknown-key", "did you mean 'url'?")


def test_calls_written_as_one_mapping_instead_of_a_list_are_a_wrong_type(content_tree):
    with_calls(content_tree, "calls:\n  opens: 2026-03-02 09:00\n  closes: 2026-03-31 18:00\n")
    [p] = errors(content_tree)
    assert p.code == "wrong-type" and "'calls' should be a list" in p.message


def test_a_note_in_one_language_only_is_a_missing_language(content_tree):
    with_calls(content_tree, WINDOW + "  note:\n    kk: Екінші кезең.\n")
    [p] = errors(content_tree)
    assert (p.code, p.field) == ("missing-language", "calls.0.note.ru")


def test_a_priority_call_is_reported_in_the_priority_file(content_tree):
    path = with_calls(content_tree, "calls:\n- opens: 2026-05-02 09:00\n  closes: 2026-04-02 18:00\n",
                      "2026/akmola/02.yaml")
    [p] = errors(content_tree)
    assert (p.code, p.line) == ("call-window", line_of(path, "closes:")) and p.path.endswith("2026/akmola/02.yaml")


def test_every_broken_call_of_a_file_is_reported_at_once(content_tree):
    with_calls(content_tree, "calls:\n- opens: 2026-02-30 09:00\n  closes: 2026-03-31 18:00\n"
                             "- opens: 2026-03-02 09:00\n  closes: 2026-03-01 18:00\n  url: ftp://x\n")
    assert sorted(p.code for p in errors(content_tree)) == ["bad-format", "call-window", "invalid-value"]


def test_the_cli_prints_each_call_problem_as_file_line_col_and_exits_1(content_tree):
    path = with_calls(content_tree, "calls:\n- opens: 2026-03-02 09:00\n  closes: 2026-02-03 18:00\n"
                                    "  url: ftp://example.org\n")
    done = run_cli("check", "--content", str(content_tree.root))
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if " error " in line]
    assert lines[0].startswith(f"{path}:{line_of(path, 'closes:')}:3: error call-window: ")
    assert lines[1].startswith(f"{path}:{line_of(path, 'url:')}:3: error bad-format: ")
