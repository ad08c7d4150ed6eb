"""Atomic and reproducible builds, beyond tests/test_output.py (bad content, full disk, a killed build):
a broken template leaves the previous site/ as it was and is reported in one line; two builds of the same
content, in other folders, from another working folder, in another time zone and at another time, give
byte-identical trees, data files and handbook included, so published checksums mean something."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from jinja2 import TemplateError
from support import CONTENT, ROOT

import build
from grantsite import pipeline
from grantsite.data.archive import ZIP_EPOCH, source_date

SHIFT_DAYS = 400
# build.py run with the clock 400 days ahead (time.* and datetime.now/today), as a machine with a wrong
# clock or a rebuild next year would be; it says which date it believes it is, so the test can check.
SHIFTED_CLOCK = f"""
import datetime, runpy, sys, time
SHIFT = {SHIFT_DAYS} * 86400
real_time, real_ns = time.time, time.time_ns
time.time = lambda: real_time() + SHIFT
time.time_ns = lambda: real_ns() + SHIFT * 10**9
for name in ("localtime", "gmtime", "ctime"):
    setattr(time, name, lambda secs=None, real=getattr(time, name): real(time.time() if secs is None else secs))
class ShiftedDateTime(datetime.datetime):
    @classmethod
    def now(cls, tz=None): return cls.fromtimestamp(time.time(), tz)
    @classmethod
    def utcnow(cls): return cls.utcfromtimestamp(time.time())
    @classmethod
    def today(cls): return cls.fromtimestamp(time.time())
datetime.datetime = ShiftedDateTime
print("clock:", datetime.datetime.now().date().isoformat(), file=sys.stderr)
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- a broken template -----------------------------------------------------------------------

BREAKAGES = {
    "syntax": ("{% set title = tx.plain(p.direction) %}", "{% set title = tx.plain(p.direction) }", 3,
               "unexpected '}'"),
    "undefined": ("{{ p.number }}", "{{ p.numbr }}", None, "has no attribute 'numbr'"),
}


@pytest.fixture(params=sorted(BREAKAGES))
def broken_templates(request, tmp_path):
    """A copy of templates/ whose priority page is broken: (folder, line of the fault, words of the message)."""
    old, new, line, words = BREAKAGES[request.param]
    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", folder)
    page = folder / "priority.html"
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = line or next(i for i, row in enumerate(text.splitlines(), 1) if old in row)
    return folder, line, words


@pytest.fixture
def previous_site(tmp_path, built_site):
    out = tmp_path / "published" / "site"
    shutil.copytree(built_site, out)
    return out, snapshot(out)


def test_a_template_error_midway_leaves_the_previous_site_intact(previous_site, broken_templates):
    out, before = previous_site
    templates, _, _ = broken_templates
    with pytest.raises(TemplateError):
        pipeline.build(pipeline.Config(content=CONTENT, out=out, templates=templates))
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]  # no staging folder left behind


def test_the_cli_reports_a_template_error_in_one_line_naming_the_template_and_line(
        previous_site, broken_templates, monkeypatch, capsys):
    out, before = previous_site
    templates, line, words = broken_templates
    monkeypatch.setattr(pipeline, "Config", functools.partial(pipeline.Config, templates=templates))
    assert build.main(["build", "--out", str(out)]) == build.EXIT_CONTENT
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert f"priority.html:{line}: template error:" in err and words in err and "is as it was" in err
    assert snapshot(out) == before


# --- reproducible builds ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def shifted_build(tmp_path_factory):
    """The shipped content built again, by the CLI, unlike the session's `built_site` in every way but the
    content: it reads a copy in another folder whose files carry other times, runs from another working
    folder, writes elsewhere, in another time zone and locale, with the clock 400 days ahead."""
    folder = tmp_path_factory.mktemp("second")
    shutil.copytree(CONTENT, folder / "deeper" / "content")
    for path in (folder / "deeper" / "content").rglob("*"):
        os.utime(path, (946_684_800, 946_684_800))  # 2000-01-01
    env = {**{k: v for k, v in os.environ.items() if k not in ("TZ", "LC_ALL", "LANG")},
           "TZ": "Asia/Almaty", "LANG": "kk_KZ.UTF-8", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", SHIFTED_CLOCK, str(ROOT / "build.py"), "build",
         "--content", str(folder / "deeper" / "content"), "--out", str(folder / "x" / "site")],
        cwd="/", env=env, check=True, capture_output=True, text=True)
    believed = dt.date.fromisoformat(result.stderr.split("clock: ", 1)[1].split()[0])
    assert (believed - dt.date.today()).days >= SHIFT_DAYS - 1, "the clock of the second build was not moved"
    return folder / "x" / "site"


def test_two_builds_elsewhere_and_at_another_time_are_byte_identical(built_site, shifted_build):
    assert {"kk/index.html", "ru/feed.xml", "sitemap.xml", "data/datapackage.json", "data/grant-priorities.xlsx",
            "data/grant-priorities.sqlite", "data/grant-priorities.zip", "handbook/index.html"} <= set(snapshot(built_site))
    diff = subprocess.run(["diff", "-r", str(built_site), str(shifted_build)], capture_output=True, text=True)
    assert diff.returncode == 0 and diff.stdout == "", diff.stdout[:3000]


def _shifted_dates() -> list[bytes]:
    """The shifted build's date as files might write it (a day either side: its time zone is not ours)."""
    days = [dt.date.today() + dt.timedelta(days=SHIFT_DAYS + d) for d in (-1, 0, 1)]
    return [day.strftime(form).encode() for day in days for form in ("%Y-%m-%d", "%Y%m%d", "%d.%m.%Y")]


def test_no_file_carries_the_date_of_the_build(shifted_build):
    dated = [p for p in shifted_build.rglob("*") if p.is_file() and any(d in p.read_bytes() for d in _shifted_dates())]
    assert dated == []


@pytest.mark.parametrize("archive", ["data/grant-priorities.zip", "data/grant-priorities.xlsx"])
def test_archives_carry_a_fixed_time_not_the_clock(shifted_build, archive):
    fixed = source_date().timetuple()[:6] if source_date() else ZIP_EPOCH  # SOURCE_DATE_EPOCH, else 1980
    with zipfile.ZipFile(shifted_build / archive) as zipped:
        assert {info.date_time for info in zipped.infolist()} == {fixed}
        inside = b"".join(zipped.read(name) for name in zipped.namelist() if not name.endswith(".sqlite"))
    assert not any(d in inside for d in _shifted_dates())
