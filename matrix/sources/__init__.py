"""File → text, whatever form the document arrived in. One reader per form:

    .txt            encoding.py   any common encoding
    .docx           docx.py       paragraphs, list numbers, tables in place
    .doc .wps       office.py     → .docx by LibreOffice headless
    .pdf            pdf.py        text layer: page furniture out, wrapped lines joined, tables
    .html .htm      html.py       the page's main text, tables as tables
    .xlsx .csv      sheet.py      an office's own task table
    .xls .et        office.py     → .xlsx by LibreOffice headless

Every reader gives plain text with tables as rows (`rows.py`), so the parser has one input.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import MatrixError
from ..i18n import _

TEXT = (".txt",)
WORD = (".docx",)
OLD_WORD = (".doc", ".wps")
PDF = (".pdf",)
HTML = (".html", ".htm")
SHEETS = (".xlsx", ".xlsm", ".csv")
OLD_SHEETS = (".xls", ".et")
SUPPORTED = TEXT + WORD + OLD_WORD + PDF + HTML + SHEETS + OLD_SHEETS


@dataclass
class SourceText:
    text: str
    encoding: str          # the text's encoding, or the form it came in (docx, pdf, …)
    sha256: str
    notes: tuple[str, ...] = ()     # what the reader did that the user should know (OCR)


def read(path: Path, ocr: bool = False) -> SourceText:
    path = Path(path)
    if not path.exists():
        if path.is_symlink():
            raise MatrixError(_("a shortcut (symbolic link) to nothing, or that leads back to "
                                "itself; name the document itself"), str(path))
        raise MatrixError(_("no such file"), str(path))
    if path.is_dir():
        raise MatrixError(_("is a folder, not a document"), str(path))
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise MatrixError(_("unsupported file type '{suffix}' (use {supported})")
                          .format(suffix=suffix or _("(none)"), supported=", ".join(SUPPORTED)), str(path))
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise MatrixError(_("empty file"), str(path))
    where = str(path)
    if suffix in WORD:
        from .docx import docx_text
        return SourceText(docx_text(data, where), "docx", digest)
    if suffix in OLD_WORD:
        from .docx import docx_text
        from .office import convert
        return SourceText(docx_text(convert(path, "docx"), where), suffix[1:], digest)
    if suffix in PDF:
        from .pdf import pdf_text
        text, notes = pdf_text(data, where, ocr=ocr, path=path)
        return SourceText(text, "pdf", digest, notes)
    if suffix in HTML:
        from .html import html_text
        text, encoding = html_text(data, where)
        return SourceText(text, encoding, digest)
    if suffix in SHEETS or suffix in OLD_SHEETS:
        from .sheet import sheet_text
        if suffix in OLD_SHEETS:
            from .office import convert
            data = convert(path, "xlsx")
            suffix = ".xlsx"
        return SourceText(sheet_text(data, suffix, where), suffix[1:], digest)
    from .encoding import decode
    text, encoding = decode(data, where)
    return SourceText(text, encoding, digest)
