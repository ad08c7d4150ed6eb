"""The pipeline a user could pick instead, on the same corpus: Hugo (Debian's `hugo`) rendering the same pages
(each priority in kk and ru and its bilingual twin, each list, the area/territory/year/grant-type pages as Hugo
taxonomies), then
Pagefind indexing Hugo's priority pages as our search stage indexes ours.  Timed for the benchmark's ratio.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

LANGS = ("kk", "ru")
CONFIG = """baseURL = "http://127.0.0.1:8000/"
defaultContentLanguage = "kk"
defaultContentLanguageInSubdir = true
disableKinds = ["robotsTXT"]
[taxonomies]
  area = "area"
  territory = "territory"
  year = "year"
  grant-type = "grant-type"
[languages.kk]
  contentDir = "content/kk"
  weight = 1
[languages.ru]
  contentDir = "content/ru"
  weight = 2
"""
# Templates of the same shape as ours, small: a frame with the menu, a priority's facts and texts, cards.
LAYOUTS = {
    "_default/baseof.html": """<!doctype html><html lang="{{ .Site.Language.Lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ .Title }}</title>
<meta name="description" content="{{ .Summary | plainify | truncate 160 }}"></head><body>
<header><a href="{{ "/" | relLangURL }}">Home</a><nav><ul>{{ range $name, $_ := .Site.Taxonomies }}
<li><a href="{{ (printf "/%s/" $name) | relLangURL }}">{{ $name }}</a></li>{{ end }}</ul></nav></header>
<main>{{ block "main" . }}{{ end }}</main><footer>{{ .Site.Title }}</footer></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article data-pagefind-body><p>{{ .Params.year }} · № {{ .Params.number }}
· {{ .Params.issuer }}</p><h1>{{ .Title }}</h1><dl><dt>Funding</dt><dd>{{ .Params.funding }}</dd>
<dt>Grant</dt><dd>{{ .Params.grant }}</dd>{{ range .Params.area }}<dt>Area</dt><dd><a href="{{ (printf "/area/%s/" .) | relLangURL }}">{{ . }}</a></dd>{{ end }}
</dl>{{ .Content }}{{ with .Params.priorities }}<ol>{{ range . }}{{ with site.GetPage (printf "/p/%s" .) }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.funding }}</li>{{ end }}{{ end }}</ol>{{ end }}</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ len .Pages }}</p><ol>{{ range .Pages }}
<li><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3><p>{{ .Params.funding }} · {{ .Params.grant }}</p></li>{{ end }}
</ol>{{ end }}
""",
}


def write_project(catalogue, vocab, folder: Path) -> int:
    """A Hugo project of the catalogue in folder; the number of content pages written."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "layouts/_default").mkdir(parents=True)
    (folder / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        (folder / "layouts" / name).write_text(text, encoding="utf-8")
    written = 0
    for lang in LANGS:
        for lst in catalogue.lists:
            page = {"title": lst.title.get(lang) or lst.title.kk, "issuer": lst.issuer.code, "year": lst.year,
                    "priorities": [p.id for p in lst.priorities]}
            written += _write(folder / f"content/{lang}/list/{lst.id}.md", page, "")
        for p in catalogue.priorities:
            written += _write(folder / f"content/{lang}/p/{p.id}.md", _front(p, lang, vocab), _body(p, lang))
            # its twin with both languages' texts, as our /{lang}/p/{id}/bilingual/ (outside the search, as ours)
            twin = {"title": p.direction.get(lang) or p.direction.kk, "number": p.number, "issuer": p.issuer}
            written += _write(folder / f"content/{lang}/bilingual/{p.id}.md", twin,
                              _body(p, "kk") + "\n\n" + _body(p, "ru"))
    return written


def _front(p, lang: str, vocab) -> dict:
    chain = list(vocab.territory_chain(p.territory))
    return {"title": p.direction.get(lang) or p.direction.kk, "number": p.number, "issuer": p.issuer,
            "funding": p.funding.amount, "grant": f"{p.grant.type} {p.grant.start_year}–{p.grant.end_year}",
            "area": [p.area], "territory": chain, "year": [str(p.year)], "grant-type": [p.grant.type]}


def _body(p, lang: str) -> str:
    def text(t) -> str:
        return t.get(lang) or t.get("kk") or ""
    parts = [text(p.problem), "### Indicators"] + [f"{n}. {text(e.text)}" for n, e in enumerate(p.indicators, 1)]
    parts += ["### Results"] + [f"{n}. {text(e.text)}" for n, e in enumerate(p.results, 1)]
    return "\n\n".join(parts + [text(p.material_base)])


def _write(path: Path, front: dict, body: str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(front, ensure_ascii=False) + "\n\n" + body + "\n", encoding="utf-8")  # JSON front matter
    return 1


def run_pair(catalogue, vocab, folder: Path) -> dict:
    """Hugo's render and Pagefind's index of Hugo's priority pages: seconds each, and the pages Hugo wrote."""
    hugo = shutil.which("hugo")
    if hugo is None:
        return {"missing": "hugo is not installed (make bench installs Debian's hugo)"}
    write_project(catalogue, vocab, folder)
    start = time.perf_counter()
    subprocess.run([hugo, "--quiet", "-s", str(folder), "-d", str(folder / "public")], check=True,
                   capture_output=True)
    rendered = time.perf_counter() - start
    pages = sum(1 for _ in (folder / "public").rglob("*.html"))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(folder / "public"), "--glob", "*/p/**/*.html"],
                   check=True, capture_output=True)
    return {"hugo": rendered, "pagefind": time.perf_counter() - start, "pages": pages}
