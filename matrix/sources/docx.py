"""Word .docx → text: paragraphs with Word's automatic list numbers written out, and
tables in place, one row per line (`rows.row_line`).
"""
from __future__ import annotations

import io
import re
import zipfile

from ..errors import MatrixError
from ..i18n import _
from ..text import chinese_number
from .rows import row_line


def _int(text, default: int, low: int = 0, high: int = 10_000) -> int:
    """A number attribute of numbering.xml, as Word would read it: a value that is no
    number (w:val="abc", none at all) is the default; kept within what a list can be."""
    try:
        return min(max(int(text), low), high)
    except (TypeError, ValueError):
        return default


def _format_number(n: int, fmt: str) -> str:
    if 0 <= n < 1000 and fmt in ("chineseCounting", "chineseCountingThousand",
                                 "ideographTraditional", "chineseLegalSimplified",
                                 "japaneseCounting", "taiwaneseCounting"):
        return chinese_number(n)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "bullet":
        return ""
    return str(n)


def docx_text(data: bytes, where: str) -> str:
    """Paragraph text of a .docx, with Word's automatic list numbers written out.

    Word stores "（一）" of a numbered list as numbering, not text; without rendering it
    the parser would see no measures at all.
    """
    try:
        import docx  # python-docx
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise MatrixError(_("not a readable .docx ({error})").format(error=e.__class__.__name__), where) from None
    except Exception as e:  # python-docx raises its own types for broken packages
        raise MatrixError(_("not a readable .docx ({error})").format(error=e), where) from None
    try:
        lines = _lines(document)
    except MatrixError:
        raise
    except Exception as e:  # noqa: BLE001 — a part python-docx reads but cannot use
        raise MatrixError(_("not a readable .docx ({error})").format(
            error=e.__class__.__name__), where) from None
    return "\n".join(lines)


def _lines(document) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    try:
        levels = _numbering_levels(document)
    except (AttributeError, KeyError, ValueError, TypeError):
        levels = {}         # numbering that cannot be made sense of: the text without it
    counters: dict[tuple[str, int], int] = {}
    lines = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag.endswith("}tbl"):
            lines += table_lines(Table(child, document))
            continue
        if not child.tag.endswith("}p"):
            continue
        para = Paragraph(child, document)
        text = para.text
        num = _num_of(para)
        if num and num[0] in levels:
            num_id, ilvl = num
            fmt, lvl_text, start = levels[num_id].get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
            key = (num_id, ilvl)
            counters[key] = counters.get(key, start - 1) + 1
            for deeper in [k for k in counters if k[0] == num_id and k[1] > ilvl]:
                del counters[deeper]
            label = re.sub(r"%(\d)", lambda m: _format_number(
                counters.get((num_id, int(m.group(1)) - 1), 1), fmt), lvl_text)
            text = label + text
        lines.append(text)
    return lines


def _num_of(para) -> tuple[str, int] | None:
    """The list (numId, level) of a paragraph: its own, else its style's (a numbered style
    such as Word's “List Number”), following base styles."""
    from docx.oxml.ns import qn
    ppr = para._p.pPr
    numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
    try:
        style = para.style if numpr is None else None
        depth = 0
        while numpr is None and style is not None and depth < 32:   # basedOn may loop
            depth += 1
            sppr = style.element.pPr
            numpr = sppr.find(qn("w:numPr")) if sppr is not None else None
            style = style.base_style
    except (AttributeError, KeyError, ValueError):
        # A damaged styles.xml: its numbered styles cannot be followed, the text still can.
        return None
    if numpr is None:
        return None
    num_id = numpr.find(qn("w:numId"))
    ilvl = numpr.find(qn("w:ilvl"))
    if num_id is None:
        return None
    return num_id.get(qn("w:val")), _int(ilvl.get(qn("w:val")), 0, 0, 8) if ilvl is not None else 0


def _numbering_levels(document) -> dict[str, dict[int, tuple[str, str, int]]]:
    """numId → {level: (numFmt, lvlText, start)} from the numbering part, if any."""
    from docx.oxml.ns import qn
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
    for an in numbering.findall(qn("w:abstractNum")):
        lv = {}
        for lvl in an.findall(qn("w:lvl")):
            def val(tag, default):
                el = lvl.find(qn(tag))
                return el.get(qn("w:val")) if el is not None else default
            level = _int(lvl.get(qn("w:ilvl")), -1, -1, 8)
            if level < 0:       # a level that does not say which it is: Word ignores it too
                continue
            lv[level] = (val("w:numFmt", "decimal") or "decimal", val("w:lvlText", "") or "",
                         _int(val("w:start", "1"), 1))
        abstract[an.get(qn("w:abstractNumId"))] = lv
    out = {}
    for num in numbering.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        if ref is not None and ref.get(qn("w:val")) in abstract:
            out[num.get(qn("w:numId"))] = abstract[ref.get(qn("w:val"))]
    return out


def table_lines(table) -> list[str]:
    """A table's rows, in place, one line each. python-docx gives a merged cell once per
    grid column and row it spans, so a lead merged over three rows is in all three."""
    out = []
    for row in table.rows:
        try:
            cells = [c.text for c in row.cells]
        except (IndexError, ValueError):     # a malformed grid: the cells as they stand
            cells = [c.text for c in row._tr.tc_lst] if hasattr(row, "_tr") else []
        out.append(row_line(cells))
    return out
