"""Streaming rows into a write-only worksheet: text stays text, styles are computed once.

Workbooks are written with openpyxl's write-only mode (rows go straight to disk), so
everything a sheet needs before its first row (column widths, frozen panes, page fit) is
set by `SheetWriter.start`, and rows are then appended top to bottom.
"""
from __future__ import annotations

import contextlib
import math
from copy import copy
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.properties import PageSetupProperties

from ..fileio import atomic_path
from . import styles
from .styles import Look

MAX_CELL_TEXT = 32767   # Excel's limit for one cell


def clean_text(value: Any) -> str:
    """Document text as a cell can hold it: no control characters, not over Excel's limit."""
    s = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if len(s) > MAX_CELL_TEXT:
        s = s[: MAX_CELL_TEXT - 1] + "…"
    return s


def quote_sheet(name: str) -> str:
    """A sheet name as a formula or link reference: 'name' with quotes doubled."""
    return "'" + name.replace("'", "''") + "'"


LINE_HEIGHT = 13        # points per line of 10-point CJK text
MAX_ROW_HEIGHT = 409    # Excel's limit


def text_width(s: str) -> float:
    """Width in column units: a CJK character takes about two, a Latin one about one.

    Every non-ASCII character is counted wide: in these documents they are CJK or
    full-width punctuation, and counting bytes is far cheaper than a per-character lookup.
    """
    narrow = len(s.encode("ascii", "ignore"))
    return narrow + 1.85 * (len(s) - narrow)


def wrapped_lines(s: str, width: float) -> int:
    """Lines `s` takes when wrapped in a column `width` units wide."""
    usable = max(width - 1.0, 1.0)
    if len(s) * 1.85 <= usable and "\n" not in s:
        return 1
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in s.split("\n"))


def formula_text(s: str) -> str:
    """A string literal inside a formula (quotes doubled)."""
    return '"' + s.replace('"', '""') + '"'


class Stylist:
    """Applies `Look`s to cells; each distinct look is resolved against the workbook once.

    Resolving fonts, fills and borders is the costly part of a styled cell, so the resolved
    style indices are kept and copied onto later cells with the same look.
    """

    def __init__(self) -> None:
        self._cache: dict[Look, Any] = {}
        self.wrapping: set[int] = set()      # alignment ids that wrap text

    def apply(self, cell, look: Look) -> None:
        cached = self._cache.get(look)
        if cached is not None:
            cell._style = copy(cached)
            return
        cell.font = styles.font(look)
        cell.alignment = styles.alignment(look)
        if look.fill:
            cell.fill = styles.fill(look.fill)
        if look.border:
            cell.border = styles.BORDER
        self._cache[look] = copy(cell._style)
        if look.wrap:
            self.wrapping.add(cell._style.alignmentId)


class SheetWriter:
    """A write-only worksheet plus the row counter and helpers every sheet uses."""

    def __init__(self, ws, stylist: Stylist):
        self.ws = ws
        self.stylist = stylist
        self.row = 0          # the last row written
        self.widths: list[float] = []

    def start(self, widths: Iterable[float], freeze: Optional[str] = None,
              landscape: bool = True) -> None:
        """What must precede the first row in write-only mode: widths, panes, page fit."""
        self.widths = list(widths)
        for i, w in enumerate(self.widths, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = w
        if freeze:
            self.ws.freeze_panes = freeze
        self.ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        setup = self.ws.page_setup
        setup.orientation = "landscape" if landscape else "portrait"
        setup.paperSize = 9                 # A4
        setup.fitToWidth = 1
        setup.fitToHeight = 0          # as many pages down as needed
        self.ws.print_options.horizontalCentered = True

    def text(self, value: Any, look: Look = styles.CELL) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws)
        if value is not None and value != "":
            cell.value = clean_text(value)
            # openpyxl turns any str starting with "=" into a formula; document text
            # must never run as one, so the type is forced back to string.
            cell.data_type = "s"
        self.stylist.apply(cell, look)
        return cell

    def number(self, value: Optional[int], look: Look = styles.NUMBER) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, value=value)
        self.stylist.apply(cell, look)
        return cell

    def link(self, value: str, sheet: str, coordinate: str,
             look: Look = styles.LINK) -> WriteOnlyCell:
        """A cell that jumps to another place in the same workbook."""
        cell = self.text(value, look)
        cell.hyperlink = Hyperlink(ref="", location=f"{quote_sheet(sheet)}!{coordinate}",
                                   display=clean_text(value))
        return cell

    def fit_height(self, cells: list) -> Optional[float]:
        """A row height that shows all wrapped text; not every reader sizes rows itself."""
        lines = 1
        for i, cell in enumerate(cells):
            if (cell is None or not isinstance(cell.value, str) or i >= len(self.widths)
                    or cell._style.alignmentId not in self.stylist.wrapping):
                continue
            lines = max(lines, wrapped_lines(cell.value, self.widths[i]))
        return min(lines * LINE_HEIGHT + 4, MAX_ROW_HEIGHT) if lines > 1 else None

    def append(self, cells: list = (), height: Optional[float] = None) -> int:
        self.row += 1
        height = height or self.fit_height(cells)
        if height:
            # Row dimensions are read when the row is written, so this must come first.
            self.ws.row_dimensions[self.row].height = height
        self.ws.append(list(cells))
        return self.row

    def blank(self) -> int:
        return self.append([])


def _discard(wb) -> None:
    """Close a write-only workbook's half-written sheets and remove their temp files.

    Left alone, their open XML streams complain when garbage-collected and the temp
    files stay behind; the original error is what the user needs to see.
    """
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        for stream in (getattr(ws, "_rows", None), getattr(writer, "xf", None)):
            with contextlib.suppress(Exception):
                if stream is not None:
                    stream.close()
        with contextlib.suppress(Exception):
            if writer is not None:
                writer.cleanup()


@contextlib.contextmanager
def saving(wb, target: Path) -> Iterator[None]:
    """Fill `wb` in the block, then save it atomically to `target`; clean up on failure."""
    try:
        yield
        with atomic_path(target) as tmp:
            wb.save(tmp)
    except BaseException:
        _discard(wb)
        raise
