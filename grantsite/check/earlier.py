"""The editions table: the priorities of every earlier edition of a list, one row per priority per edition, and
its Table Schema, derived from that of priorities.

A table of its own rather than an `edition` column in priorities: priorities stays the lists in force, so a sum
over it never counts a priority twice, and the earlier editions are still downloadable with the same columns.
The schema is generated, never edited: `python build.py schema` writes schema/editions.json (a test compares).
"""
from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

from ..content import SCHEMA_DIR

EDITION_FIELD = {
    "name": "edition",
    "type": "date",
    "title": "Edition",
    "description": "Approval date of the edition of the list the row belongs to (the date of the order that "
                   "approved it).",
    "i18n": {
        "kk": {"title": "Редакция",
               "description": "Жол тиесілі тізбе редакциясының бекітілген күні (оны бекіткен бұйрықтың күні)."},
        "ru": {"title": "Редакция",
               "description": "Дата утверждения редакции перечня, к которой относится строка (дата утвердившего "
                              "её приказа)."},
    },
    "constraints": {"required": True},
}
ABOUT = {
    "title": "Earlier editions",
    "description": "One row per priority direction of each earlier edition of a list: the columns of priorities "
                   "and the edition's date. The edition in force is not here but in priorities, so that a sum over "
                   "priorities counts each priority once. A list without earlier editions has no rows here.",
    "i18n": {
        "kk": {"title": "Бұрынғы редакциялар",
               "description": "Тізбелердің бұрынғы редакцияларының басым бағыттары: әр редакциядағы әр басым "
                              "бағыт — бір жол, «Басым бағыттар» кестесінің бағандары және редакцияның күні. "
                              "Қолданыстағы редакция мұнда емес, «Басым бағыттар» кестесінде тұр, сондықтан сол "
                              "кесте бойынша қаржыландыруды қосқанда әр басым бағыт бір рет қана есептеледі. "
                              "Бұрынғы редакциялары жоқ тізбенің мұнда жолы жоқ."},
        "ru": {"title": "Прежние редакции",
               "description": "Приоритетные направления прежних редакций перечней: одна строка — одно "
                              "направление одной редакции, со столбцами таблицы «Приоритетные направления» и "
                              "датой редакции. Действующей редакции здесь нет — она в таблице «Приоритетные "
                              "направления», поэтому при суммировании финансирования по этой таблице каждое "
                              "направление учитывается один раз. У перечня без прежних редакций здесь нет строк."},
    },
}


def editions_schema(priorities: dict) -> dict:
    """The Table Schema of editions: that of priorities with the edition after id, keyed by id and edition."""
    fields = copy.deepcopy(priorities["fields"])
    fields[0].get("constraints", {}).pop("unique", None)  # a priority's id recurs in each edition
    return {**copy.deepcopy(ABOUT), "fields": fields[:1] + [copy.deepcopy(EDITION_FIELD)] + fields[1:],
            "primaryKey": ["id", "edition"], "foreignKeys": copy.deepcopy(priorities.get("foreignKeys", []))}


def schema_text(schema_dir: Path = SCHEMA_DIR) -> str:
    """schema/editions.json as it should read, made from schema/priorities.json."""
    priorities = json.loads((Path(schema_dir) / "priorities.json").read_text(encoding="utf-8"))
    return json.dumps(editions_schema(priorities), ensure_ascii=False, indent=2) + "\n"


def write_editions_schema(schema_dir: Path = SCHEMA_DIR) -> Path:
    """Write schema/editions.json; return its path."""
    path = Path(schema_dir) / "editions.json"
    path.write_text(schema_text(schema_dir), encoding="utf-8")
    return path


def edition_rows(found, results) -> list[dict]:
    """The rows of the editions table from the checked groups: each earlier edition's priority rows as the
    check flattened them, with the edition's date; by list, oldest edition first.  An edition of a list with
    no current edition is left out: its rows would point at no row of lists."""
    in_force = {r.model.id for g, r in zip(found, results) if g.folder and len(g.folder) == 2 and r.model is not None}
    editions = []
    for group, result in zip(found, results):
        if group.folder is not None and len(group.folder) == 4:  # YEAR/ISSUER/editions/DATE
            rows = result.rows.get("priorities", [])
            if rows and rows[0]["list_id"] in in_force:
                editions.append((rows[0]["list_id"], group.folder[3], rows))
    editions.sort(key=lambda e: e[:2])
    return [{**row, "edition": dt.date.fromisoformat(date)} for _, date, rows in editions for row in rows]
