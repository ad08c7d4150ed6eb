#!/usr/bin/env python3
"""Benchmark: build synthetic corpora and print, per stage, wall time, pages per second and peak memory.

    python bench/run.py --priorities 1000 10000      (make bench)

Corpora are generated once into bench/out/ (deterministic by seed) and reused.  Each size is built in a
fresh process, so peak memory is that build's own.  Figures are reported, never asserted.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))


def corpus(priorities: int, seed: int) -> Path:
    """The synthetic content tree for this size, generated on first use."""
    from bench.generate import generate

    folder = OUT / f"corpus-{priorities}-seed{seed}"
    if not (folder / ".complete").exists():
        subprocess.run(["rm", "-rf", str(folder)], check=True)
        generate(folder, priorities, seed)
        (folder / ".complete").write_text("")
    return folder


def build_once(content: Path, out: Path) -> dict:
    """Build in this process and return the stopwatch's figures (called in a child process)."""
    from grantsite import pipeline

    clock = pipeline.Stopwatch()
    start = time.perf_counter()
    pipeline.build(pipeline.Config(content=content, out=out), clock)
    total = time.perf_counter() - start
    pages = sum(1 for _ in out.rglob("*.html") if "handbook" not in _.parts)
    return {"stages": clock.stages, "total": total, "pages": pages,
            "peak_mb": max(s["peak_mb"] for s in clock.stages.values())}


def report(priorities: int, figures: dict) -> None:
    print(f"\n{priorities} priorities: {figures['pages']} pages, total {figures['total']:.1f} s, "
          f"peak memory {figures['peak_mb']:.0f} MB")
    print(f"  {'stage':<10}{'seconds':>9}{'pages/s':>10}{'peak MB':>9}")
    for stage, s in figures["stages"].items():
        rate = f"{figures['pages'] / s['seconds']:,.0f}" if stage == "render" and s["seconds"] else ""
        print(f"  {stage:<10}{s['seconds']:>9.2f}{rate:>10}{s['peak_mb']:>9.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--priorities", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", nargs=2, metavar=("CONTENT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(build_once(Path(args.child[0]), Path(args.child[1]))))
        return 0
    for size in args.priorities:
        content = corpus(size, args.seed)
        out = OUT / f"site-{size}"
        child = subprocess.run([sys.executable, __file__, "--child", str(content), str(out)],
                               capture_output=True, text=True, check=True)
        report(size, json.loads(child.stdout.strip().splitlines()[-1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
