"""Documents in the forms offices receive, made from our own texts: a .docx (with a task
table), and through LibreOffice a PDF, a .doc and an .xls. For the reader tests."""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from matrix.parse import vocab as V
from matrix.sources.office import convert_file


def _font(run, size: int = 16, name: str = "Noto Serif CJK SC") -> None:
    run.font.size = Pt(size)
    run.font.name = name
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)


def docx_from_text(text: str, path: Path, tables: Sequence[Sequence[Sequence[str]]] = (),
                   merges: Sequence[tuple[int, int, int, int, int]] = (),
                   footer: bool = True) -> Path:
    """Each line a paragraph (a title line centred, as offices set them), then `tables`
    (rows of cells; a cell with \\n holds several lines). `merges` are (table, row, col,
    to_row, to_col) spans. A page footer with the page number, as printed documents have."""
    doc = Document()
    section = doc.sections[0]
    for i, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        p = doc.add_paragraph()
        if i < 2 and not V.starts_structure(line):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(line), 22 if i == 0 else 16)
    for t, rows in enumerate(tables):
        width = max(len(r) for r in rows)
        table = doc.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                cell.text = ""
                for k, part in enumerate(value.split("\n")):
                    para = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                    _font(para.add_run(part), 12)
        for tt, r0, c0, r1, c1 in merges:
            if tt == t:
                keep = table.cell(r0, c0).text
                merged = table.cell(r0, c0).merge(table.cell(r1, c1))
                for para in merged.paragraphs[1:]:
                    para._element.getparent().remove(para._element)
                merged.paragraphs[0].text = ""
                _font(merged.paragraphs[0].add_run(keep), 12)
    if footer:
        para = section.footer.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = para.add_run("— ")
        for kind, value in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                el = run._element.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
            else:
                el = run._element.makeelement(qn("w:instrText"), {})
                el.text = value
            run._element.append(el)
        para.add_run(" —")
    doc.save(path)
    return path


def converted(src: Path, fmt: str, outdir: Optional[Path] = None) -> Path:
    return convert_file(src, fmt, outdir or src.parent)
