"""An office's own task table (.xlsx, .csv; .xls and .et after LibreOffice) → text rows.

One workbook is one document: its title is the title row above the header (a merged
cell across the table, the way offices set it), its rows the table's. Merged cells give
their value to every cell they cover, so a lead merged over three tasks leads all three.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from ..errors import MatrixError
from .encoding import decode
from .rows import row_line

MAX_ROWS = 20000


def _value(v) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        v = v.date()
    if isinstance(v, dt.date):
        return f"{v.year}年{v.month}月{v.day}日"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _lines(rows: list[list[str]]) -> list[str]:
    out, started = [], False
    for cells in rows:
        filled = [c for c in cells if c]
        if not filled:
            continue
        # Above the table, a row of one text (a title merged across) is a line of its own.
        if not started and len(set(filled)) == 1:
            out.append(filled[0])
            continue
        started = True
        out.append(row_line(cells))
    return out


def xlsx_rows(data: bytes, where: str) -> list[list[list[str]]]:
    try:
        import openpyxl
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise MatrixError(f"不是可读的 Excel 文件（{e.__class__.__name__}）", where) from None
    except Exception as e:  # openpyxl raises its own kinds for damaged parts
        raise MatrixError(f"不是可读的 Excel 文件（{e.__class__.__name__}）", where) from None
    sheets = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        merged = {}
        for rng in ws.merged_cells.ranges:
            top = ws.cell(rng.min_row, rng.min_col).value
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    merged[(r, c)] = top
        rows = []
        # WPS may record wrong dimensions: read what the cells hold, not what the sheet says.
        for r, row in enumerate(ws.iter_rows(), 1):
            if r > MAX_ROWS:
                break
            rows.append([_value(merged.get((r, c), cell.value)) for c, cell in enumerate(row, 1)])
        sheets.append(rows)
    return sheets


def csv_rows(data: bytes, where: str) -> list[list[str]]:
    text, _ = decode(data, where)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    try:
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as e:
        raise MatrixError(f"CSV 无法读取（{e}）", where) from None


def sheet_text(data: bytes, suffix: str, where: str) -> str:
    if suffix == ".csv":
        sheets = [csv_rows(data, where)]
    else:
        sheets = xlsx_rows(data, where)
    lines: list[str] = []
    for rows in sheets:
        lines += _lines(rows)
    if not lines:
        raise MatrixError("表格是空的", where)
    return "\n".join(lines)
