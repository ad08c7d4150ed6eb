"""Stage 2, validate: the published tables' rows checked with Frictionless against schema/.

The Table Schemas that describe the published data also check the content; what a schema cannot say
(cross-field and cross-record rules) is written as Frictionless checks in rules.py.  Every problem is reported
at the file, line and column it came from.
"""
from __future__ import annotations

import re

from frictionless import Checklist, Resource, Schema

from ..content import Problem, Vocabularies, suggest
from .rules import ContentCheckError, checklists
from .tables import Row, Tables, table_schema

CONTENT_TABLES = ("lists", "priorities", "indicators", "results", "calls")


def validate(tables: Tables, vocab: Vocabularies) -> list[Problem]:
    """Every problem in the content tables, each at the file, line and column it came from."""
    problems = []
    checks = checklists(vocab, tables)
    for name in CONTENT_TABLES:
        rows = tables.get(name, [])
        if not rows:
            continue
        descriptor = table_schema(name, vocab)
        descriptor.pop("foreignKeys", None)  # references between tables are checked when the package is published
        schema = Schema.from_descriptor(descriptor)
        values = [r.values for r in rows]
        # Given as a function, the rows are not deep-copied into the resource's descriptor on every
        # validation (Frictionless's inline parser calls it for the rows): that copy was a fifth of the run.
        resource = Resource(data=lambda: values, schema=schema)
        report = resource.validate(checklist=Checklist(checks=checks[name]), limit_errors=10**9)
        for task in report.tasks:
            for err in task.errors:
                problem = _problem(name, err, rows, schema)
                if problem is not None:
                    problems.append(problem)
    return problems


def _problem(table: str, err, rows: list[Row], schema: Schema) -> Problem | None:
    number = getattr(err, "row_number", None)
    if number is None:  # a problem with the table itself (our bug, not the editor's)
        raise RuntimeError(f"{table}: {err.message}")
    row = rows[number - 2]
    column = getattr(err, "field_name", None) or getattr(err, "column", None)
    if column in row.reported:
        return None  # the shape check already said what is wrong here
    code, message, hint = _describe(table, err, row, column, schema)
    line, col = row.at(column)
    path = row.source.path if row.source else table
    field_path = ".".join(str(p) for p in row.paths.get(column, ()))
    return Problem(path, line, col, code, message, hint, field_path)


def _describe(table, err, row: Row, column, schema: Schema) -> tuple[str, str, str]:
    if isinstance(err, ContentCheckError):
        return err.code, err.note, err.hint
    shown = _field_label(row, column)
    cell = getattr(err, "cell", None)
    if err.type == "type-error":
        kind = schema.get_field(column).type
        return "invalid-value", f"{shown} is '{cell}', not {'an' if kind[0] in 'aeiou' else 'a'} {kind}", ""
    if err.type == "primary-key":
        if table == "priorities":
            return "duplicate-number", f"number {row.values.get('number')} is used by another priority of {row.values['list_id']}", ""
        return "invalid-value", f"the same key as another row of {table}", ""
    if err.type == "constraint-error":
        constraint = re.search(r'constraint "(\w+)"', err.note or "")
        kind = constraint.group(1) if constraint else ""
        constraints = schema.get_field(column).constraints
        if kind == "required":
            return "missing-field", f"{shown} is missing", ""
        if kind == "enum":
            near = suggest(cell, constraints["enum"])
            hint = f"did you mean '{near}'?" if near else f"allowed: {', '.join(constraints['enum'][:12])}"
            return "unknown-code", f"{shown} '{cell}' is not a known code", hint
        if kind in ("minimum", "maximum"):
            return "out-of-range", f"{shown} is {cell}, the {kind} is {constraints[kind]}", ""
        if kind == "pattern":
            return "bad-format", f"{shown} '{cell}' does not have the required form", f"expected to match {constraints['pattern']}"
    return "invalid-value", f"{shown}: {err.message}", ""


def _field_label(row: Row, column) -> str:
    path = row.paths.get(column)
    if not path:
        return f"'{column}'"
    return "'" + ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in path).replace(".[", "[") + "'"
