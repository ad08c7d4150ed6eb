"""Problems found in content: kinds as data, instances with a place.

Every kind of problem the checker can report is listed in CATALOGUE with its
severity, a one-line title and a hint template.  The handbook's list of check
messages is generated from this catalogue, so a new code cannot go undocumented.
"""
from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Kind:
    code: str
    severity: str
    title: str
    hint: str


def _kinds(*rows: tuple[str, str, str, str]) -> dict[str, Kind]:
    return {code: Kind(code, sev, title, hint) for code, sev, title, hint in rows}


CATALOGUE: dict[str, Kind] = _kinds(
    # reading files
    ("yaml-syntax", ERROR, "The file is not valid YAML.",
     "check indentation and quotes near this line; text with a colon followed by a space must be quoted"),
    ("yaml-alias", ERROR, "YAML anchors and aliases (&name, *name) are not allowed.",
     "write the value out in full"),
    ("duplicate-key", ERROR, "The same key appears twice in one mapping.",
     "delete one of the two; YAML would silently keep only the last"),
    ("bad-encoding", ERROR, "The file is not UTF-8 text.",
     "save the file as UTF-8 (in Word or Notepad: 'Save as', encoding UTF-8)"),
    ("empty-file", ERROR, "The file is empty.", "fill it in from the template or delete it"),
    ("file-too-large", ERROR, "The file is larger than content files may be.",
     "a priority file is a few kilobytes; split or shorten it"),
    ("bad-path", ERROR, "The file or folder name is not allowed.",
     "use content/YEAR/ISSUER/NN.yaml with lower-case Latin letters, digits and hyphens"),
    ("outside-content", ERROR, "A link points outside the content folder.",
     "replace the symbolic link by the file itself"),
    ("missing-list", ERROR, "A folder of priorities has no list.yaml.",
     "add list.yaml describing the issuer and the approving order"),
    # shape of a record
    ("not-a-mapping", ERROR, "The file must hold a mapping of field names to values.",
     "start from an existing priority file and keep its layout"),
    ("unknown-key", ERROR, "This field name is not part of the content format.",
     "correct the spelling or remove the field"),
    ("missing-field", ERROR, "A required field is missing or empty.", "add the field"),
    ("wrong-type", ERROR, "The value has the wrong shape.", "see the field reference in the handbook"),
    # values (Table Schema constraints)
    ("invalid-value", ERROR, "The value cannot be read as the field's type.", "write it as the field's type"),
    ("out-of-range", ERROR, "The value is outside the allowed range.", "correct the value"),
    ("bad-format", ERROR, "The value does not have the required format.", "correct the value"),
    ("unknown-code", ERROR, "The code is not in the controlled vocabulary.",
     "use one of the codes listed in schema/vocab/"),
    ("duplicate-number", ERROR, "Two priorities of one list have the same number.",
     "renumber them so that each number is used once"),
    ("edition-date", ERROR, "An earlier edition's date is not the date of its order, or not before the current edition.",
     "name the folder editions/YYYY-MM-DD/ by the date its order approved it, earlier than the current edition"),
    ("edition-without-list", ERROR, "An earlier edition is kept for a list that has no current edition.",
     "put the edition in force in YEAR/ISSUER/ (list.yaml and its NN.yaml); editions/ holds only earlier ones"),
    ("reused-number", WARNING, "A number of the list stands for another direction than in the earlier edition.",
     "check the amending order: a withdrawn priority's number is best left unused"),
    ("invisible-character", ERROR, "The text holds an invisible character that could disguise it.",
     "delete it (it is often pasted from Word or a web page)"),
    # meaning (cross-field and cross-record)
    ("missing-language", ERROR, "A text is missing in one language and the language is not marked missing.",
     "add the translation, or set translation.LANG: missing"),
    ("material-base-required", ERROR, "A long-term grant must state its material and technical base requirements.",
     "fill in material_base (column 9 of the official form)"),
    ("call-window", ERROR, "The call's application window is impossible.",
     "closes must be later than opens, and a call cannot be announced after it closes; check both against the announcement"),
    ("amount-mismatch", ERROR, "The published amount text does not give the same number as amount.",
     "make amount equal to the number written in published"),
    ("grant-period", WARNING, "The grant period does not fit the grant type.",
     "check grant.years against the grant type's duration in the Law (Art. 6-1)"),
    ("funding-outlier", WARNING, "The funding is far from what is usual for this kind of grant.",
     "check the figure against the official document; if the document says so, keep it and record a source defect"),
    ("numbering-gap", WARNING, "The list's numbering has a gap.", "renumber the files or add the missing priority"),
    ("empty-list", WARNING, "The list has no priorities.", "add priority files next to list.yaml"),
)


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at one place; sorts by file, line, column."""

    path: str
    line: int
    col: int
    code: str
    message: str
    hint: str = ""
    field: str = field(default="", compare=False)

    @property
    def severity(self) -> str:
        return CATALOGUE[self.code].severity

    def __str__(self) -> str:
        hint = self.hint or CATALOGUE[self.code].hint
        return f"{self.path}:{self.line}:{self.col}: {self.severity} {self.code}: {self.message} ({hint})"


def errors_in(problems: list[Problem]) -> list[Problem]:
    """The problems that stop a build."""
    return [p for p in problems if p.severity == ERROR]


class ContentError(Exception):
    """Raised by the pipeline when content has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(errors_in(problems))} error(s) in content")
        self.problems = problems
