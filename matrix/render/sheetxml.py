"""The rows of a write-only worksheet, written as SpreadsheetML text.

openpyxl spends ~10 µs on every cell it writes (a cell object, value checks, a style
lookup, three nested XML elements), and a province build writes millions of cells, most
of them the empty bordered cells of the agency columns. Here openpyxl still does all the
rest — the sheet's head and tail (widths, panes, filter, merged cells, conditional formats,
validations, links, comments, print setup), the shared styles and the zip — and only the
<row> elements inside <sheetData> are written by us, as text, in the form openpyxl uses:

    <row r="7" ht="30" customHeight="1">
      <c r="A7" s="3" t="inlineStr"><is><t>text</t></is></c>    text (never a formula)
      <c r="B7" s="4" t="n"><v>12</v></c>                         a number
      <c r="C7" s="4" t="n"></c>                                  an empty, styled cell
    </row>

(cells.SheetWriter builds the row; the text is UTF-8, where openpyxl writes &#NNNN;.)
"""
from __future__ import annotations

import re
from typing import Callable, Optional

from openpyxl import LXML
from openpyxl.compat import safe_string
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import xmlfile

# Text XML 1.0 cannot hold at all (lxml would refuse it): control characters, surrogates,
# U+FFFE/U+FFFF. Tab, line feed and carriage return are kept.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(s: str) -> str:
    """Text for an XML element: & < > escaped, carriage returns kept as references."""
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    if "\r" in s:
        s = s.replace("\r", "&#13;")
    return s


def number_cell(ref: str, style: int, value) -> str:
    return f'<c r="{ref}" s="{style}" t="n"><v>{safe_string(value)}</v></c>'


def row_start(row: int, height: Optional[float]) -> str:
    if height:
        return f'<row r="{row}" ht="{safe_string(float(height))}" customHeight="1">'
    return f'<row r="{row}">'


class _Writer(WorksheetWriter):
    """openpyxl's worksheet writer on a file we hold, so rows can be written to it as text."""

    def get_stream(self):
        with open(self.out, "wb") as f:
            self.file = f
            with xmlfile(f) as xf:
                self.stream = xf
                with xf.element("worksheet", xmlns=SHEET_MAIN_NS):
                    try:
                        while True:
                            el = (yield)
                            if el is True:
                                yield xf
                            elif el is not None:
                                xf.write(el)
                    except GeneratorExit:
                        pass


def _rows(writer: _Writer):
    """Stands in for openpyxl's row loop: <sheetData>, then our text, closed at save."""
    xf = writer.xf.send(True)
    with xf.element("sheetData"):
        xf.flush()                      # "<sheetData>" is out; from here the file is ours
        try:
            while True:
                writer.file.write((yield).encode("utf-8"))
        except GeneratorExit:
            pass
    writer.xf.send(None)


def supported() -> bool:
    """Raw rows need lxml's incremental writer (it can be flushed) and openpyxl's layout."""
    return LXML and hasattr(WorksheetWriter, "get_stream")


def open_rows(ws) -> Callable[[str], None]:
    """Start `ws` (a write-only worksheet whose widths and panes are set) and return a
    function that appends row text to its <sheetData>. openpyxl closes it on save."""
    if ws._writer is not None:
        raise RuntimeError("rows of this sheet were already started by openpyxl")
    ws._writer = _Writer(ws)
    ws._writer.write_top()
    rows = _rows(ws._writer)
    next(rows)
    ws._rows = rows
    return rows.send
