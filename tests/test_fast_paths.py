"""The faster paths of the build give what the plain ones gave: JSON bytes, Markdown, work over the cores."""
from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import posixpath
import time

import pytest

from hypothesis import given, strategies as st

from grantsite import jsontext, workers
from grantsite.data.encode import _plain, json_bytes
from grantsite.site import markdown, paths

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                    st.text(), st.dates())
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=5), inner, max_size=4)),
                      max_leaves=25)


PLAIN_FLOATS = st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: "e" not in repr(x))
PLAIN_VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), PLAIN_FLOATS, st.text(), st.dates()),
                            lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                    st.dictionaries(st.text(max_size=5), inner, max_size=4)),
                            max_leaves=25)


@given(PLAIN_VALUES)
def test_json_bytes_are_those_of_the_standard_indented_encoder(value):
    expected = json.dumps(value, ensure_ascii=False, indent=2, default=_plain, allow_nan=False) + "\n"
    assert json_bytes(value) == expected.encode("utf-8")


@given(VALUES)
def test_json_bytes_read_back_to_the_value_floats_with_an_exponent_too(value):
    assert json.loads(json_bytes(value)) == json.loads(json.dumps(value, default=_plain))


@given(st.integers(min_value=2**64, max_value=2**80))
def test_a_whole_number_beyond_64_bits_is_written_as_the_standard_encoder_writes_it(value):
    assert json_bytes({"n": value}) == (json.dumps({"n": value}, indent=2) + "\n").encode()


def test_a_funding_amount_is_written_as_python_writes_it():
    assert json_bytes([1234.5, 0.1, 12.3, 1e16]) == b"[\n  1234.5,\n  0.1,\n  12.3,\n  1e+16\n]\n"


@given(VALUES, st.integers(min_value=1, max_value=4), st.booleans())
def test_indented_json_is_that_of_the_standard_encoder_for_any_indent_and_key_order(value, indent, sort_keys):
    expected = json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys, default=_plain, allow_nan=False)
    assert jsontext.dumps(value, indent=indent, default=_plain, sort_keys=sort_keys) == expected


@given(st.lists(VALUES, max_size=5))
def test_an_array_written_item_by_item_is_the_array_written_at_once(items):
    assert "".join(jsontext.array_chunks(iter(items), default=_plain)) == jsontext.dumps(items, default=_plain)


def test_json_bytes_of_a_table_row_keep_cyrillic_and_dates_as_text():
    assert json_bytes([{"direction_kk": "Әділет", "date": dt.date(2026, 1, 15)}]).decode() == \
        '[\n  {\n    "direction_kk": "Әділет",\n    "date": "2026-01-15"\n  }\n]\n'


def test_a_cached_markdown_text_renders_as_a_fresh_one():
    text = "Бірінші абзац *маңызды*.\nЕкінші <b>абзац</b>."
    first = markdown.block(text)
    assert markdown.block(text) is first  # the second time it comes from the cache
    assert first == markdown._parser(False).render(markdown.paragraphs(text))


def test_work_spread_over_two_workers_comes_back_in_order():
    assert workers.fork_map(lambda n: n * n, range(20), processes=2) == [n * n for n in range(20)]


def test_work_of_one_task_is_done_in_this_process():
    seen = []
    workers.fork_map(seen.append, [1], processes=2)
    assert seen == [1]


def test_work_forked_beside_this_process_is_done_there(tmp_path):
    work = workers.Forked(lambda: (tmp_path / "made").write_text(str(os.getpid())))
    work.wait()
    assert int((tmp_path / "made").read_text()) != os.getpid()


def test_what_forked_work_raises_is_raised_here():
    work = workers.Forked(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        work.wait()


def test_forked_work_that_dies_without_a_word_is_reported_with_its_exit_code():
    work = workers.Forked(lambda: os._exit(3))
    with pytest.raises(RuntimeError, match="exit code 3"):
        work.wait()


def test_stopped_forked_work_leaves_no_process_behind():
    work = workers.Forked(lambda: time.sleep(60))
    work.stop()
    assert multiprocessing.active_children() == []


SEGMENTS = st.lists(st.sampled_from(["kk", "ru", "p", "2026-akmola-01", "data", "index.html", "", "."]), max_size=5)


@given(SEGMENTS, SEGMENTS)
def test_links_between_site_paths_are_those_of_posixpath_relpath(path, start):
    path, start = "/".join(path) or "x", "/".join(start) or "."
    assert paths._relpath(path, start) == posixpath.relpath(path, start)
