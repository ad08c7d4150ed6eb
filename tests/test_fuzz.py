"""Property-based: whatever content trees editors produce, check answers with problems, never a traceback,
and a build either publishes a whole site or leaves the previous one untouched."""
from __future__ import annotations

import copy
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st
from support import CONTENT, gone_soon

from grantsite import pipeline
from grantsite.check import check_content
from grantsite.content import CATALOGUE, ContentError

SHIPPED = yaml.safe_load((CONTENT / "2026/akmola/01.yaml").read_text(encoding="utf-8"))
KEYS = ["number", "area", "direction", "problem", "funding", "grant", "territory", "indicators", "results",
        "material_base", "translation", "kk", "ru", "amount", "published", "type", "years", "text", "target"]

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                    st.text(max_size=40), st.sampled_from(["rights-protection", "110000000", "short-term", "5 000,0"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8),
                                                                       inner, max_size=4)), max_leaves=12)


@st.composite
def mutated_priority(draw) -> dict:
    """The real priority 1 with a few of its fields dropped, renamed or replaced by anything at all."""
    record = copy.deepcopy(SHIPPED)
    for _ in range(draw(st.integers(0, 4))):
        key = draw(st.sampled_from(sorted(record) or ["number"]))
        action = draw(st.sampled_from(["drop", "replace", "rename", "nest"]))
        if action == "drop":
            record.pop(key, None)
        elif action == "replace":
            record[key] = draw(values)
        elif action == "rename":
            record[draw(st.text(min_size=1, max_size=10))] = record.pop(key, None)
        elif isinstance(record.get(key), dict) and record[key]:
            inner = draw(st.sampled_from(sorted(record[key], key=str)))
            record[key][inner] = draw(values)
    return record


def write_tree(root: Path, priorities: list, raw: bytes | None) -> None:
    shutil.copytree(CONTENT, root)
    for n, record in enumerate(priorities, start=5):
        text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
        (root / f"2026/akmola/{n:02d}.yaml").write_text(text, encoding="utf-8")
    if raw is not None:
        (root / "2026/akmola/99.yaml").write_bytes(raw)


def assert_problems_are_well_formed(problems) -> None:
    for p in problems:
        assert p.code in CATALOGUE and p.line >= 1 and p.col >= 1 and p.path and p.message
        assert "Traceback" not in str(p)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutated_priority(), max_size=3), st.none() | st.binary(max_size=200))
def test_check_answers_any_content_with_problems_never_an_exception(priorities, raw):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "content"
        write_tree(root, priorities, raw)
        checked = check_content(root)
        assert_problems_are_well_formed(checked.problems)
        assert (checked.catalogue is not None) == checked.ok


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutated_priority(), max_size=2))
def test_build_publishes_a_whole_site_or_keeps_the_previous_one(built_site, priorities):
    with tempfile.TemporaryDirectory() as folder:
        root, out = Path(folder) / "content", Path(folder) / "site"
        shutil.copytree(built_site, out)
        before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
        write_tree(root, priorities, None)
        try:
            pipeline.build(pipeline.Config(content=root, out=out))
        except ContentError as err:
            assert_problems_are_well_formed(err.problems)
            assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
        else:
            assert (out / "kk" / "index.html").exists() and (out / "data" / "datapackage.json").exists()
        assert not list(Path(folder).glob(".site-new-*"))
        assert gone_soon(Path(folder), ".site-old-*")  # deleted by a process of its own (test_output)
