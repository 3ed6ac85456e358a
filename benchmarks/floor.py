"""The floor and the peer: the same cells written the cheapest way, and the usual way.

The floor is what openpyxl itself costs for our output: every value cell of every sheet
of every file we wrote, appended with bare write-only openpyxl, no styling. The grids
are read back from our own files (untimed), so the floor always writes exactly what we
wrote: same values, same count, sheet by sheet, file by file.

The peer is how a user would do it by hand: pandas.DataFrame.to_excel (openpyxl engine),
one frame per sheet.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Iterator

from openpyxl import Workbook, load_workbook

Grid = list[tuple[str, list[list[Any]]]]     # (sheet title, rows of values)


def read_grid(path: Path) -> Grid:
    """The values of every sheet of a workbook, trailing empty cells dropped."""
    wb = load_workbook(path, read_only=True)
    out = []
    try:
        for ws in wb.worksheets:
            rows = []
            for row in ws.iter_rows(values_only=True):
                row = list(row)
                while row and row[-1] is None:
                    row.pop()
                rows.append(row)
            out.append((ws.title, rows))
    finally:
        wb.close()
    return out


def cell_count(grid: Grid) -> int:
    return sum(1 for _, rows in grid for row in rows for v in row if v is not None)


def write_floor(grid: Grid, target: Path) -> float:
    """Seconds to write `grid` with bare write-only openpyxl."""
    start = time.perf_counter()
    wb = Workbook(write_only=True)
    for title, rows in grid:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(target)
    return time.perf_counter() - start


def write_pandas(grid: Grid, target: Path) -> float:
    """Seconds to write `grid` with DataFrame.to_excel, one frame per sheet."""
    import pandas as pd
    start = time.perf_counter()
    with pd.ExcelWriter(target, engine="openpyxl") as xw:
        for title, rows in grid:
            pd.DataFrame(rows).to_excel(xw, sheet_name=title, header=False, index=False)
    return time.perf_counter() - start


def grids(paths: list[Path]) -> Iterator[tuple[Path, Grid]]:
    for p in paths:
        yield p, read_grid(p)


def measure(paths: list[Path], scratch: Path, pandas: bool = True) -> dict[str, float]:
    """Floor (and pandas) seconds for writing the same cells as `paths`, summed over files."""
    scratch.mkdir(parents=True, exist_ok=True)
    floor = peer = 0.0
    cells = 0
    for i, (p, grid) in enumerate(grids(paths)):
        cells += cell_count(grid)
        floor += write_floor(grid, scratch / f"floor-{i}.xlsx")
        if pandas:
            peer += write_pandas(grid, scratch / f"pandas-{i}.xlsx")
        for f in scratch.glob(f"*-{i}.xlsx"):
            f.unlink()
    return {"floor": floor, "pandas": peer if pandas else float("nan"), "cells": cells}
