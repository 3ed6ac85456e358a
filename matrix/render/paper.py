"""How a sheet prints: A4 landscape, text never below 9 pt, headings on every page.

Offices print what we write. A sheet narrow enough is fitted to the page width, which
then shrinks it a little at most; a wider one prints at full size across several pages,
its first columns repeated on each, because a table squeezed onto one page is unreadable.
Every page carries the sheet's title and page number in its printed header and footer,
so a continuation page still says what it belongs to.
"""
from __future__ import annotations

import math
from typing import Iterable, Optional, Sequence

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from . import styles
from .cells import text_width

A4 = 9
# Column units that fit across landscape A4 between narrow margins with 10-point text
# shrunk to no less than 9.2 points. Measured with LibreOffice, whose units are the wider:
# 120 units printed at 9.1 points between 0.5-inch margins; Excel prints larger still.
PAGE_UNITS = 122
# What that page holds at full size, for a sheet printed across pages.
FULL_PAGE_UNITS = 110
# Printable height of that page, in centimetres, less the printed header and footer:
# what a chart may fill to stay whole on one page.
PAGE_HEIGHT_CM = 15.0
ROW_CM = 0.53                     # a row of default height (15 points)
MARGIN_SIDE, MARGIN_TOP, MARGIN_EDGE = 0.25, 0.75, 0.3      # Excel's "narrow" margins, inches


def widths(rules: Sequence[tuple], contents: Iterable[Sequence[Optional[str]]],
           budget: float = PAGE_UNITS) -> list[float]:
    """Column widths from what the columns hold, filling one page width where they can.

    A rule is (least, most, share): a column is as wide as its longest line, between
    least and most; a column with a share (the long texts) takes, in proportion, what the
    page has left over once the others are set.
    """
    need = [float(least) for least, _, _ in rules]
    for row in contents:
        for i, value in enumerate(row):
            if value and i < len(rules) and need[i] < rules[i][1]:
                longest = max(text_width(line) for line in str(value).split("\n"))
                need[i] = min(float(rules[i][1]), max(need[i], longest + 1))
    out = [float(least) if share else n for (least, _, share), n in zip(rules, need)]
    shares = sum(share for _, _, share in rules)
    spare = budget - sum(out)
    if shares and spare > 0:
        out = [w + spare * share / shares for w, (_, _, share) in zip(out, rules)]
    elif spare < 0:
        # Too wide: narrow what is above its least, in proportion, as far as the leasts allow.
        slack = sum(w - least for w, (least, _, _) in zip(out, rules))
        cut = min(1.0, -spare / slack) if slack else 0
        out = [w - (w - least) * cut for w, (least, _, _) in zip(out, rules)]
    # Rounded down: the sum must stay within the page.
    return [math.floor(w * 10) / 10 for w in out]


def _short(text: str, most: int = 60) -> str:
    """Excel allows 255 characters for a whole printed header."""
    return text if len(text) <= most else text[:most - 1] + "…"


def escape(text: str) -> str:
    """Document text in a printed header: its & is a code there."""
    return text.replace("&", "&&")


def set_up(ws, widths: Sequence[float], title: str, repeat_cols: Optional[str] = None,
           footer: str = "", left: str = "", right: str = "") -> None:
    """Page set-up of a sheet whose columns have these widths. Called before its first
    row: a sheet written row by row states its page fit before its rows."""
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = A4
    m = ws.page_margins
    m.left = m.right = MARGIN_SIDE
    m.top = m.bottom = MARGIN_TOP
    m.header = m.footer = MARGIN_EDGE
    if fits(widths):
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        setup.fitToWidth = 1
        setup.fitToHeight = 0          # as many pages down as needed
    else:
        # Full size, across pages; the columns that say which row it is come again.
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
        setup.scale = 100
        setup.pageOrder = "overThenDown"
        if repeat_cols:
            ws.print_title_cols = repeat_cols
    header = ws.oddHeader.center
    header.text, header.size, header.font = escape(_short(title)), 10, f"{styles.FONT_NAME},Bold"
    for part, text in ((ws.oddHeader.left, left), (ws.oddHeader.right, right)):
        if text:
            part.text, part.size, part.font = escape(_short(text)), 9, styles.FONT_NAME
    left = ws.oddFooter.left
    left.text, left.size, left.font = escape(footer), 10, styles.FONT_NAME
    right = ws.oddFooter.right
    right.text, right.size, right.font = "第 &P 页，共 &N 页", 10, styles.FONT_NAME


def fits(widths: Sequence[float]) -> bool:
    return sum(widths) <= PAGE_UNITS + 0.05


def page_break_before(ws, row: int) -> None:
    """Start a new printed page at `row`."""
    ws.row_breaks.append(Break(id=row - 1))


def column_break_after(ws, column: int) -> None:
    """Start a new printed page after the `column`-th column."""
    ws.col_breaks.append(Break(id=column))


def last_column(widths: Sequence[float]) -> str:
    return get_column_letter(max(1, len(widths)))
