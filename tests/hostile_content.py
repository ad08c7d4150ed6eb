"""A content tree full of hostile text that the checker accepts: markup, script and odd links in every text
field a reader sees, formula-like cells, and a 100 kB word.  Shared by the hostile-input, HTML-validity and
browser tests, so each of them looks at the same site."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from support import CONTENT

PRIORITY = "2026/akmola/02.yaml"
PRIORITY_ID = "2026-akmola-02"
LONG_WORD = "Жастар" * 16_000 + "x" * 4_000  # 100 000 characters, no space or hyphen to break at
SHORTER_WORD = "Қазақстан" * 300  # in a title: cards, headings, table cells, the feed

DIRECTION_RU = ('=HYPERLINK("http://evil.example/","x") <script>alert("direction")</script> '
                "[ссылка](javascript:alert(1)) [данные](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) "
                + SHORTER_WORD)
# closing the JSON-LD block early, breaking out of an attribute, an element with a handler
DIRECTION_KK = "</script><script>alert(2)</script> \"onmouseover=\"alert(3) '><svg onload=alert(4)> Ауыл"
PROBLEM_RU = "\n".join([
    "<img src=x onerror=alert(5)>",
    '<iframe src="https://evil.example/"></iframe>',
    "<style>body { display: none }</style>",
    "[x]: javascript:alert(6)",
    "",
    "[x], <javascript:alert(7)>, [e](java&#115;cript:alert(8)), [v](vbscript:msgbox(9)), [f](file:///etc/passwd),"
    " [c](  JAVASCRIPT:alert(10)) ![p](https://evil.example/p.png) <a href=\"javascript:alert(11)\">a</a>",
    "\tАбзац, вставленный с табуляцией.",
    LONG_WORD,
])
INDICATOR_RU = "@SUM(1+1) — количество участников <b onclick=alert(12)>не менее</b> 100 человек"
RESULTS_RU = ["+7 701 000 00 00 <script src=https://evil.example/x.js></script>",
              "-1+1 <object data=https://evil.example/x.swf></object>",
              "=1+1 <embed src=javascript:alert(13)>"]
ISSUER_RU = "Управление <b onmouseover=alert(14)>внутренней</b> политики Акмолинской области"
SOURCE_URL = "https://example.org/list.docx?a=1&b='onmouseover=alert(15)//"  # a valid URL; " < > are refused
SOURCE_NOTE_RU = "Выгрузка [документа](javascript:alert(16)) <script>alert(17)</script>"

# What a spreadsheet would run as a formula; the CSV must defuse each of these.
FORMULA_TEXTS = [DIRECTION_RU, INDICATOR_RU, *RESULTS_RU]


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9), encoding="utf-8")


def _priority(d: dict) -> None:
    d["direction"] = {"kk": DIRECTION_KK, "ru": DIRECTION_RU}
    d["problem"]["ru"] = PROBLEM_RU
    d["indicators"][0]["text"]["ru"] = INDICATOR_RU
    for entry, text in zip(d["results"], RESULTS_RU):
        entry["text"]["ru"] = text


def _list(d: dict) -> None:
    d["issuer"]["name"]["ru"] = ISSUER_RU
    d["source"]["url"] = SOURCE_URL
    d["source"]["note"]["ru"] = SOURCE_NOTE_RU


def write_hostile_tree(root: Path) -> Path:
    """The shipped content with the hostile texts above in priority 2 and in the list; returns root."""
    shutil.copytree(CONTENT, root)
    _edit(root / PRIORITY, _priority)
    _edit(root / "2026/akmola/list.yaml", _list)
    return root
