"""What tests share besides fixtures: where the project and its shipped content are, and the CLI as editors run it."""
from __future__ import annotations

import shutil
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


def replace(path, old, new):
    """Replace the first `old` in a file by `new`; `old` must be there (a fixture that finds nothing is a bug)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


FIRST_EDITION = "2026-01-20"


def amend(root: Path) -> Path:
    """Give the shipped Akmola list of a content folder a first edition, as an amending order found it.

    The list folder becomes the current edition (order № 31 of 2026-03-02); editions/2026-01-20/ holds the
    first (order № 12): row 3's funding 4 000 000 where the current edition says 4 400 000, no row 4 (the
    amendment added it), and row 2's Kazakh direction «…қолдау» where it now says «…дамыту».
    """
    folder = root / f"2026/akmola/editions/{FIRST_EDITION}"
    shutil.copytree(root / "2026/akmola", folder)
    (folder / "04.yaml").unlink()
    replace(folder / "list.yaml", "order: null\n  date: null", f"order: '12'\n  date: {FIRST_EDITION}")
    replace(root / "2026/akmola/list.yaml", "order: null\n  date: null", "order: '31'\n  date: 2026-03-02")
    replace(folder / "03.yaml", "amount: 4400000.0", "amount: 4000000.0")
    replace(folder / "03.yaml", "published: 4 400\u00a0000", "published: 4 000\u00a0000")
    replace(folder / "02.yaml", "kk: Ауылда азаматтық бастамаларды дамыту", "kk: Ауылда азаматтық бастамаларды қолдау")
    return root


def add_year_before(root: Path) -> Path:
    """Give the Akmola list of a content folder a list for the year before (2025), made from its own: the
    2026 rows 2–4 as the 2025 rows 1–3 (row 1 is new in 2026), and row 2025/1 with a direction 2026 dropped
    in place of the 2026 row 2 (so 2026 row 2 is new and 2025 row 1 discontinued)."""
    year = root / "2025/akmola"
    shutil.copytree(root / "2026/akmola", year)
    (year / "01.yaml").unlink()
    for n in (2, 3, 4):
        old = year / f"{n:02}.yaml"
        text = old.read_text(encoding="utf-8").replace("2026", "2025").replace(f"number: {n}\n", f"number: {n - 1}\n")
        old.unlink()
        (year / f"{n - 1:02}.yaml").write_text(text, encoding="utf-8")
    for name in ("list.yaml", "2026-akmola.kk.txt"):
        path = year / name
        path.write_text(path.read_text(encoding="utf-8").replace("2026", "2025"), encoding="utf-8")
    (year / "2026-akmola.kk.txt").rename(year / "2025-akmola.kk.txt")
    replace(year / "01.yaml", "kk: Ауылда азаматтық бастамаларды дамыту", "kk: Ауыл жастарының көшбасшылығын дамыту")
    replace(year / "01.yaml", "ru: Развитие гражданских инициатив на селе", "ru: Развитие лидерства сельской молодежи")
    return root


def built_variant(folder: Path, *changes) -> Path:
    """The shipped content copied into folder/content, changed by each of changes (a function of the content
    folder, e.g. amend), and built into folder/site; returns the site."""
    from grantsite import pipeline

    shutil.copytree(CONTENT, folder / "content")
    for change in changes:
        change(folder / "content")
    pipeline.build(pipeline.Config(content=folder / "content", out=folder / "site"))
    return folder / "site"
