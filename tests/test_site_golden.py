"""Golden output: a small fixture site (tests/golden/content) renders byte for byte as committed.

After an intended change of the pages, refresh the expected output with `python tests/golden/refresh.py`
and review `git diff tests/golden/expected`.
"""
from __future__ import annotations

import difflib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "golden"))

from golden import expected, render_fixture  # noqa: E402

REFRESH = "python tests/golden/refresh.py"


def test_fixture_site_renders_exactly_as_the_golden_output(tmp_path):
    got, want = render_fixture(tmp_path / "site"), expected()
    assert sorted(got) == sorted(want), f"other files than expected; if intended, run {REFRESH}"
    for rel in want:
        if got[rel] != want[rel]:
            diff = difflib.unified_diff(want[rel].decode().splitlines(), got[rel].decode().splitlines(),
                                        f"expected/{rel}", f"rendered/{rel}", lineterm="", n=2)
            raise AssertionError(f"{rel} differs (if intended, run {REFRESH}):\n" + "\n".join(list(diff)[:60]))


def test_rendering_twice_gives_identical_bytes(tmp_path):
    assert render_fixture(tmp_path / "one") == render_fixture(tmp_path / "two")


def test_golden_output_keeps_content_html_inert():
    page = expected()["ru/p/2025-akmola-01/index.html"].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "<img" not in page.replace('<img src="../../../static/favicon.svg"', "")  # no picture from another host


def test_golden_output_shows_a_missing_translation_in_the_other_language():
    page = expected()["ru/p/2025-akmola-02/index.html"].decode()
    assert "Текста на русском языке нет" in page
    assert '<span lang="kk">Ауылдағы азаматтық бастамаларды дамыту</span>' in page


def test_golden_output_formats_the_approving_order_and_its_date():
    assert "№ 12-н, 15 января 2025 г." in expected()["ru/list/2025/akmola/index.html"].decode()
    assert "№ 12-н, 2025 жылғы 15 қаңтар" in expected()["kk/list/2025/akmola/index.html"].decode()


def test_golden_output_puts_a_district_priority_on_its_region_page():
    region = expected()["kk/territory/110000000/index.html"].decode()
    assert "p/2025-akmola-01/" in region and "p/2025-akmola-02/" in region
    district = expected()["kk/territory/113200000/index.html"].decode()
    assert "p/2025-akmola-01/" in district and "p/2025-akmola-02/" not in district
