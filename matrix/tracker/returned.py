"""A workbook a bureau sent back → whose it is and what it reports, task by task.

Read by the task keys (the hidden 任务编号 column) and the headings, never by file name
or row position: bureaus rename the file, sort and filter the rows, widen columns and
add rows. Excel, WPS and LibreOffice all save it; WPS may write a wrong sheet size, so
the rows are read as they are, not as the file says. An .xls is converted first.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import openpyxl

from ..errors import MatrixError
from ..fileio import file_sha256
from ..i18n import _
from .. import words


@dataclass(frozen=True)
class Reported:
    key: str
    state: str
    progress: str
    note: str
    row: int                  # where it is in the file, for messages
    text: str = ""            # 任务内容 as the file has it: the office's words, locked


@dataclass
class Returned:
    path: Path
    sha256: str
    agency: str
    rows: list[Reported] = field(default_factory=list)


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"     # an .xls (or .et), whatever it is named
ZIP = b"PK\x03\x04"


def _open(path: Path):
    if path.suffix.lower() not in (".xls", ".et", ".xlsx", ".xlsm"):
        raise MatrixError(_("not a workbook (.xlsx or .xls)"), str(path))
    data = path.read_bytes()
    # By what the file is, not by its name: a bureau renames an .xls to .xlsx, and
    # Excel and WPS open it all the same.
    if data.startswith(OLE):
        from ..sources.office import convert
        data = convert(path, "xlsx", ".xls")
    elif not data.startswith(ZIP):
        raise MatrixError(_("cannot be read as a workbook"), str(path))
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError):
        # A zip that starts right and breaks off: cut short in the mail, most likely.
        raise MatrixError(_("the workbook is incomplete or damaged: ask the agency to send "
                            "it again"), str(path)) from None


def read_returned(path: Path) -> Returned:
    """The reports in one returned workbook. Raises MatrixError naming the file when it
    is not a task list of ours at all."""
    path = Path(path)
    wb = _open(path)
    try:
        for ws in wb.worksheets:
            if not hasattr(ws, "reset_dimensions"):
                continue                        # a chart sheet
            ws.reset_dimensions()               # WPS may say A1:A1 for a full sheet
            rows = ws.iter_rows(values_only=True)
            header: Optional[dict[str, int]] = None
            first = ""
            out: list[Reported] = []
            for n, values in enumerate(rows, 1):
                cells = [_text(v) for v in values]
                if n == 1:
                    first = cells[0] if cells else ""
                if header is None:
                    if words.AGENCY_KEY_COLUMN in cells and "状态" in cells:
                        header = {h: i for i, h in enumerate(cells) if h}
                    continue
                key = cells[header[words.AGENCY_KEY_COLUMN]] \
                    if header[words.AGENCY_KEY_COLUMN] < len(cells) else ""
                if not key:
                    continue                    # a row the bureau added, or a blank one

                def cell(name: str) -> str:
                    i = header.get(name)
                    return cells[i] if i is not None and i < len(cells) else ""
                out.append(Reported(key=key, state=cell("状态"), progress=cell("进展情况"),
                                    note=cell("备注"), row=n, text=cell("任务内容")))
            if header is None:
                continue
            agency = _text(wb.properties.subject) if wb.properties else ""
            if not agency and first.endswith("任务清单"):
                agency = first[:-len("任务清单")]
            if not agency:
                raise MatrixError(_("a task list, but whose is not said in it (its title "
                                    "and properties were changed)"), str(path))
            return Returned(path=path, sha256=file_sha256(path), agency=agency, rows=out)
    finally:
        wb.close()
    raise MatrixError(_("not a task list matrix made (no 任务编号 column)"), str(path))
