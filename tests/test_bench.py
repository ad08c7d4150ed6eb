"""The benchmark: its synthetic corpus is deterministic and valid, and its script runs end to end."""
from __future__ import annotations

import subprocess
import sys

from support import ROOT

from grantsite.check import check_content

sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402


def tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_generator_writes_the_same_corpus_for_the_same_seed(tmp_path):
    generate(tmp_path / "a", 60, seed=7)
    generate(tmp_path / "b", 60, seed=7)
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_another_seed_gives_another_corpus(tmp_path):
    generate(tmp_path / "a", 20, seed=1)
    generate(tmp_path / "b", 20, seed=2)
    assert tree(tmp_path / "a") != tree(tmp_path / "b")


def test_the_generated_corpus_passes_the_checker(tmp_path):
    assert generate(tmp_path / "content", 120, seed=3) == 120
    checked = check_content(tmp_path / "content")
    assert checked.ok, [str(p) for p in checked.problems if p.severity == "error"][:5]
    assert len(checked.catalogue.lists) == 3 and len(checked.catalogue.priorities) == 120


def test_the_benchmark_runs_end_to_end_and_prints_every_stage(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--priorities", "20", "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[1].startswith("20 priorities:") and "peak memory" in lines[1]
    stages = {line.split()[0] for line in lines[2:] if line.startswith("  ")}
    assert {"load", "validate", "data", "render", "search", "write", "total"} <= stages
    render = next(line for line in lines if line.split()[:1] == ["render"])
    assert len(render.split()) == 4  # seconds, pages per second, peak MB
    for step in ("pages visible", "year's search refreshed", "year's data package too", "all-years data and summary pages refreshed",
                 "from the disk cache"):
        assert any(step in line for line in lines), step
    assert any(line.startswith("  Hugo + Pagefind") for line in lines)  # measured, or why not


def test_the_hugo_project_holds_every_page_of_ours_each_with_its_texts(tmp_path):
    import json

    from bench.hugo import write_project
    from grantsite.content import load_vocabularies

    generate(tmp_path / "content", 30, seed=4)
    catalogue = check_content(tmp_path / "content").catalogue
    written = write_project(catalogue, load_vocabularies(), tmp_path / "hugo")
    assert written == 2 * (len(catalogue.lists) + 2 * len(catalogue.priorities))
    p = catalogue.priorities[0]
    front, body = (tmp_path / f"hugo/content/ru/p/{p.id}.md").read_text(encoding="utf-8").split("\n\n", 1)
    front = json.loads(front)
    assert front["title"] == p.direction.ru and front["area"] == [p.area] and front["year"] == [str(p.year)]
    assert p.problem.ru.split()[0] in body and p.indicators[0].text.ru.split()[0] in body


def test_rounds_of_ours_and_theirs_in_turn_give_the_median_ratio(capsys):
    from bench.run import report

    stages = {name: {"seconds": 1.0, "peak_mb": 100.0, "children_peak_mb": 0.0} for name in ("load", "render")}
    run = {"stages": stages, "total": 2.0}
    theirs = [{"hugo": h, "pagefind": p, "pages": 10} for h, p in ((1.0, 1.0), (2.0, 2.0), (0.5, 0.5))]
    figures = {"full": {**run, "total": 2.0, "pages": 10}, "quick": {**run, "search": 3.0, "data": 4.0}, "incremental": run,
               "undone": run, "peak_mb": 100.0, "children_peak_mb": 0.0, "hugo": theirs[0],
               "rounds": [(2.0, theirs[0]), (2.0, theirs[1]), (2.0, theirs[2])]}
    report(10, figures)
    out = capsys.readouterr().out
    assert "3 rounds, ours then theirs: 2.0 s against 1.0 + 1.0 s (1.00×); 2.0 s against 2.0 + 2.0 s (0.50×)" in out
    assert "median ratio 1.00× (from 0.50× to 2.00×)" in out


def test_the_report_says_when_the_edited_years_search_and_data_were_refreshed(capsys):
    from bench.run import report

    run = {"stages": {"load": {"seconds": 1.0, "peak_mb": 100.0, "children_peak_mb": 0.0}}, "total": 0.5}
    figures = {"full": {**run, "pages": 10}, "quick": {**run, "search": 3.25, "data": 4.5}, "incremental": run,
               "undone": run, "peak_mb": 100.0, "children_peak_mb": 0.0}
    report(10, figures)
    assert ("its year's search refreshed: 3.25 s after the edit, its year's data package too: 4.50 s after the edit"
            in capsys.readouterr().out)
