"""What tests share besides fixtures: where the project and its shipped content are, and the CLI as editors run it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SOURCE_DOCUMENT = CONTENT / "2026" / "akmola" / "2026-akmola.kk.txt"


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run build.py as an editor would, capturing its output."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)
