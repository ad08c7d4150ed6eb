#!/usr/bin/env python3
"""Benchmark: build synthetic corpora and print, per stage, wall time, pages per second and peak memory.

    python bench/run.py --priorities 1000 10000      (make bench)
    python bench/run.py --priorities 10000 --repeat 3

Corpora are generated once into bench/out/ (deterministic by seed) and reused.  Each size is built in a
fresh process, so peak memory is that build's own: first a full build with an empty cache, then one
priority file is edited and the site rebuilt twice from the cache kept in memory, as `serve` does it: a
quick build (the edited priority's pages are visible, then its year's search bundles and data package are
made again in place) and the full incremental build that refreshes the all-years data package and the
summary pages; then the file is put back and the site rebuilt in a
fresh cache object from the disk cache, as `build.py build` does.  Then Hugo renders the same pages and
Pagefind indexes them (bench/hugo.py), the pipeline a user could pick instead, and the ratio of our full build
to that pair is printed.  A shared machine's speed drifts from minute to minute, Hugo's most of all: with
--repeat N, N rounds of our full build and the Hugo pair, one after the other, give the median ratio and its
range.  Figures are reported, never asserted.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

STAGES = ("load", "validate", "model", "data", "render", "handbook", "search", "write")
EDITED = "2026/region-01/01.yaml"  # the file the incremental builds change (every corpus has it)


def corpus(priorities: int, seed: int, out: Path = OUT) -> Path:
    """The synthetic content tree for this size, generated on first use."""
    from bench.generate import generate

    folder = out / f"corpus-{priorities}-seed{seed}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate(folder, priorities, seed)
        (folder / ".complete").write_text("")
    return folder


def _settled(out: Path, limit: float = 600.0) -> None:
    """Wait until the sites a build replaced are gone: a build hands their removal to a process of its own
    (output._remove_detached), which would otherwise share the machine with whatever is timed next."""
    end = time.monotonic() + limit
    while any(out.parent.glob(f".{out.name}-old-*")) and time.monotonic() < end:
        time.sleep(0.2)


def _timed(config, cache, quick=False) -> dict:
    from grantsite import pipeline
    from grantsite.preview.quick import refresh_data, refresh_search, update_pages
    from grantsite.stopwatch import Stopwatch

    _settled(Path(config.out))
    clock = Stopwatch()
    start = time.perf_counter()
    if quick:  # as `serve` does after an edit: the changed pages, the year's search and data, then the full build
        changed = update_pages(config, cache, clock)
        visible = time.perf_counter() - start
        refresh_search(config, cache, changed, clock)
        searched = time.perf_counter() - start
        refresh_data(config, cache, changed, Stopwatch())  # its own clock: the pages' stages are reported
        return {"stages": clock.stages, "total": visible, "search": searched, "data": time.perf_counter() - start}
    pipeline.build(config, clock, cache)
    return {"stages": clock.stages, "total": time.perf_counter() - start}


def build_once(content: Path, out: Path, workers: int | None = None) -> dict:
    """Full build with an empty cache, then an edit rebuilt quick and in full, then Hugo and Pagefind (called in
    a child process)."""
    from grantsite import cache as caching, pipeline
    from grantsite.preview.quick import prepare

    folder = out.parent / f"{out.name}-cache"
    shutil.rmtree(folder, ignore_errors=True)
    config = pipeline.Config(content=content, out=out, cache=folder, workers=workers)
    cache = caching.Cache(folder)  # kept in memory from build to build, as `serve` keeps it
    full = _timed(config, cache)
    prepare(config)  # as serve does once it has built
    full["pages"] = sum(1 for p in out.rglob("*.html") if p.parts[len(out.parts)] not in ("handbook", "pagefind"))
    edited = content / EDITED
    original = edited.read_bytes()
    try:
        edited.write_text(_edited(original.decode("utf-8")), encoding="utf-8")
        quick = _timed(config, cache, quick=True)
        incremental = _timed(config, cache)
    finally:
        edited.write_bytes(original)
    undone = _timed(config, caching.Cache(folder))  # the edit undone, rebuilt from the disk cache (build.py build)
    peak = max(s["peak_mb"] for s in full["stages"].values())
    children = max(s["children_peak_mb"] for s in full["stages"].values())
    return {"full": full, "quick": quick, "incremental": incremental, "undone": undone, "peak_mb": peak,
            "children_peak_mb": children, "hugo": _hugo_pair(content, out.parent / f"hugo-{out.name}", out)}


def round_once(content: Path, out: Path, workers: int | None = None) -> dict:
    """One more round: a full build with an empty cache, as build.py builds, then the Hugo pair (called in a
    child process of its own, so that no earlier build's memory or caches are inherited)."""
    from grantsite import cache as caching, pipeline

    folder = out.parent / f"{out.name}-cache"
    shutil.rmtree(folder, ignore_errors=True)
    config = pipeline.Config(content=content, out=out, cache=folder, workers=workers)
    ours = _timed(config, caching.Cache(folder))["total"]
    return {"ours": ours, "hugo": _hugo_pair(content, out.parent / f"hugo-{out.name}", out)}


def _hugo_pair(content: Path, folder: Path, ours: Path) -> dict:
    """Hugo and Pagefind on the same corpus, after our builds (so they never share the machine with ours: the
    site our last build replaced is gone first)."""
    from bench.hugo import run_pair
    from grantsite.check import check_content
    from grantsite.content import load_vocabularies

    _settled(ours)
    return run_pair(check_content(content).catalogue, load_vocabularies(), folder)


def _edited(text: str) -> str:
    """The priority file with a sentence added to its Kazakh problem text, as an editor would."""
    import yaml

    from grantsite.importer.run import content_yaml

    record = yaml.safe_load(text)
    record["problem"]["kk"] += " Редактор өзгертті."
    return content_yaml(record)


def report(priorities: int, figures: dict) -> None:
    full = figures["full"]
    print(f"\n{priorities} priorities: {full['pages']} pages, full build {full['total']:.1f} s, peak memory "
          f"{figures['peak_mb']:.0f} MB (largest worker or tool: {figures['children_peak_mb']:.0f} MB)")
    print(f"  {'stage':<10}{'seconds':>9}{'pages/s':>10}{'peak MB':>9}")
    for stage in STAGES:
        s = full["stages"].get(stage)
        if s is None:
            continue
        rate = f"{full['pages'] / s['seconds']:,.0f}" if stage == "render" and s["seconds"] else ""
        print(f"  {stage:<10}{s['seconds']:>9.2f}{rate:>10}{s['peak_mb']:>9.0f}")
    print(f"  {'total':<10}{full['total']:>9.2f}")
    print(f"  serve: one priority edited, its year's search refreshed: {figures['quick']['search']:.2f} s after the edit, "
          f"its year's data package too: {figures['quick']['data']:.2f} s after the edit")
    for name, label in (("quick", "serve: one priority edited, its pages visible"),
                        ("incremental", "serve: then the all-years data and summary pages refreshed (full build)"),
                        ("undone", "build.py build: the edit undone, from the disk cache")):
        run = figures[name]
        parts = ", ".join(f"{k} {v['seconds']:.2f}" for k, v in run["stages"].items()
                          if v["seconds"] >= 0.01 and not (name == "quick" and k == "search"))
        print(f"  {label}: {run['total']:.2f} s ({parts})")
    pair = figures.get("hugo") or {}
    if "missing" in pair:
        print(f"  Hugo + Pagefind: not measured: {pair['missing']}")
    elif pair:
        both = pair["hugo"] + pair["pagefind"]
        print(f"  Hugo + Pagefind on the same pages: Hugo {pair['hugo']:.1f} s ({pair['pages']} pages), Pagefind "
              f"{pair['pagefind']:.1f} s, together {both:.1f} s; our full build is {full['total'] / both:.2f}× that")
        rounds = figures.get("rounds") or []
        if len(rounds) > 1:
            ratios = [ours / (theirs["hugo"] + theirs["pagefind"]) for ours, theirs in rounds]
            print(f"  {len(rounds)} rounds, ours then theirs: " + "; ".join(
                f"{ours:.1f} s against {theirs['hugo']:.1f} + {theirs['pagefind']:.1f} s ({ratio:.2f}×)"
                for (ours, theirs), ratio in zip(rounds, ratios)))
            print(f"  median ratio {statistics.median(ratios):.2f}× (from {min(ratios):.2f}× to {max(ratios):.2f}×)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--priorities", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, help="processes to use (default: one per core)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of our full build and Hugo + Pagefind, in turn")
    parser.add_argument("--out", type=Path, default=OUT, help="where corpora and sites go (default: bench/out)")
    parser.add_argument("--child", nargs=2, metavar=("CONTENT", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--round", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run = round_once if args.round else build_once
        print(json.dumps(run(Path(args.child[0]), Path(args.child[1]), args.workers)))
        return 0
    for size in args.priorities:
        content = corpus(size, args.seed, args.out)
        command = [sys.executable, __file__, "--child", str(content), str(args.out / f"site-{size}")]
        if args.workers:
            command += ["--workers", str(args.workers)]
        figures = _child(command, size)
        if figures is None:
            return 1
        figures["rounds"] = [(figures["full"]["total"], figures["hugo"])]
        for _ in range(args.repeat - 1):  # a shared machine's speed drifts: each round times ours, then theirs
            more = _child(command + ["--round"], size)
            if more is None:
                return 1
            figures["rounds"].append((more["ours"], more["hugo"]))
        report(size, figures)
    return 0


def _child(command: list[str], size: int) -> dict | None:
    child = subprocess.run(command, capture_output=True, text=True)
    if child.returncode != 0:
        print(f"the build of {size} priorities failed:\n{child.stderr}", file=sys.stderr)
        return None
    return json.loads(child.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    sys.exit(main())
