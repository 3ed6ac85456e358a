"""Streaming rows into a write-only worksheet: text stays text, styles are computed once.

Workbooks are written with openpyxl's write-only mode (rows go straight to disk), so
everything a sheet needs before its first row (column widths, frozen panes, page fit) is
set by `SheetWriter.start`, and rows are then appended top to bottom.

Cells are light `Cell` values (text or number, a `Look`, maybe a link or a comment); a
row is turned into SpreadsheetML text at once (see sheetxml), which is what makes a
province-sized build cost about what openpyxl itself costs for the bare values.
"""
from __future__ import annotations

import contextlib
import datetime
import math
import shutil
import zipfile
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

from openpyxl.cell import WriteOnlyCell
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.packaging.extended import ExtendedProperties
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.constants import ARC_APP
from openpyxl.xml.functions import tostring
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from ..errors import MatrixError
from ..fileio import atomic_path
from ..i18n import _
from . import sheetxml, styles
from .styles import Look
from .. import words

MAX_CELL_TEXT = 32767   # Excel's limit for one cell
MAX_COLUMNS = 16384     # … and for the columns of a sheet (XFD)
MAX_ROWS = 1_048_576    # … and its rows
EPOCH = datetime.date(1899, 12, 30)     # day 0 of a spreadsheet date (1900 date system)


def clean_text(value: Any) -> str:
    """Document text as a cell can hold it: nothing XML cannot carry (control characters),
    not over Excel's limit."""
    s = sheetxml.XML_ILLEGAL.sub("", str(value))
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


class Cell:
    """One cell to write: its value (text, a number or None), its look, a link, a comment."""

    __slots__ = ("value", "look", "link", "comment")

    def __init__(self, value: Any, look: Look, link: Optional[str] = None):
        self.value = value
        self.look = look
        self.link = link          # "'sheet'!A1": a jump inside the workbook
        self.comment = None       # an openpyxl Comment, shown on hover


class Stylist:
    """Turns `Look`s into the workbook's style indices; each look is resolved once.

    Resolving fonts, fills and borders is the costly part of a styled cell, so a look's
    index is kept, found by the look's identity (looks are shared constants) or value.
    """

    def __init__(self) -> None:
        self.by_id: dict[int, int] = {}
        self._looks: list[Look] = []              # kept alive, so their ids stay theirs
        self._by_value: dict[Look, int] = {}

    def index(self, look: Look, ws) -> int:
        found = self.by_id.get(id(look))
        if found is not None:
            return found
        index = self._by_value.get(look)
        if index is None:
            cell = WriteOnlyCell(ws)
            self.apply(cell, look)
            index = self._by_value[look] = ws.parent._cell_styles.add(cell._style)
        self.by_id[id(look)] = index
        self._looks.append(look)
        return index

    def apply(self, cell: WriteOnlyCell, look: Look) -> None:
        """Give an openpyxl cell the look (for sheets written the slow way)."""
        cell.font = styles.font(look)
        cell.alignment = styles.alignment(look)
        if look.fill:
            cell.fill = styles.fill(look.fill)
        if look.border:
            cell.border = styles.BORDER
        if not look.locked:
            cell.protection = styles.UNLOCKED
        if look.number_format:
            cell.number_format = look.number_format


LETTERS = [get_column_letter(i) for i in range(1, 703)]     # A … ZZ, extended on demand


def column_letter(i: int) -> str:
    """Letter of the 0-based column i."""
    if i >= len(LETTERS):
        LETTERS.extend(get_column_letter(j) for j in range(len(LETTERS) + 1, i + 2))
    return LETTERS[i]


class SheetWriter:
    """A write-only worksheet plus the row counter and helpers every sheet uses."""

    def __init__(self, ws, stylist: Stylist):
        self.ws = ws
        self.stylist = stylist
        self.row = 0          # the last row written
        self.widths: list[float] = []
        self._send = None     # appends row text to the sheet, once rows have started
        # Style indices from here on depend on the order looks were first used; a sheet
        # that used one cannot be carried into another workbook (see reuse.py).
        self.fixed_styles: Optional[int] = None
        self.unfixed = False

    def start(self, widths: Iterable[float], freeze: Optional[str] = None) -> None:
        """What must precede the first row in write-only mode: widths and panes.
        (How the sheet prints is paper.set_up's.)"""
        self.widths = list(widths)
        # One <col> per run of equal widths (the agency columns): far less to write.
        i = 0
        while i < len(self.widths):
            j = i
            while j + 1 < len(self.widths) and self.widths[j + 1] == self.widths[i]:
                j += 1
            dim = self.ws.column_dimensions[get_column_letter(i + 1)]
            dim.width, dim.min, dim.max = self.widths[i], i + 1, j + 1
            i = j + 1
        if freeze:
            self.ws.freeze_panes = freeze

    def text(self, value: Any, look: Look = styles.CELL) -> Cell:
        # Text is always written as text: a document line starting with "=" never
        # becomes a formula.
        return Cell(clean_text(value) if value is not None and value != "" else None, look)

    def number(self, value: Optional[int], look: Look = styles.NUMBER) -> Cell:
        return Cell(value, look)

    def date(self, day: Optional[datetime.date], look: Look = styles.DATE) -> Cell:
        """A date as spreadsheets keep one: days since 1899-12-30, shown by the look."""
        return Cell((day - EPOCH).days if day else None, look)

    def moment(self, when: Optional[datetime.datetime], look: Look = styles.DATE_TIME) -> Cell:
        """A date and time as spreadsheets keep one: days since 1899-12-30, and the day's part."""
        if when is None:
            return Cell(None, look)
        days = when - datetime.datetime.combine(EPOCH, datetime.time())
        return Cell(round(days.total_seconds() / 86400, 6), look)

    def link(self, value: str, sheet: str, coordinate: str,
             look: Look = styles.LINK) -> Cell:
        """A cell that jumps to another place in the same workbook."""
        cell = self.text(value, look)
        cell.link = f"{quote_sheet(sheet)}!{coordinate}"
        return cell

    def fit_height(self, cells: list) -> Optional[float]:
        """A row height that shows all wrapped text; not every reader sizes rows itself."""
        lines = 1
        widths = self.widths
        for i, cell in enumerate(cells):
            if cell is None or i >= len(widths):
                continue
            value = cell.value
            if value.__class__ is not str or not cell.look.wrap:
                continue
            # A text this short cannot need more lines than already found: skip measuring.
            if len(value) * 1.85 <= max(widths[i] - 1.0, 1.0) * lines and "\n" not in value:
                continue
            lines = max(lines, wrapped_lines(value, widths[i]))
        return min(lines * LINE_HEIGHT + 4, MAX_ROW_HEIGHT) if lines > 1 else None

    def append(self, cells: list = (), height: Optional[float] = None) -> int:
        self.row += 1
        if self.row > MAX_ROWS:
            # A spreadsheet program drops rows past its last: one clear line instead.
            raise MatrixError(_("sheet {sheet} would need more than {n} rows, the most a "
                                "spreadsheet holds").format(sheet=self.ws.title, n=MAX_ROWS))
        height = height or self.fit_height(cells)
        if self._send is None:
            self._send = sheetxml.open_rows(self.ws) if sheetxml.supported() else self._slow
        self._send(self._row_xml(cells, height) if self._send is not self._slow
                   else (cells, height))
        return self.row

    def blank(self) -> int:
        return self.append([])

    def close(self) -> None:
        """Finish the sheet now (its tail, its file), rather than when the workbook is saved:
        a workbook of hundreds of sheets then never holds hundreds of open files."""
        if not self.ws.closed:
            self.ws.close()

    def own_parts(self) -> bool:
        """Whether the sheet brings parts of its own to the package (comments, links, charts)."""
        ws = self.ws
        return bool(getattr(ws, "_comments", None) or getattr(ws, "_hyperlinks", None)
                    or ws._charts or ws._images)

    def _row_xml(self, cells, height) -> str:
        r = str(self.row)
        out = [sheetxml.row_start(self.row, height)]
        by_id, ws = self.stylist.by_id, self.ws
        letters = LETTERS if len(cells) <= len(LETTERS) else [column_letter(i) for i in
                                                              range(len(cells))]
        escape = sheetxml.escape
        fixed = self.fixed_styles if self.fixed_styles is not None else 1 << 30
        # The common cells are written inline: this loop runs for every cell of the build.
        for i, cell in enumerate(cells):
            if cell is None:
                continue
            look = cell.look
            style = by_id.get(id(look))
            if style is None:
                style = self.stylist.index(look, ws)
            if style >= fixed:
                self.unfixed = True
            value = cell.value
            if value is None:
                out.append(f'<c r="{letters[i]}{r}" s="{style}" t="n"></c>')
            elif value.__class__ is str:
                space = ' xml:space="preserve"' if value != value.strip() else ""
                out.append(f'<c r="{letters[i]}{r}" s="{style}" t="inlineStr"><is><t{space}>'
                           f'{escape(value)}</t></is></c>')
            else:
                out.append(sheetxml.number_cell(letters[i] + r, style, value))
            if cell.link or cell.comment is not None:
                self._extras(cell, letters[i] + r)
        out.append("</row>")
        return "".join(out)

    def _extras(self, cell: Cell, ref: str) -> None:
        """A link or a comment: openpyxl writes them after the rows, from these lists."""
        if cell.link:
            self.ws._hyperlinks.append(Hyperlink(ref=ref, location=cell.link,
                                                 display=cell.value))
        if cell.comment is not None:
            record = CommentRecord(ref=ref, author=cell.comment.author)
            record.text.t = cell.comment.content
            record.height, record.width = cell.comment.height, cell.comment.width
            self.ws._comments.append(record)

    def _slow(self, row) -> None:
        """Without lxml: the same cells through openpyxl's own writer."""
        cells, height = row
        if height:
            self.ws.row_dimensions[self.row].height = height
        out = []
        for cell in cells:
            if cell is None:
                out.append(None)
                continue
            c = WriteOnlyCell(self.ws, cell.value)
            if isinstance(cell.value, str):
                c.data_type = "s"
            self.stylist.apply(c, cell.look)
            if cell.link:
                c.hyperlink = Hyperlink(ref="", location=cell.link, display=cell.value)
            if cell.comment is not None:
                c.comment = cell.comment
            out.append(c)
        self.ws.append(out)


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


# Every member of the zip gets the same time, so the same input gives the same bytes and a
# workbook's hash means what it says (the mail ledger and the carry-over rely on it).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class _Archive(zipfile.ZipFile):
    """The zip openpyxl writes a workbook into: fixed member times, and an application
    property naming this tool."""

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        name = getattr(zinfo_or_arcname, "filename", zinfo_or_arcname)
        if name == ARC_APP:
            # openpyxl fixes it to "Microsoft Excel Compatible / Openpyxl x.y".
            props = ExtendedProperties()
            props.Application = words.MAKER
            data = tostring(props.to_tree())
        info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16
        return super().writestr(info, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        # Write-only sheets are written to temporary files first, then added by name:
        # streamed, as zipfile.write would, a province's sheet is large.
        info = zipfile.ZipInfo(arcname or Path(filename).name, date_time=ZIP_TIME)
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16
        info.file_size = Path(filename).stat().st_size        # zip64 only when it needs it
        with open(filename, "rb") as src, self.open(info, "w") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)


def save_workbook(wb, path: Path, when: Optional[str] = None) -> None:
    """openpyxl's wb.save(path), but with document properties in Chinese like the rest
    (author and application are this tool, not "openpyxl") and dated `when` (the build's
    date, YYYY-MM-DD), so that the same input gives the same bytes."""
    if wb.write_only and not wb.worksheets:
        wb.create_sheet()
    try:
        stamp = datetime.datetime.strptime(when, "%Y-%m-%d") if when else None
    except ValueError:
        stamp = None
    stamp = stamp or datetime.datetime(*ZIP_TIME)
    wb.properties.creator = words.MAKER
    wb.properties.lastModifiedBy = None
    wb.properties.created = stamp
    wb.properties.modified = stamp
    with _Archive(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()


@contextlib.contextmanager
def saving(wb, target: Path, finish: Optional[Callable[[Path], None]] = None,
           when: Optional[str] = None) -> Iterator[None]:
    """Fill `wb` in the block, then save it atomically to `target`; clean up on failure.
    `finish(path)` may still change the saved file before it takes the target's place."""
    try:
        yield
        with atomic_path(target) as tmp:
            save_workbook(wb, tmp, when)
            if finish:
                finish(tmp)
    except BaseException:
        _discard(wb)
        raise
