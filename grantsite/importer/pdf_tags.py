"""The paragraphs of a tagged PDF: which marked-content sequences on each page belong to one paragraph.

Word's "Save as PDF" tags the document by default (LibreOffice when asked): its structure tree has an
element per paragraph (P, H1, LI …) whose marked content (MCIDs) holds the paragraph's glyphs, on one
page or on two.  With the tags, the lines of a cell on a page are grouped as typed, whatever their
spacing; an untagged PDF leaves that to the lines' geometry (pdf_lines.py).
"""
from __future__ import annotations

INLINE = {"Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP",
          "Warichu", "WT", "WP", "Form"}


def paragraph_tags(pdf) -> dict[int, dict[int, int]]:
    """{page number: {MCID: paragraph}} of a pdfplumber PDF; empty when the PDF is not tagged."""
    from pdfminer.pdftypes import PDFObjRef, resolve1

    root = resolve1(pdf.doc.catalog.get("StructTreeRoot"))
    if not isinstance(root, dict):
        return {}
    pages = {page.page_obj.pageid: page.page_number for page in pdf.pages}
    tags: dict[int, dict[int, int]] = {}
    seen: set[int] = set()
    stack = [(root.get("K"), None, None)]  # (kids, the paragraph they are in, their page)
    while stack:
        kids, paragraph, page = stack.pop()
        kids = resolve1(kids)
        for kid in kids if isinstance(kids, list) else [kids]:
            ref, obj = kid, resolve1(kid)
            if isinstance(obj, int) and page is not None and paragraph is not None:
                tags.setdefault(page, {})[obj] = paragraph
            elif isinstance(obj, dict) and "MCID" in obj and paragraph is not None:
                on = pages.get(obj["Pg"].objid) if isinstance(obj.get("Pg"), PDFObjRef) else page
                if on is not None:
                    tags.setdefault(on, {})[resolve1(obj["MCID"])] = paragraph
            elif isinstance(obj, dict) and "K" in obj and isinstance(ref, PDFObjRef) and ref.objid not in seen:
                seen.add(ref.objid)
                kind = getattr(resolve1(obj.get("S")), "name", "")
                on = pages.get(obj["Pg"].objid) if isinstance(obj.get("Pg"), PDFObjRef) else page
                stack.append((obj["K"], paragraph if kind in INLINE and paragraph is not None else ref.objid, on))
    return tags
