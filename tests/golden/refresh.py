"""Refresh the golden output after an intended change of the pages: `python tests/golden/refresh.py`.

It renders tests/golden/content into tests/golden/expected/ (replacing it).  Review the diff with
`git diff tests/golden/expected` before committing: every change there is a change a reader will see.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from golden import EXPECTED, render_fixture  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        files = render_fixture(Path(tmp) / "site")
    shutil.rmtree(EXPECTED, ignore_errors=True)
    for rel, body in files.items():
        path = EXPECTED / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
    print(f"wrote {len(files)} files to {EXPECTED.relative_to(Path.cwd()) if EXPECTED.is_relative_to(Path.cwd()) else EXPECTED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
