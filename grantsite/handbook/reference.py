"""The handbook's generated reference pages (Markdown), and the MkDocs hooks that add them.

Each page is written from the code and schema/ at build time, in kk, ru and en; the wording around the
generated facts comes from docs/_data/labels.yaml, the explanations from docs/_data/{fields,problem-codes,cli}.yaml.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..check import REQUIRED, TABLES, TEXT, table_schema
from ..content import CATALOGUE, Vocabularies, format_amount, load_vocabularies
from . import sources as hb

log = logging.getLogger("mkdocs.plugins.grantsite")  # MkDocs counts its warnings (and fails --strict on them)


@dataclass(frozen=True)
class Context:
    """What every generator reads: the explanations, the vocabularies, where fields are published, the CLI."""

    data: hb.DocsData
    vocab: Vocabularies
    columns: dict
    commands: dict

    def label(self, lang: str, key: str):
        return self.data.labels[lang][key]


def _cell(text) -> str:
    """Text (our own Markdown) made to fit one cell of a Markdown table."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def _anchor(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _fence(text: str, lang: str = "yaml") -> str:
    return f"```{lang}\n{text.rstrip()}\n```"


def _page(title: str, intro: str, sections: list[str]) -> str:
    return "\n\n".join([f"# {title}", intro.strip(), *sections]) + "\n"


def _description(column: dict, lang: str) -> str:
    """A schema field's description in lang, from its i18n block when it has one, else the English one."""
    return ((column.get("i18n") or {}).get(lang) or {}).get("description") or column.get("description", "")


def _constraints(c: Context, column: dict, lang: str, vocab_page: str) -> str:
    """A schema field's constraints in words (`required` is shown in a column of its own)."""
    found, parts = column.get("constraints") or {}, []
    if found.get("unique"):
        parts.append(c.label(lang, "unique"))
    for bound, sign in (("minimum", "≥"), ("maximum", "≤")):
        if bound in found:
            parts.append(f"{sign} {found[bound]}")
    if "pattern" in found:
        parts.append(f"{c.label(lang, 'pattern')} `{found['pattern']}`")
    if "vocabulary" in column:
        name = column["vocabulary"]
        parts.append(f"{c.label(lang, 'vocabulary')}: [{c.label(lang, 'vocabularies')[name]}]({vocab_page}#{name})")
    elif "enum" in found:
        parts.append(f"{c.label(lang, 'enum')}: " + ", ".join(f"`{v}`" for v in found["enum"]))
    return "; ".join(parts)


# ---- field reference -------------------------------------------------------------------------

def _format_at(fmt, path: str):
    for key in re.split(r"\[\]\.|\.|\[\]", path):
        fmt = fmt[0] if isinstance(fmt, list) else fmt
        fmt = fmt[key]
    return fmt


def _type_name(c: Context, lang: str, fmt) -> str:
    types = c.label(lang, "types")
    if isinstance(fmt, list):
        return f"{types['list']}: {_type_name(c, lang, fmt[0])}"
    return types["mapping"] if isinstance(fmt, dict) else types["text" if fmt == TEXT else fmt]


def _field_section(c: Context, lang: str, kind: str, path: str) -> str:
    documented = c.data.fields.get(kind) or {}
    entry = documented.get(path) or {}
    entry = documented.get(entry.get("same_as"), entry)
    facts = [f"**{c.label(lang, 'type')}:** {_type_name(c, lang, _format_at(hb.FORMATS[kind], path))}"]
    if "." not in path and "[" not in path:
        facts.append(f"**{c.label(lang, 'required')}:** {c.label(lang, 'answer_yes' if path in REQUIRED[kind] else 'answer_no')}")
    published = c.columns.get((kind, path), [])
    schemas = {table: {f["name"]: f for f in table_schema(table, c.vocab)["fields"]} for table, _ in published}
    form = {m for t, col in published for m in re.findall(r"column (\d+)", schemas[t][col].get("description", ""))}
    if form:
        facts.append(f"**{c.label(lang, 'form_column')}:** {', '.join(sorted(form))}")
    if published:
        links = ", ".join(f"[`{t}.{col}`](../data/dictionary.md#{t})" for t, col in published)
        table, column = published[0]
        about = _description(schemas[table][column], lang)
        limits = _constraints(c, schemas[table][column], lang, "vocabularies.md")
        facts.append(f"**{c.label(lang, 'published_as')}:** {links} — {about}" + (f" ({limits})" if limits else ""))
    else:
        facts.append(f"**{c.label(lang, 'published_as')}:** {c.label(lang, 'not_published')}")
    parts = [f"### `{path}` {{#{kind}-{_anchor(path)}}}", "\n".join(f"- {fact}" for fact in facts),
             (entry.get(lang) or "").strip()]
    if entry.get("example"):
        parts.append(f"{c.label(lang, 'example')}:\n\n{_fence(entry['example'])}")
    return "\n\n".join(part for part in parts if part)


def fields_page(c: Context, lang: str) -> str:
    """Every field of list.yaml and of a priority file, with its meaning, example and published column."""
    sections = []
    for kind in ("list", "priority"):
        sections.append(f"## {c.label(lang, kind + '_file')} {{#{kind}}}\n\n{c.label(lang, kind + '_file_intro').strip()}")
        sections += [_field_section(c, lang, kind, path) for path in hb.field_paths(hb.FORMATS[kind])]
    return _page(c.label(lang, "fields_title"), c.label(lang, "fields_intro"), sections)


# ---- check messages --------------------------------------------------------------------------

def _in(example, lang: str) -> str:
    """An example shared by all languages, or its version in lang."""
    return example[lang] if isinstance(example, dict) else example


def problems_page(c: Context, lang: str, catalogue: dict = CATALOGUE) -> str:
    """Every problem code the checker can report: what it means, how to fix it, a bad line and its fix."""
    severity = c.label(lang, "severities")

    def text(code):  # the explanation in lang; the catalogue's own English words until one is written
        return ((c.data.problems.get(code) or {}).get(lang) or {"title": catalogue[code].title})

    index = _table([c.label(lang, h) for h in ("code", "severity", "summary")],
                   [[f"[`{code}`](#{code})", severity[kind.severity], _cell(text(code)["title"])]
                    for code, kind in catalogue.items()])
    sections = [index]
    for code, kind in catalogue.items():
        entry, said = c.data.problems.get(code) or {}, text(code)
        parts = [f"## `{code}` {{#{code}}}", f"**{severity[kind.severity]}.** {said['title'].strip()}",
                 f"{c.label(lang, 'checker_says')}: *{kind.title}* ({kind.hint})"]
        parts += [f"**{c.label(lang, key)}.** {said[key].strip()}" for key in ("meaning", "fix") if said.get(key)]
        parts += [f"{c.label(lang, key)}:\n\n{_fence(_in(entry[key], lang), entry.get('example_lang', 'yaml'))}"
                  for key in ("bad", "good") if entry.get(key)]
        sections.append("\n\n".join(parts))
    return _page(c.label(lang, "problems_title"), c.label(lang, "problems_intro"), sections)


# ---- command line ----------------------------------------------------------------------------

def _option_shown(action) -> str:
    if not action.option_strings:
        return f"`{action.dest}`"
    value = "" if action.nargs == 0 else f" {action.metavar or action.dest.upper()}"
    return ", ".join(f"`{o}{value}`" for o in action.option_strings)


def _default(action) -> str:
    return f"`{action.default}`" if action.default not in (None, False) and action.nargs != 0 else ""


def cli_page(c: Context, lang: str) -> str:
    """Every command of build.py with its options, as `--help` prints them and explained in lang."""
    sections = []
    for name, command in c.commands.items():
        entry = c.data.cli.get(name) or {}
        run = "python build.py" + ("" if name == next(iter(c.commands)) else f" {name}")
        about = entry.get(lang) or command.description or ""
        described = entry.get("options") or {}
        rows = [[_option_shown(a), _cell((described.get(hb.option_name(a)) or {}).get(lang) or a.help or ""),
                 _default(a)] for a in hb.options(command)]
        table = _table([c.label(lang, h) for h in ("option", "description", "default")], rows) if rows else ""
        sections.append("\n\n".join(part for part in [
            f"## `{run}` {{#{_anchor(name)}}}", about.strip(), table,
            f"{c.label(lang, 'help_output')}:\n\n{_fence(command.format_help(), 'text')}"] if part))
    return _page(c.label(lang, "cli_title"), c.label(lang, "cli_intro"), sections)


# ---- vocabularies ----------------------------------------------------------------------------

def vocabularies_page(c: Context, lang: str) -> str:
    """The controlled vocabularies: areas of the Law, grant types with their bounds, territories, units."""
    v, names, yes_no = c.vocab, c.label(lang, "vocabularies"), (c.label(lang, "answer_yes"), c.label(lang, "answer_no"))
    head = [c.label(lang, h) for h in ("code", "label_kk", "label_ru")]
    areas = _table(head + [c.label(lang, "kk_confirmed"), c.label(lang, "ru_confirmed")],
                   [[f"`{t.code}`", _cell(t.kk), _cell(t.ru), yes_no[not t.kk_confirmed], yes_no[not t.ru_confirmed]]
                    for t in v.areas.values()])

    def bounds(g):
        return "<br>".join(f"{year}: {format_amount(g.mci_min * mci / 1000)}–"
                           + (format_amount(g.mci_max * mci / 1000) if g.mci_max else "…") for year, mci in sorted(v.mci.items()))

    grants = _table(head + [c.label(lang, h) for h in ("months", "mci", "thousand_tenge")],
                    [[f"`{g.code}`", _cell(g.kk), _cell(g.ru), f"{g.months_min}–{g.months_max}",
                      f"{g.mci_min}–{g.mci_max or '…'}", bounds(g)] for g in v.grant_types.values()])
    levels = c.label(lang, "levels")
    territories = _table([c.label(lang, h) for h in ("kato", "level", "label_kk", "label_ru", "parent")],
                         [[f"`{t.code}`", levels.get(t.level, t.level), _cell(t.kk), _cell(t.ru),
                           f"`{t.parent}`" if t.parent else ""] for t in v.territories.values()])
    units = _table(head + [c.label(lang, "words")],
                   [[f"`{u.code}`", _cell(u.kk), _cell(u.ru), _cell(", ".join(u.words))] for u in v.units.values()])
    sections = [f"## {names[name]} {{#{name}}}\n\n{c.label(lang, 'about_' + name.replace('-', '_')).strip()}\n\n{table}"
                for name, table in (("areas", areas), ("grant-types", grants), ("territories", territories),
                                    ("units", units))]
    return _page(c.label(lang, "vocabularies_title"), c.label(lang, "vocabularies_intro"), sections)


# ---- data dictionary -------------------------------------------------------------------------

def _reference(key: dict, table: str) -> str:
    target = key["reference"]["resource"] or table  # "" is the table itself (territories → parent)
    return f"`{', '.join(key['fields'])}` → `{target}.{', '.join(key['reference']['fields'])}`"


def dictionary_page(c: Context, lang: str) -> str:
    """Every published table and column, from the Table Schemas in schema/."""
    yes_no = {True: c.label(lang, "answer_yes"), False: ""}
    sections = []
    for table in TABLES:
        schema = table_schema(table, c.vocab)
        keys = [f"**{c.label(lang, 'primary_key')}:** `{', '.join(schema['primaryKey'])}`"]
        if schema.get("foreignKeys"):
            keys.append(f"**{c.label(lang, 'foreign_keys')}:** "
                        + "; ".join(_reference(k, table) for k in schema["foreignKeys"]))
        rows = [[f"`{f['name']}`", c.label(lang, "types")[f["type"]],
                 yes_no[bool((f.get("constraints") or {}).get("required"))], _cell(_description(f, lang)),
                 _constraints(c, f, lang, "../reference/vocabularies.md")] for f in schema["fields"]]
        files = ", ".join(f"`data/{table}.{ext}`" for ext in ("csv", "json"))
        sections.append("\n\n".join([
            f"## `{table}` {{#{table}}}", c.label(lang, "tables")[table].strip(),
            f"**{c.label(lang, 'files')}:** {files}", "  \n".join(keys),
            _table([c.label(lang, h) for h in ("column", "type", "required", "description", "constraints")], rows)]))
    return _page(c.label(lang, "dictionary_title"), c.label(lang, "dictionary_intro"), sections)


# ---- MkDocs hooks (mkdocs.yml → docs/hooks.py) --------------------------------------------------

def generated_pages(docs: Path) -> dict[str, str]:
    """Every generated page: its path as if under docs/ (nothing is written there) → Markdown.

    Whatever the code has that docs/_data/ does not explain yet is still listed (in the code's English) and
    reported as a warning, which fails `mkdocs build --strict` and the tests but not an editor's build.
    """
    parser = hb.cli_parser()
    c = Context(hb.read_docs_data(docs), load_vocabularies(), hb.published_columns(), hb.commands(parser))
    for gap in hb.undocumented_fields(c.data) + hb.unexplained_codes(c.data) + hb.undocumented_commands(c.data, parser):
        log.warning("handbook: %s", gap)
    out = {}
    for lang in hb.LANGS:
        out[f"{lang}/reference/fields.md"] = fields_page(c, lang)
        out[f"{lang}/reference/problems.md"] = problems_page(c, lang)
        out[f"{lang}/reference/cli.md"] = cli_page(c, lang)
        out[f"{lang}/reference/vocabularies.md"] = vocabularies_page(c, lang)
        out[f"{lang}/data/dictionary.md"] = dictionary_page(c, lang)
    return out


def on_files(files, config):
    """Add the generated reference pages to the handbook, in memory."""
    from mkdocs.structure.files import File

    for uri, markdown in generated_pages(Path(config.docs_dir)).items():
        if files.get_file_from_path(uri) is not None:
            raise ValueError(f"docs/{uri} is generated from the code; remove the hand-written file of that name")
        files.append(File.generated(config, uri, content=markdown))
    return files


def on_post_page(output: str, page, config) -> str:
    """Give each page the language it is written in (kk/…, ru/…, en/…; the chooser page is English), and drop
    the build time MkDocs notes in the home page (same content ⇒ same output)."""
    lang = PurePosixPath(page.file.src_uri).parts[0]
    output = re.sub(r'<html lang="[^"]*"', f'<html lang="{lang if lang in hb.LANGS else "en"}"', output, count=1)
    return re.sub(r"\nBuild Date UTC : [^\n]*", "", output, count=1)


def on_post_build(config) -> None:
    """Drop MkDocs' sitemap: it carries the wall-clock date (the output must be deterministic) and,
    without a site_url, no addresses; the site's own sitemap is the one search engines read."""
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (Path(config.site_dir) / name).unlink(missing_ok=True)
