"""A table row as every reader writes it into the text: cells between tabs, a line
break inside a cell as CELL_BREAK. The parser's `tables` rule reads it back."""
from __future__ import annotations

CELL_SEP = "\t"
CELL_BREAK = "\x1f"      # not a line end: splitting the text into lines keeps the row whole
_CLEAN = str.maketrans({"\t": " ", "\r": ""})


def row_line(cells) -> str:
    """Cells (str or None) → one line of text."""
    out = []
    for c in cells:
        text = "" if c is None else str(c)
        lines = [part.translate(_CLEAN).strip()
                 for part in text.replace("\r\n", "\n").replace(CELL_BREAK, "\n").split("\n")]
        out.append(CELL_BREAK.join(p for p in lines if p))
    return CELL_SEP.join(out).rstrip(CELL_SEP) if any(out) else ""
