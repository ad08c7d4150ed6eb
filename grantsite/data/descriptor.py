"""The Frictionless descriptor (datapackage.json, Data Package v2) of one package: all years, or one year.

The descriptor is assembled from the template schema/datapackage.json (names, titles, descriptions,
licences, contributors, version), the Table Schemas that validated the content, the lists' official
source documents, and the size and sha256 of every file it describes.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .archive import source_date

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
LANGS = ("kk", "ru")
MEDIATYPES = {"csv": "text/csv", "json": "application/json", "txt": "text/plain", "pdf": "application/pdf",
              "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "sqlite": "application/vnd.sqlite3", "zip": "application/zip"}


@dataclass(frozen=True)
class Names:
    """File names of the whole-package files of one package (the per-year ones carry the year)."""

    xlsx: str
    sqlite: str
    zip: str

    @classmethod
    def of(cls, year: int | None) -> "Names":
        stem = "grant-priorities" if year is None else f"grant-priorities-{year}"
        return cls(f"{stem}.xlsx", f"{stem}.sqlite", f"{stem}.zip")


def load_template(schema_dir: Path) -> dict:
    """The descriptor template, schema/datapackage.json."""
    return json.loads((Path(schema_dir) / "datapackage.json").read_text(encoding="utf-8"))


def digest(content) -> str:
    """The sha256 of some bytes, in hex (or the one already known of a file written piece by piece)."""
    known = getattr(content, "sha256", None)
    return known if isinstance(known, str) else hashlib.sha256(content).hexdigest()


def _file(path: str, content: bytes) -> dict:
    suffix = PurePosixPath(path).suffix.lstrip(".").lower()
    return {"path": path, "format": suffix, "mediatype": MEDIATYPES.get(suffix, "application/octet-stream"),
            "bytes": len(content), "hash": f"sha256:{digest(content)}"}


def published_schema(schema: dict) -> dict:
    """A Table Schema as published: a self-reference written the Data Package v2 way (no 'resource')."""
    schema = json.loads(json.dumps(schema))
    for fk in schema.get("foreignKeys", []):
        if not fk["reference"].get("resource"):
            fk["reference"].pop("resource", None)
    return schema


def table_resource(name: str, schema: dict, content: bytes) -> dict:
    """A table's CSV file as a tabular resource with its full Table Schema."""
    schema = published_schema(schema)
    described = {"title": schema.get("title", name), "description": schema.get("description", "")}
    return {"name": name, "type": "table", **described, **_file(f"{name}.csv", content), "encoding": "utf-8",
            "schema": schema}


def json_resource(name: str, path: str, description: str, content: bytes) -> dict:
    """A JSON file as a plain (non-tabular) resource: Frictionless checks that it parses and matches its hash."""
    return {"name": name, "description": description, **_file(path, content), "encoding": "utf-8"}


def source_resource(list_row: dict, path: str, content: bytes) -> dict:
    """An official source document shipped with the data, so its checksum travels with it."""
    return {"name": f"source-{list_row['id']}",
            "title": f"Official document: {list_row.get('title_kk') or list_row['id']}",
            **_file(path, content)}


def sources(lists: list[dict], shipped: dict[str, str]) -> list[dict]:
    """One entry per list's official document (with its path when shipped) and per approving order when known."""
    out = []
    for row in lists:
        issuer = row.get("issuer_name_kk") or row["issuer"]
        entry = {"title": f"{issuer}: {row.get('title_kk') or row['id']} ({row['year']}), official document"}
        if row["id"] in shipped:
            entry["path"] = shipped[row["id"]]
        out.append(entry)
        if row.get("source_url"):
            out.append({"title": f"{issuer} ({row['year']}): where the official document was published",
                        "path": row["source_url"]})
        if row.get("approval_order") or row.get("approval_date"):
            date = row.get("approval_date")
            when = f" of {date.isoformat() if hasattr(date, 'isoformat') else date}" if date else ""
            number = f" No. {row['approval_order']}" if row.get("approval_order") else ""
            out.append({"title": f"{issuer}: order{number}{when} approving the list {row['id']}"})
    return out


def describe(template: dict, names: Names, year: int | None) -> dict:
    """The descriptor's own properties (everything but resources and sources), from the template."""
    def title(lang):
        return template["title"][lang] + (f" — {year}" if year is not None else "")

    def description(lang):
        text = "\n\n".join(template["description"][lang])
        return text.replace("{xlsx}", names.xlsx).replace("{sqlite}", names.sqlite).replace("{zip}", names.zip)

    out = {"$schema": PROFILE, "name": template["name"] + (f"-{year}" if year is not None else ""),
           "title": title("en"), "description": description("en"), "version": template["version"]}
    when = source_date()
    if when is not None:
        out["created"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    out.update({"keywords": template["keywords"], "licenses": template["licenses"],
                "contributors": template["contributors"],
                "i18n": {lang: {"title": title(lang), "description": description(lang)} for lang in LANGS}})
    return out


def descriptor(template: dict, names: Names, year: int | None, resources: list[dict],
               source_list: list[dict], downloads: list[dict]) -> dict:
    """The whole descriptor of one package."""
    out = describe(template, names, year)
    out["sources"] = source_list
    out["resources"] = resources
    # The workbook and the database hold the same tables in other formats; Frictionless would try to read
    # a workbook as one table, so they are listed here, with their checksums, rather than as resources.
    out["downloads"] = downloads
    return out


def download(path: str, title: str, content: bytes) -> dict:
    """An entry of the descriptor's 'downloads' list."""
    return {"title": title, **_file(path, content)}
