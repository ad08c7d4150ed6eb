"""The golden-output fixture: the small content in tests/golden/content rendered with a fixed manifest.

Only the render stage runs (no data package, handbook or search), so the expected output changes only when
pages change.  Static assets (CSS, JS) are not part of the golden output.
"""
from __future__ import annotations

from pathlib import Path

from grantsite import output, pipeline
from grantsite.check import check_content
from grantsite.content import load_vocabularies
from grantsite.data import DataFile
from grantsite.site import render

HERE = Path(__file__).resolve().parent
CONTENT = HERE / "content"
EXPECTED = HERE / "expected"
BASE_URL = "https://example.org/grants/"
MANIFEST = [  # what the data stage would report: a whole-package file, a table, a year, a record, a source
    DataFile("data/datapackage.json", None, "json", None, 2048, "0" * 64),
    DataFile("data/priorities.csv", "priorities", "csv", None, 15_788, "1" * 64),
    DataFile("data/priorities.json", "priorities", "json", None, 17_508, "2" * 64),
    DataFile("data/2025/priorities.csv", "priorities", "csv", 2025, 9_000, "3" * 64),
    DataFile("data/sources/2025-akmola/2025-akmola.kk.txt", None, "txt", None, 190, "4" * 64),
    DataFile("data/p/2025-akmola-01.json", "priorities-nested", "json", 2025, 1_200, "5" * 64),
    DataFile("data/p/2025-akmola-01.csv", "priorities", "csv", 2025, 800, "6" * 64),
]


def render_fixture(out: Path) -> dict[str, bytes]:
    """Render the fixture into out (a fresh folder) and return the golden files: path → bytes."""
    checked = check_content(CONTENT)
    assert checked.ok, [str(p) for p in checked.problems]
    config = pipeline.Config(content=CONTENT, out=out, base_url=BASE_URL)
    with output.staging(out) as site:
        render.render_site(checked, load_vocabularies(), site, config, MANIFEST)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.relative_to(out).parts[0] != "static"}


def expected() -> dict[str, bytes]:
    """The golden files as committed."""
    return {p.relative_to(EXPECTED).as_posix(): p.read_bytes() for p in sorted(EXPECTED.rglob("*")) if p.is_file()}
