"""An official document of any kind we read → its nine-column table (document.py), by the reader for its format."""
from __future__ import annotations

from pathlib import Path

from .document import Document, ReadError


def read_document(path: Path) -> Document:
    """Read a .docx, a text PDF or a text export (.txt) of the official form."""
    suffix = path.suffix.casefold()
    if suffix == ".docx":
        from .from_docx import read_docx  # python-docx is loaded only when a .docx is imported
        return read_docx(path)
    if suffix == ".pdf":
        from .from_pdf import read_pdf  # so is pdfplumber, when a PDF is
        return read_pdf(path)
    if suffix in (".txt", ".text", ""):
        from .from_text import read_text_export
        return read_text_export(path)
    hint = "save it from Word as .docx" if suffix in (".doc", ".rtf", ".odt") else "give a .docx, a .pdf or a .txt"
    raise ReadError("unsupported", f"cannot read {suffix} documents", hint)
