"""An import merged with the files already in the folder, and the canonical YAML it is written as.

The rule that never loses an editor's translation: the imported language's texts, numbers and codes
replace the old; the other language's texts are kept (matched by position); `translation`,
`source_defects` and any other field an editor wrote are kept.  A file whose imported-language content
differs from the document is refused unless --force; a file that would not change is not touched.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..check import LANGS, LIST_FORMAT, PRIORITY_FORMAT
from ..content import shown

IMPORTED = ("number", "area", "direction", "problem", "funding", "grant", "territory", "indicators", "results",
            "material_base")
TEXTS = ("direction", "problem", "material_base")
ENTRIES = ("indicators", "results")
PRIORITY_ORDER = (*PRIORITY_FORMAT, "calls")
LIST_ORDER = tuple(LIST_FORMAT)


@dataclass
class Change:
    """What the import does to one file: new | updated | replaced | unchanged | refused."""

    path: Path
    status: str
    data: bytes | None = None  # None: the file is left as it is
    differences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def plan_changes(imported, document: Path, out: Path) -> tuple[list[Change], list[str]]:
    """Every file the import would write into out, merged with what is there; and notes for the report."""
    lang = imported.language
    changes = [_list_change(imported, document, out)]
    for record, defects in imported.priorities:
        path = out / f"{record['number']:02d}.yaml"
        try:
            old = _load(path)
        except yaml.YAMLError as err:
            changes.append(_unreadable(path, priority_yaml(merge_priority(None, record, defects, lang)[0]), err))
            continue
        merged, dropped, kept = merge_priority(old, record, defects, lang)
        changes.append(_change(path, old, merged, lang, priority_yaml(merged)))
        if changes[-1].status != "unchanged":
            changes[-1].notes += [f"{p}: the {other(lang)} text was dropped (the document has no such entry now)"
                                  for p in dropped]
            changes[-1].notes += [f"{p}: the {lang} text changed; check the {other(lang)} translation that was kept"
                                  for p in kept]
    changes.append(_document_change(document, out))
    numbers = {f"{r['number']:02d}.yaml" for r, _ in imported.priorities}
    notes = [f"{shown(p)}: warning: priority {p.stem} is not in the document; the file was left as it is"
             for p in sorted(out.glob("*.yaml")) if p.name != "list.yaml" and p.name not in numbers]
    return [c for c in changes if c is not None], notes


def other(lang: str) -> str:
    return "ru" if lang == "kk" else "kk"


def merge_priority(old: dict | None, new: dict, defects, lang: str) -> tuple[dict, list[str], list[str]]:
    """(merged record, paths whose other-language text was dropped, paths whose text changed under a kept
    translation)."""
    merged = copy.deepcopy(new)
    dropped, kept = [], []
    if old:
        merged.update({k: copy.deepcopy(v) for k, v in old.items() if k not in IMPORTED})
        for name in TEXTS:
            _keep_other(old.get(name), merged, name, name, lang, dropped, kept)
        for name in ENTRIES:
            for i, item in enumerate(old.get(name) or []):
                if i < len(merged[name]):
                    _keep_other(_get(item, "text"), merged[name][i], "text", f"{name}[{i}].text", lang, dropped, kept)
                elif _get(_get(item, "text"), other(lang)):
                    dropped.append(f"{name}[{i}].text.{other(lang)}")
    if old is None or "translation" in old:
        status = (old or {}).get("translation") or {other(lang): "missing"}
        merged["translation"] = _ordered({**status, lang: "official"})
    recorded = merged.get("source_defects") or []
    known = {(d.get("field"), d.get("kind"), d.get("text")) for d in recorded if isinstance(d, dict)}
    added = [{"field": d.field, "kind": d.kind, "text": d.text} for d in defects
             if (d.field, d.kind, d.text) not in known]
    if recorded or added:
        merged["source_defects"] = recorded + added
    return merged, dropped, kept


def _keep_other(old_text, target: dict, key: str, where: str, lang: str, dropped: list, kept: list) -> None:
    kept_text = _get(old_text, other(lang))
    if not kept_text:
        return
    if not target.get(key):
        dropped.append(f"{where}.{other(lang)}")
        return
    target[key] = _ordered({**target[key], other(lang): kept_text})
    if _get(old_text, lang) != target[key].get(lang):
        kept.append(f"{where}.{lang}")


def _get(value, key):
    return value.get(key) if isinstance(value, dict) else None


def _ordered(text: dict) -> dict:
    """kk before ru, as in every content file."""
    return {**{lang: text[lang] for lang in LANGS if lang in text}, **text}


def owned(record: dict | None, lang: str, keys=IMPORTED) -> dict:
    """What the document decides in a record: the imported fields without the other language's texts."""
    def strip(value):
        if isinstance(value, dict):
            text = set(value) <= set(LANGS)
            return {k: strip(v) for k, v in value.items() if not (text and k == other(lang))}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    return {k: strip((record or {}).get(k)) for k in keys}


def differences(old, new, path: str = "") -> list[str]:
    """Dotted paths where two values differ."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [d for k in dict.fromkeys([*old, *new]) for d in differences(old.get(k), new.get(k), _join(path, k))]
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [d for i, (a, b) in enumerate(zip(old, new)) for d in differences(a, b, f"{path}[{i}]")]
    if isinstance(old, list) and isinstance(new, list):
        return [f"{path} ({len(old)} entries in the file, {len(new)} in the document)"]
    return [] if old == new else [path or "the whole file"]


def _join(path: str, key) -> str:
    return f"{path}.{key}" if path else str(key)


def _change(path: Path, old: dict | None, merged: dict, lang: str, data: str, keys=IMPORTED) -> Change:
    if old is None:
        return Change(path, "new", data.encode("utf-8"))
    if old == merged:
        return Change(path, "unchanged")
    found = differences(owned(old, lang, keys), owned(merged, lang, keys))
    return Change(path, "refused" if found else "updated", data.encode("utf-8"), found)


def _list_change(imported, document: Path, out: Path) -> Change:
    path, lang = out / "list.yaml", imported.language
    listing = {**imported.listing, "approval": {"order": None, "date": None},
               "source": {"document": document.name, "language": lang, "url": None},
               "translation": _ordered({lang: "official", other(lang): "missing"})}
    try:
        old = _load(path)
    except yaml.YAMLError as err:
        return _unreadable(path, list_yaml(listing), err)
    if old is None:
        return Change(path, "new", list_yaml(listing).encode("utf-8"))
    merged = copy.deepcopy(old)
    merged.setdefault("title", {})[lang] = imported.listing["title"][lang]
    name = (imported.listing["issuer"].get("name") or {}).get(lang)
    if name:
        merged.setdefault("issuer", {}).setdefault("name", {})[lang] = name
    if isinstance(merged.get("translation"), dict):
        merged["translation"] = _ordered({**merged["translation"], lang: "official"})
    change = _change(path, old, merged, lang, list_yaml(merged), keys=("title", "issuer"))
    source = (old.get("source") or {}).get("document")
    if source and source != document.name:
        change.notes.append(f"warning: source.document names {source}; {document.name} was copied beside it —"
                            " change source.document if it replaces it")
    return change


def _unreadable(path: Path, data: str, err: yaml.YAMLError) -> Change:
    where = getattr(err, "problem_mark", None)
    at = f" at line {where.line + 1}" if where else ""
    return Change(path, "refused", data.encode("utf-8"), [f"everything (the file is not valid YAML{at})"],
                  ["written afresh from the document: what the broken file held could not be kept"])


def _document_change(document: Path, out: Path) -> Change | None:
    """The official document, copied beside the YAML files it was imported into."""
    path = out / document.name
    data = document.read_bytes()
    if path.exists() and path.resolve() == document.resolve():
        return None
    if not path.exists():
        return Change(path, "new", data)
    if path.read_bytes() == data:
        return Change(path, "unchanged")
    return Change(path, "refused", data, ["its bytes (another version of the document has this name)"])


def _load(path: Path) -> dict | None:
    if not path.exists():
        return None
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return data if isinstance(data, dict) else {}


# ---- canonical YAML ------------------------------------------------------------------------

class _ContentDumper(yaml.SafeDumper):
    """Writes content the way editors should see it: keys in the canonical order, long text as blocks."""


def _represent_str(dumper, text: str):
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_ContentDumper.add_representer(str, _represent_str)


def _dump(record: dict, order) -> str:
    ordered = {k: record[k] for k in order if k in record}
    ordered.update({k: v for k, v in record.items() if k not in ordered})
    return yaml.dump(ordered, Dumper=_ContentDumper, allow_unicode=True, sort_keys=False, width=10**6,
                     default_flow_style=False)


def priority_yaml(record: dict) -> str:
    """A priority as canonical content YAML (the field order of the content format)."""
    return _dump(record, PRIORITY_ORDER)


def list_yaml(record: dict) -> str:
    """A list.yaml as canonical content YAML."""
    return _dump(record, LIST_ORDER)
