"""What tests share besides fixtures: where the project and its shipped content are, and the CLI as editors run it."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SOURCE_DOCUMENT = CONTENT / "2026" / "akmola" / "2026-akmola.kk.txt"


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run build.py as an editor would, capturing its output."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def gone_soon(folder: Path, pattern: str, seconds: float = 20) -> bool:
    """Whether nothing in folder matches pattern within a few seconds (a replaced site is deleted by a
    process of its own after the build: output._remove_detached)."""
    until = time.monotonic() + seconds
    while list(Path(folder).glob(pattern)) and time.monotonic() < until:
        time.sleep(0.05)
    return not list(Path(folder).glob(pattern))


def copy_pages(site: Path, pages, folder: Path, transform) -> None:
    """Write each page of a built site (site-relative paths) into folder, transformed: what Pagefind is run on."""
    for rel in pages:
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(transform((site / rel).read_text(encoding="utf-8")), encoding="utf-8")
